// Where the shared reference material lives: ../shared beside the project (absent on some machines).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = fileURLToPath(new URL('../../../shared/crafter-golden', import.meta.url));
export const ASSETS_DIR = fileURLToPath(new URL('../../../shared/crafter-assets', import.meta.url));
export const HAS_GOLDEN = existsSync(GOLDEN_DIR);
export const HAS_ASSETS = existsSync(ASSETS_DIR);

if (!HAS_GOLDEN) console.warn(`skipping golden parity: ${GOLDEN_DIR} is absent`);
if (!HAS_ASSETS) console.warn(`skipping original-texture checks: ${ASSETS_DIR} is absent`);
