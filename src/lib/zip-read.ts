// Reads a zip's central directory (zip64 included) from a random-access reader, without reading the members.
import { inflateSync } from 'fflate';

export interface RangeReader {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ZipMember {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** Where the member's (compressed) data starts. */
  dataOffset: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Values of a zip64 extra field that replace the 0xFFFFFFFF fields, in their order. */
function zip64Values(extra: Uint8Array, wanted: number): bigint[] {
  const v = view(extra);
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = v.getUint16(at, true);
    const length = v.getUint16(at + 2, true);
    if (id === 1) {
      const values: bigint[] = [];
      for (let i = 0; i < wanted && (i + 1) * 8 <= length; i++) values.push(v.getBigUint64(at + 4 + i * 8, true));
      return values;
    }
    at += 4 + length;
  }
  return [];
}

export async function readZipDirectory(reader: RangeReader): Promise<ZipMember[]> {
  const tailLength = Math.min(reader.size, 22 + 0xffff);
  const tail = await reader.read(reader.size - tailLength, tailLength);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail[at] === 0x50 && tail[at + 1] === 0x4b && tail[at + 2] === 0x05 && tail[at + 3] === 0x06) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipFormatError('no end of central directory record (the zip is truncated or not a zip)');
  const e = view(tail.subarray(end));
  let entries = e.getUint16(10, true);
  let directoryBytes = e.getUint32(12, true);
  let directoryOffset = e.getUint32(16, true);
  if (entries === 0xffff || directoryBytes === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = reader.size - tailLength + end - 20;
    const locator = view(await reader.read(locatorAt, 20));
    if (locator.getUint32(0, true) !== 0x07064b50) throw new ZipFormatError('the zip64 end locator is missing');
    const record = view(await reader.read(Number(locator.getBigUint64(8, true)), 56));
    if (record.getUint32(0, true) !== 0x06064b50) throw new ZipFormatError('the zip64 end record is missing');
    entries = Number(record.getBigUint64(32, true));
    directoryBytes = Number(record.getBigUint64(40, true));
    directoryOffset = Number(record.getBigUint64(48, true));
  }
  if (directoryOffset + directoryBytes > reader.size) throw new ZipFormatError('the central directory runs past the end (the zip is truncated)');
  const directory = await reader.read(directoryOffset, directoryBytes);
  const d = view(directory);
  const members: ZipMember[] = [];
  const decoder = new TextDecoder();
  for (let at = 0, i = 0; i < entries; i++) {
    if (at + 46 > directory.length || d.getUint32(at, true) !== 0x02014b50) throw new ZipFormatError(`central directory entry ${i + 1} is damaged`);
    const nameLength = d.getUint16(at + 28, true);
    const extraLength = d.getUint16(at + 30, true);
    const commentLength = d.getUint16(at + 32, true);
    const name = decoder.decode(directory.subarray(at + 46, at + 46 + nameLength));
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    let size = d.getUint32(at + 24, true);
    let compressedSize = d.getUint32(at + 20, true);
    let localOffset = d.getUint32(at + 42, true);
    const big = [size, compressedSize, localOffset].filter((v) => v === 0xffffffff).length;
    if (big) {
      const values = zip64Values(extra, big);
      let k = 0;
      if (size === 0xffffffff) size = Number(values[k++]);
      if (compressedSize === 0xffffffff) compressedSize = Number(values[k++]);
      if (localOffset === 0xffffffff) localOffset = Number(values[k++]);
    }
    const local = view(await reader.read(localOffset, 30));
    if (local.getUint32(0, true) !== 0x04034b50) throw new ZipFormatError(`the local header of ${name} is damaged`);
    const dataOffset = localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    if (dataOffset + compressedSize > reader.size) throw new ZipFormatError(`${name} runs past the end of the zip (truncated)`);
    members.push({ name, method: d.getUint16(at + 10, true), compressedSize, size, crc32: d.getUint32(at + 16, true), dataOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

/** A member's bytes; deflated members are inflated (into memory). */
export async function readZipMember(reader: RangeReader, member: ZipMember): Promise<Uint8Array> {
  const data = await reader.read(member.dataOffset, member.compressedSize);
  if (member.method === 0) return data;
  if (member.method === 8) return inflateSync(data, { out: new Uint8Array(member.size) });
  throw new ZipFormatError(`${member.name} uses compression method ${member.method}, which this reader does not know`);
}
