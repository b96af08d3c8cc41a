// A zip of members stored as they are (no compression), whose sizes and CRC-32s are known up front: the archive is
// a list of parts (headers as bytes, members as given, Blobs included), so it is built without reading the members.
// Zip64 records are written when the archive passes 4 GiB or 65,535 members.
import { zip64End } from './zip.ts';

export interface StoredMember<T> {
  name: string;
  size: number;
  crc32: number;
  /** The member's bytes, fetched when the parts are read. */
  data: () => Promise<T>;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
// 2000-01-01 00:00 in MS-DOS time, so an archive of the same members is the same bytes.
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const encoder = new TextEncoder();

function zip64Extra(fields: bigint[]): Uint8Array {
  const out = new Uint8Array(4 + fields.length * 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, 1, true);
  view.setUint16(2, fields.length * 8, true);
  fields.forEach((value, i) => view.setBigUint64(4 + i * 8, value, true));
  return out;
}

function localHeader(name: Uint8Array, member: StoredMember<unknown>): Uint8Array {
  const big = member.size >= MAX32;
  const extra = big ? zip64Extra([BigInt(member.size), BigInt(member.size)]) : new Uint8Array(0);
  const out = new Uint8Array(30 + name.length + extra.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, LOCAL, true);
  view.setUint16(4, big ? 45 : 20, true);
  view.setUint16(6, 0x0800, true); // names are UTF-8
  view.setUint16(8, 0, true); // stored
  view.setUint16(10, DOS_TIME, true);
  view.setUint16(12, DOS_DATE, true);
  view.setUint32(14, member.crc32 >>> 0, true);
  view.setUint32(18, big ? MAX32 : member.size, true);
  view.setUint32(22, big ? MAX32 : member.size, true);
  view.setUint16(26, name.length, true);
  view.setUint16(28, extra.length, true);
  out.set(name, 30);
  out.set(extra, 30 + name.length);
  return out;
}

function centralHeader(name: Uint8Array, member: StoredMember<unknown>, offset: number): Uint8Array {
  const fields: bigint[] = [];
  if (member.size >= MAX32) fields.push(BigInt(member.size), BigInt(member.size));
  if (offset >= MAX32) fields.push(BigInt(offset));
  const extra = fields.length ? zip64Extra(fields) : new Uint8Array(0);
  const out = new Uint8Array(46 + name.length + extra.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, CENTRAL, true);
  view.setUint16(4, fields.length ? 45 : 20, true);
  view.setUint16(6, fields.length ? 45 : 20, true);
  view.setUint16(8, 0x0800, true);
  view.setUint16(10, 0, true);
  view.setUint16(12, DOS_TIME, true);
  view.setUint16(14, DOS_DATE, true);
  view.setUint32(16, member.crc32 >>> 0, true);
  view.setUint32(20, member.size >= MAX32 ? MAX32 : member.size, true);
  view.setUint32(24, member.size >= MAX32 ? MAX32 : member.size, true);
  view.setUint16(28, name.length, true);
  view.setUint16(30, extra.length, true);
  view.setUint32(42, offset >= MAX32 ? MAX32 : offset, true);
  out.set(name, 46);
  out.set(extra, 46 + name.length);
  return out;
}

function endRecords(entries: number, directoryBytes: number, directoryOffset: number): Uint8Array {
  const needs64 = entries >= MAX16 || directoryBytes >= MAX32 || directoryOffset >= MAX32;
  const out = new Uint8Array((needs64 ? 56 + 20 : 0) + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  if (needs64) {
    out.set(zip64End(entries, directoryBytes, directoryOffset));
    at = 76;
  }
  view.setUint32(at, END, true);
  view.setUint16(at + 8, Math.min(entries, MAX16), true);
  view.setUint16(at + 10, Math.min(entries, MAX16), true);
  view.setUint32(at + 12, Math.min(directoryBytes, MAX32), true);
  view.setUint32(at + 16, Math.min(directoryOffset, MAX32), true);
  return out;
}

/** The archive's total size and its parts, in order; members' data is fetched one at a time as the parts are read. */
export function storedZip<T>(members: StoredMember<T>[]): { bytes: number; parts: () => AsyncGenerator<Uint8Array | T> } {
  const names = members.map((m) => encoder.encode(m.name));
  const locals = members.map((m, i) => localHeader(names[i], m));
  const offsets: number[] = [];
  let offset = 0;
  members.forEach((m, i) => {
    offsets.push(offset);
    offset += locals[i].length + m.size;
  });
  const centrals = members.map((m, i) => centralHeader(names[i], m, offsets[i]));
  const directoryBytes = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = endRecords(members.length, directoryBytes, offset);
  return {
    bytes: offset + directoryBytes + end.length,
    async *parts() {
      for (let i = 0; i < members.length; i++) {
        yield locals[i];
        yield await members[i].data();
      }
      yield* centrals;
      yield end;
    },
  };
}
