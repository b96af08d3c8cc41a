// The app's version as package.json states it, recorded in every session so a dataset says what made it.
import manifest from '../../package.json';

export const APP_VERSION: string = manifest.version;
