// NumPy's .npz: a zip of .npy members named "<key>.npy". Read whole with fflate; written as numpy.savez_compressed
// does (deflated members in the given key order), streaming a member's data so a large column is never held twice.
import { unzipSync } from 'fflate';
import { NpyFormatError, elementCount, encodeNpy, npyHeader, parseNpy, type NpyArray, type NpyData } from './npy.ts';
import { ZipWriter, type ZipSink } from './zip.ts';

const ZIP_SIGNATURE = [0x50, 0x4b];

/** The .npy members of an .npz by key (member name without ".npy"), in archive order; `where` names the file in errors. */
export function readNpz(bytes: Uint8Array, where = 'file'): Map<string, NpyArray> {
  if (bytes.length < 22 || !ZIP_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new NpyFormatError(`${where} is not a zip archive, so not an .npz (numpy.savez writes a zip of .npy files)`);
  }
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, { filter: (file) => file.name.endsWith('.npy') });
  } catch (error) {
    throw new NpyFormatError(`${where} is not a readable zip archive (truncated or damaged?): ${(error as Error).message}`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(members)) {
    const key = name.slice(0, -'.npy'.length);
    arrays.set(key, parseNpy(data, `${where}: ${name}`));
  }
  return arrays;
}

/** A column written from chunks of its data as they are produced; `chunks` must yield exactly shape's elements. */
export interface StreamedColumn {
  key: string;
  descr: string;
  shape: readonly number[];
  chunks: AsyncIterable<Uint8Array>;
}

export interface WholeColumn {
  key: string;
  data: NpyData;
  shape: readonly number[];
  bool?: boolean;
}

export type NpzColumn = StreamedColumn | WholeColumn;

/** Writes an .npz into the sink, members in the order given, deflated as numpy.savez_compressed does. */
export async function writeNpz<R>(columns: Iterable<NpzColumn> | AsyncIterable<NpzColumn>, sink: ZipSink<R>): Promise<R> {
  const zip = new ZipWriter(sink);
  for await (const column of columns) {
    const name = `${column.key}.npy`;
    if ('chunks' in column) await zip.addStream(name, checkedStream(column), true);
    else zip.add(name, encodeNpy(column.data, column.shape, column.bool), true);
  }
  return zip.close();
}

async function* checkedStream(column: StreamedColumn): AsyncGenerator<Uint8Array> {
  yield npyHeader(column.descr, column.shape);
  const itemSize = Number(/\d+$/.exec(column.descr)![0]);
  const expected = elementCount(column.shape) * itemSize;
  let written = 0;
  for await (const chunk of column.chunks) {
    written += chunk.length;
    yield chunk;
  }
  if (written !== expected) throw new NpyFormatError(`${column.key}: wrote ${written} bytes for shape (${column.shape.join(', ')}), expected ${expected}`);
}

/** A sink that gathers the archive in memory. */
export function bytesSink(): ZipSink<Uint8Array> {
  const chunks: Uint8Array[] = [];
  return {
    write: (chunk) => void chunks.push(chunk.slice()),
    close: async () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        out.set(chunk, at);
        at += chunk.length;
      }
      return out;
    },
  };
}
