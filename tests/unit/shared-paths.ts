// Where the shared reference material lives: ../shared beside the project (absent on some machines).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = fileURLToPath(new URL('../../../shared/crafter-golden', import.meta.url));
/** Golden sets recorded with other Env options (area, view, size, length, reward), one folder each. */
export const GOLDEN_OPTIONS_DIR = fileURLToPath(new URL('../../../shared/crafter-golden-options', import.meta.url));
export const ASSETS_DIR = fileURLToPath(new URL('../../../shared/crafter-assets', import.meta.url));
export const HAS_GOLDEN = existsSync(GOLDEN_DIR);
export const HAS_ASSETS = existsSync(ASSETS_DIR);
export const HAS_GOLDEN_OPTIONS = existsSync(GOLDEN_OPTIONS_DIR);

if (!HAS_GOLDEN) console.warn(`skipping golden parity: ${GOLDEN_DIR} is absent`);
if (!HAS_GOLDEN_OPTIONS) console.warn(`skipping golden parity with other Env options: ${GOLDEN_OPTIONS_DIR} is absent`);
if (!HAS_ASSETS) console.warn(`skipping original-texture checks: ${ASSETS_DIR} is absent`);
