// Node-only: reads a folder of Crafter-style texture PNGs (such as the original crafter/assets)
// into a TexturePack, without copying anything into the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fail } from './args.ts';
import { TEXTURE_NAMES } from '../../src/sim/textures/names.ts';
import { packFromPngFiles, TexturePackError, type PackOptions, type TexturePack } from '../../src/sim/textures/pack.ts';

/** Loads the 56 textures from dir; the pack name defaults to the folder name. */
export async function loadPackFromDir(dir: string, name?: string, options: PackOptions = {}): Promise<TexturePack> {
  const folder = resolve(dir);
  const packName = name ?? basename(folder);
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    throw new TexturePackError(packName, [`cannot read folder ${folder}: ${(error as Error).message}`]);
  }
  checkComplete(packName, folder, entries);
  const files: Record<string, Uint8Array> = {};
  await Promise.all(
    TEXTURE_NAMES.map(async (textureName) => {
      files[textureName] = asBytes(await readFile(join(folder, `${textureName}.png`)));
    }),
  );
  return packFromPngFiles(packName, files, options);
}

/** Synchronous twin of loadPackFromDir, for benchmarks and scripts that cannot await. */
export function loadPackFromDirSync(dir: string, name?: string, options: PackOptions = {}): TexturePack {
  const folder = resolve(dir);
  const packName = name ?? basename(folder);
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch (error) {
    throw new TexturePackError(packName, [`cannot read folder ${folder}: ${(error as Error).message}`]);
  }
  checkComplete(packName, folder, entries);
  const files: Record<string, Uint8Array> = {};
  for (const textureName of TEXTURE_NAMES) files[textureName] = asBytes(readFileSync(join(folder, `${textureName}.png`)));
  return packFromPngFiles(packName, files, options);
}

/** The pack of a texture folder named by `--assets`; a folder that cannot be used ends the tool with one line. */
export function packFromArg(dir: string): TexturePack {
  if (!existsSync(dir)) fail(`--assets ${dir}: no such folder`);
  try {
    return loadPackFromDirSync(dir, 'crafter-original');
  } catch (error) {
    return fail(`--assets ${dir}: ${(error as Error).message}`);
  }
}

function checkComplete(packName: string, folder: string, entries: readonly string[]): void {
  const present = new Set(entries.filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)));
  const missing = TEXTURE_NAMES.filter((n) => !present.has(n));
  if (missing.length > 0) {
    throw new TexturePackError(packName, [`folder ${folder} lacks ${missing.length} of ${TEXTURE_NAMES.length} textures: ${missing.map((n) => `${n}.png`).join(', ')}`]);
  }
}

function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
