// The .npy/.npz codec (numpy's own bytes where python3-numpy is at hand), and bad Recorder files: each gets a clear
// error before any record exists.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { importRecorderEpisode } from '../../src/agent/recordings/import-episode.ts';
import { RecordingError } from '../../src/agent/recordings/recorder-file.ts';
import { encodeNpy, npyHeader, parseNpy, toNumbers, type NpyArray } from '../../src/lib/npy.ts';
import { bytesSink, readNpz, writeNpz, type NpzColumn } from '../../src/lib/npz.ts';
import { ZipWriter } from '../../src/lib/zip.ts';
import { fixtureBytes, HAS_NUMPY, HAS_RECORDINGS, PYTHON, recordingEntries } from './recordings-shared.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('.npy and .npz', () => {
  const arrays = {
    u1: { data: Uint8Array.of(0, 7, 255, 3, 4, 5), shape: [2, 3] },
    i8: { data: BigInt64Array.of(-5n, 0n, 9007199254740991n), shape: [3] },
    f8: { data: Float64Array.of(0.1, -2.5, 1e300), shape: [3] },
    i4: { data: Int32Array.of(-1, 2, 3, 4), shape: [2, 2] },
    f4: { data: Float32Array.of(1.5), shape: [] },
  };

  it('round-trips every dtype, shape included', () => {
    for (const { data, shape } of Object.values(arrays)) {
      const parsed = parseNpy(encodeNpy(data, shape));
      expect(parsed.shape).toEqual(shape);
      expect([...parsed.data]).toEqual([...data]);
    }
    const bools = parseNpy(encodeNpy(Uint8Array.of(1, 0, 1), [3], true));
    expect(bools).toMatchObject({ descr: '|b1', kind: 'b', shape: [3] });
  });

  it.skipIf(!HAS_NUMPY)('writes the bytes numpy.save writes, and reads what it writes (skipped without python3-numpy)', () => {
    const script = `
import io, sys, numpy as np
for a in [np.array([[0, 7, 255], [3, 4, 5]], np.uint8), np.array([-5, 0, 9007199254740991], np.int64),
          np.array([0.1, -2.5, 1e300]), np.array([[-1, 2], [3, 4]], np.int32), np.float32(1.5), np.array([True, False, True]),
          np.array([1, 2, 3], '>i2')]:
    b = io.BytesIO(); np.save(b, a); print(b.getvalue().hex())`;
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const saved = run.stdout.trim().split('\n').map((line) => new Uint8Array(Buffer.from(line, 'hex')));
    const ours = [...Object.values(arrays).map(({ data, shape }) => encodeNpy(data, shape)), encodeNpy(Uint8Array.of(1, 0, 1), [3], true)];
    ours.forEach((bytes, i) => expect(hex(bytes)).toBe(hex(saved[i])));
    expect([...parseNpy(saved[6]).data]).toEqual([1, 2, 3]);
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => parseNpy(new Uint8Array(20), 'x.npy')).toThrow(/x.npy: not a .npy array/);
    const header = npyHeader('<i8', [4]);
    const short = new Uint8Array(header.length + 3 * 8);
    short.set(header);
    expect(() => parseNpy(short, 'a.npy')).toThrow(/a.npy: the array is truncated: shape \(4\) of <i8 needs 32 bytes, the file holds 24/);
    const object = encodeNpy(Uint8Array.of(1), [1]);
    object.set(new TextEncoder().encode("{'descr': '|O1'"), 10);
    expect(() => parseNpy(object)).toThrow(/dtype "\|O1" is not supported/);
    expect(() => toNumbers({ ...parseNpy(encodeNpy(BigInt64Array.of(2n ** 60n), [1])) } as NpyArray)).toThrow(/too large/);
  });

  it('writes an .npz whose members read back in order', async () => {
    const columns: NpzColumn[] = [
      { key: 'b', data: arrays.u1.data, shape: arrays.u1.shape },
      { key: 'a', descr: '<f8', shape: [3], chunks: (async function* () { yield new Uint8Array(arrays.f8.data.buffer); })() },
    ];
    const read = readNpz(await writeNpz(columns, bytesSink()));
    expect([...read.keys()]).toEqual(['b', 'a']);
    expect([...read.get('a')!.data]).toEqual([...arrays.f8.data]);
  });
});

/** The fixture with its columns edited, written back as an .npz; `raw` members are written as given. */
async function edited(file: string, edit: (arrays: Map<string, NpyArray>) => void, raw: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
  const arrays = readNpz(fixtureBytes(file));
  edit(arrays);
  const zip = new ZipWriter(bytesSink());
  for (const [key, a] of arrays) zip.add(`${key}.npy`, encodeNpy(a.data, a.shape, a.kind === 'b'), true);
  for (const [name, bytes] of Object.entries(raw)) zip.add(name, bytes, true);
  return zip.close();
}

describe.skipIf(!HAS_RECORDINGS)('bad Recorder files (skipped without ../shared/crafter-recordings)', () => {
  const file = HAS_RECORDINGS ? recordingEntries()[0].file : '';
  const load = (bytes: Uint8Array) => importRecorderEpisode(bytes, { fileName: 'bad.npz', textStyle: 'state', appVersion: 'test' });
  const refused = (bytes: Uint8Array, message: RegExp) => {
    expect(() => load(bytes)).toThrow(RecordingError);
    expect(() => load(bytes)).toThrow(message);
  };

  it('refuses a file that is not a zip, or a truncated one', () => {
    refused(new TextEncoder().encode('{"length": 3}\n'.repeat(4)), /bad.npz is not a zip archive/);
    const bytes = fixtureBytes(file);
    refused(bytes.subarray(0, bytes.length >> 1), /bad.npz is not a readable zip archive \(truncated or damaged\?\)/);
  });

  it('refuses missing columns, naming them', async () => {
    refused(await edited(file, (a) => a.delete('player_pos')), /the column "player_pos" is missing/);
    refused(await edited(file, (a) => { a.delete('ainventory_wood'); a.delete('ainventory_coal'); }), /2 inventory columns are missing: ainventory_wood, ainventory_coal/);
    refused(await edited(file, (a) => a.delete('achievement_wake_up')), /1 achievement column is missing: achievement_wake_up/);
  });

  it('refuses wrong shapes and dtypes', async () => {
    refused(await edited(file, (a) => {
      const image = a.get('image')!;
      a.set('image', { ...image, shape: [image.shape[0], 64 * 64 * 3] });
    }), /the column "image" has shape \(135, 12288\); expected \(any, any, any, 3\)/);
    refused(await edited(file, (a) => {
      const reward = a.get('reward')!;
      a.set('reward', { ...reward, shape: [reward.shape[0] - 1], data: reward.data.subarray(1) as Float64Array });
    }), /the column "reward" has shape \(134\); expected \(135\)/);
    refused(await edited(file, (a) => a.set('action', { ...a.get('reward')! })), /the column "action" has dtype <f8; expected integer or unsigned integer/);
  });

  it('refuses a truncated array and values no Recorder writes', async () => {
    const rows = 135;
    const header = npyHeader('<i8', [rows]);
    const truncated = new Uint8Array(header.length + (rows - 5) * 8);
    truncated.set(header);
    refused(await edited(file, (a) => a.delete('action'), { 'action.npy': truncated }), /action.npy: the array is truncated/);
    refused(await edited(file, (a) => { (a.get('action')!.data as BigInt64Array)[3] = 17n; }), /step 3: action 17 is not one of Crafter's 17 actions/);
    refused(await edited(file, (a) => { (a.get('done')!.data as Uint8Array)[10] = 1; }), /step 10: done is set before the last row/);
    refused(await edited(file, (a) => { (a.get('discount')!.data as Float64Array)[7] = 0; }), /step 7: the discount is 0 but the health \(9\) says 1/);
  });

  it('refuses bad options', () => {
    expect(() => importRecorderEpisode(fixtureBytes(file), { fileName: 'f.npz', seed: 1.5, textStyle: 'state', appVersion: 't' })).toThrow(/seed must be an integer/);
  });
});
