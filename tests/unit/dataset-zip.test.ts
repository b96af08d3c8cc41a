// The streamed zip: reproducible bytes, and past 65,535 members the zip64 end record readers need for the real count.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BlobTarget } from '../../src/dataset/output.ts';
import { ZipWriter } from '../../src/lib/zip.ts';

async function build(members: number): Promise<Uint8Array> {
  const zip = new ZipWriter(new BlobTarget().create('test.zip', 'application/zip'));
  for (let i = 0; i < members; i++) zip.add(`images/${i}.png`, `image ${i}\n`, false);
  await zip.addStream('train.jsonl', (async function* () {
    yield new TextEncoder().encode('{"row":1}\n');
    yield new TextEncoder().encode('{"row":2}\n');
  })(), true);
  const file = await zip.close();
  return new Uint8Array(await file.blob!.arrayBuffer());
}

const ZIP64_LOCATOR = [0x50, 0x4b, 0x06, 0x07];
const hasZip64Locator = (bytes: Uint8Array) => ZIP64_LOCATOR.every((byte, i) => bytes[bytes.length - 22 - 20 + i] === byte);

describe('streamed zip', () => {
  it('a small archive: every member back, no zip64 record, the same bytes every time', async () => {
    const bytes = await build(3);
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toEqual(['images/0.png', 'images/1.png', 'images/2.png', 'train.jsonl']);
    expect(new TextDecoder().decode(entries['train.jsonl'])).toBe('{"row":1}\n{"row":2}\n');
    expect(hasZip64Locator(bytes)).toBe(false);
    expect(Buffer.from(await build(3)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('70,001 members: the zip64 end record carries the count the classic one cannot', async () => {
    const bytes = await build(70_000);
    expect(hasZip64Locator(bytes)).toBe(true);
    const view = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 22);
    expect(view.getUint16(10, true)).toBe(0xffff);
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toHaveLength(70_001);
    expect(new TextDecoder().decode(entries['images/69999.png'])).toBe('image 69999\n');
  });

  it('refuses a member added twice', () => {
    const zip = new ZipWriter(new BlobTarget().create('test.zip', 'application/zip'));
    zip.add('a.txt', 'a', true);
    expect(() => zip.add('a.txt', 'b', true)).toThrow('zip: a.txt is already in the archive');
  });
});
