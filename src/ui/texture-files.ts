// Gathering a texture pack's PNGs from files, a folder or a URL, by Crafter's texture names.
import { TEXTURE_NAMES } from '../sim/textures/names.ts';

/** PNG files by texture name (file stem); other files are ignored. */
export async function filesByTextureName(files: Iterable<File>): Promise<Record<string, Uint8Array>> {
  const wanted = new Set<string>(TEXTURE_NAMES);
  const out: Record<string, Uint8Array> = {};
  for (const file of files) {
    const stem = file.name.replace(/\.png$/i, '');
    if (stem !== file.name && wanted.has(stem)) out[stem] = new Uint8Array(await file.arrayBuffer());
  }
  return out;
}

/** Fetches `<base>/<name>.png` for every texture name; throws listing what could not be fetched. */
export async function fetchPack(base: string): Promise<Record<string, Uint8Array>> {
  const root = base.endsWith('/') ? base : `${base}/`;
  const out: Record<string, Uint8Array> = {};
  const failed: string[] = [];
  await Promise.all(
    TEXTURE_NAMES.map(async (name) => {
      try {
        const response = await fetch(new URL(`${name}.png`, new URL(root, location.href)));
        if (!response.ok) throw new Error(String(response.status));
        out[name] = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        failed.push(`${name}.png (${(error as Error).message})`);
      }
    }),
  );
  if (failed.length) throw new Error(`could not fetch ${failed.length} of ${TEXTURE_NAMES.length} textures from ${root}: ${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}`);
  return out;
}

function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  // readEntries gives a directory's entries a batch at a time, then an empty batch.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function entryFiles(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  if (!entry.isDirectory) return [];
  const children = await readAll(entry as FileSystemDirectoryEntry);
  return (await Promise.all(children.map(entryFiles))).flat();
}

/** The files dropped: loose files, and every file inside dropped folders (at any depth). */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].flatMap((item) => (item.kind === 'file' ? [item.webkitGetAsEntry?.() ?? null] : []));
  if (entries.length && entries.every((e) => e !== null)) return (await Promise.all(entries.map((e) => entryFiles(e!)))).flat();
  return [...data.files];
}
