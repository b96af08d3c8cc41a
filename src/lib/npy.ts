// NumPy's .npy format (versions 1 to 3): parse a header and its array, and write one the way numpy.save does.
// Little- and big-endian booleans, integers and floats; structured dtypes and Fortran order are refused.

export type NpyKind = 'b' | 'u' | 'i' | 'f';
export type NpyData =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigUint64Array | BigInt64Array | Float32Array | Float64Array;

export interface NpyArray {
  /** numpy's dtype string as written, e.g. "<i8", "|u1", "|b1". */
  descr: string;
  kind: NpyKind;
  itemSize: number;
  shape: number[];
  /** The elements in C order, in this machine's byte order (booleans as 0 and 1). */
  data: NpyData;
}

export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
// numpy pads each header so the data starts on a multiple of 64 bytes.
const ALIGN = 64;

type TypedArrayClass = { new (buffer: ArrayBuffer): NpyData; new (length: number): NpyData };

const ARRAY_CLASSES: Record<string, TypedArrayClass> = {
  b1: Uint8Array, u1: Uint8Array, i1: Int8Array, u2: Uint16Array, i2: Int16Array, u4: Uint32Array, i4: Int32Array,
  u8: BigUint64Array, i8: BigInt64Array, f4: Float32Array, f8: Float64Array,
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The element count of a shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function parseDescr(descr: string, where: string): { kind: NpyKind; itemSize: number; swap: boolean } {
  const match = /^([<>|=]?)([buif])(\d+)$/.exec(descr);
  const cls = match && ARRAY_CLASSES[`${match[2]}${match[3]}`];
  if (!match || !cls) throw new NpyFormatError(`${where}: dtype ${JSON.stringify(descr)} is not supported (booleans, integers and floats only)`);
  const itemSize = Number(match[3]);
  const bigEndian = match[1] === '>' || (match[1] === '=' && !LITTLE_ENDIAN);
  return { kind: match[2] as NpyKind, itemSize, swap: itemSize > 1 && bigEndian === LITTLE_ENDIAN };
}

/** The fields of the header's Python dict literal: {'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }. */
function parseHeaderDict(text: string, where: string): { descr: string; fortran: boolean; shape: number[] } {
  const field = (name: string, pattern: string) => new RegExp(`['"]${name}['"]\\s*:\\s*${pattern}`).exec(text);
  const descr = field('descr', `(['"])([^'"]*)\\1`);
  const fortran = field('fortran_order', '(True|False)');
  const shape = field('shape', '\\(([^)]*)\\)');
  if (!text.trim().startsWith('{') || !descr || !fortran || !shape) {
    throw new NpyFormatError(`${where}: the .npy header is not a dict with descr, fortran_order and shape: ${JSON.stringify(text.slice(0, 120))}`);
  }
  const dims = shape[1].split(',').map((d) => d.trim()).filter(Boolean);
  if (!dims.every((d) => /^\d+$/.test(d))) throw new NpyFormatError(`${where}: bad shape (${shape[1]})`);
  return { descr: descr[2], fortran: fortran[1] === 'True', shape: dims.map(Number) };
}

/** Parses one .npy file; `where` names it in errors. The data is copied unless it is one byte per element. */
export function parseNpy(bytes: Uint8Array, where = 'array'): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) throw new NpyFormatError(`${where}: not a .npy array (no \\x93NUMPY signature)`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new NpyFormatError(`${where}: .npy format version ${major}.${bytes[7]} is not supported`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new NpyFormatError(`${where}: the .npy header is cut off`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  if (bytes.length < start + headerLength) throw new NpyFormatError(`${where}: the .npy header is cut off`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const { descr, fortran, shape } = parseHeaderDict(header, where);
  const { kind, itemSize, swap } = parseDescr(descr, where);
  const count = elementCount(shape);
  if (count > 1 && fortran && shape.filter((d) => d > 1).length > 1) throw new NpyFormatError(`${where}: Fortran-ordered arrays are not supported`);
  const offset = start + headerLength;
  const needed = count * itemSize;
  if (bytes.length - offset < needed) {
    throw new NpyFormatError(`${where}: the array is truncated: shape (${shape.join(', ')}) of ${descr} needs ${needed} bytes, the file holds ${bytes.length - offset}`);
  }
  const cls = ARRAY_CLASSES[`${kind}${itemSize}`];
  if (itemSize === 1) {
    const raw = bytes.subarray(offset, offset + needed);
    const data = kind === 'i' ? new Int8Array(raw.buffer, raw.byteOffset, raw.length) : raw;
    if (kind === 'b' && data.some((v) => v > 1)) throw new NpyFormatError(`${where}: a boolean array holds a value other than 0 and 1`);
    return { descr, kind, itemSize, shape, data };
  }
  const copy = bytes.slice(offset, offset + needed);
  if (swap) swapBytes(copy, itemSize);
  return { descr, kind, itemSize, shape, data: new cls(copy.buffer) };
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let at = 0; at < bytes.length; at += size) bytes.subarray(at, at + size).reverse();
}

/** numpy's header dict for an array, e.g. {'descr': '<i8', 'fortran_order': False, 'shape': (135,), }. */
function headerText(descr: string, shape: readonly number[]): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
}

/** The bytes numpy.save writes before the data of an array of this dtype and shape (version 1.0, 2.0 past 64 KiB). */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const text = headerText(descr, shape);
  const major = text.length + 1 + 10 > 0xffff ? 2 : 1;
  const prefix = 8 + (major === 1 ? 2 : 4);
  const padded = text.length + 1 + ((ALIGN - ((prefix + text.length + 1) % ALIGN)) % ALIGN);
  const out = new Uint8Array(prefix + padded);
  out.set(MAGIC);
  out[6] = major;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, padded, true);
  else view.setUint32(8, padded, true);
  for (let i = 0; i < padded - 1; i++) out[prefix + i] = i < text.length ? text.charCodeAt(i) : 0x20;
  out[prefix + padded - 1] = 0x0a;
  return out;
}

/** The little-endian descr of a typed array: "<i8", "|u1", ...; pass bool for a boolean array held as bytes. */
function descrOf(data: NpyData, bool = false): string {
  if (bool) return '|b1';
  const kind = data instanceof Float32Array || data instanceof Float64Array ? 'f'
    : data instanceof Int8Array || data instanceof Int16Array || data instanceof Int32Array || data instanceof BigInt64Array ? 'i' : 'u';
  return `${data.BYTES_PER_ELEMENT === 1 ? '|' : '<'}${kind}${data.BYTES_PER_ELEMENT}`;
}

/** The data of an array as little-endian bytes (a view, not a copy, on little-endian machines). */
function npyDataBytes(data: NpyData): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  const copy = bytes.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

/** A whole .npy file: header and data. */
export function encodeNpy(data: NpyData, shape: readonly number[], bool = false): Uint8Array {
  if (elementCount(shape) !== data.length) throw new NpyFormatError(`shape (${shape.join(', ')}) does not hold ${data.length} elements`);
  const header = npyHeader(descrOf(data, bool), shape);
  const body = npyDataBytes(data);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/** The elements as JavaScript numbers; 64-bit integers outside the safe range are refused. */
export function toNumbers(array: NpyArray, where = 'array'): ArrayLike<number> {
  const { data } = array;
  if (!(data instanceof BigInt64Array || data instanceof BigUint64Array)) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new NpyFormatError(`${where}: element ${i} (${value}) is too large for a JavaScript number`);
    }
    out[i] = Number(value);
  }
  return out;
}
