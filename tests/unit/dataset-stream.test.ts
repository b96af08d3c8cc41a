// Exports stream: rows leave as steps arrive, with at most the look-ahead window in between, and an archive
// receives its images while the steps are read; nothing waits for the whole session.
import { describe, expect, it } from 'vitest';
import { exportDataset, type FileSink, type OutputTarget, type Spool } from '../../src/dataset/index.ts';
import { BlobTarget } from '../../src/dataset/output.ts';
import { sessionTurns } from '../../src/dataset/step-window.ts';
import { toRgbPng } from '../../src/lib/png-rgb.ts';
import type { SessionRecord, StepRecord, TraceReader } from '../../src/storage/index.ts';
import { deps, solidPng } from './dataset-fixtures.ts';

const STEPS = 3000;
const PNGS = Array.from({ length: 16 }, (_, i) => solidPng(i));

function record(i: number, withFrame: boolean): StepRecord {
  return {
    stepIndex: i, actions: i === 0 ? [] : [i % 2 ? 'do' : 'move_left'], reward: i % 100 === 0 ? 1 : 0, done: false,
    inventory: {}, achievements: {}, position: [32, 32],
    frame: withFrame ? { sha256: String(i % 16).padStart(64, '0'), png: PNGS[i % 16], width: 64, height: 64 } : null,
    observationText: `observation ${i}`, reactionMs: null, achievementsUnlocked: [], completedAt: '2025-01-01T00:00:00.000Z',
    metadata: null, modelCall: null, messages: [],
  };
}

const SESSION: SessionRecord = {
  id: 'long-session', source: 'human', policyName: null, envOptions: null, state: 'ended', seed: 1, episode: 1, worldSeed: 1, crafterVersion: '1.8.3',
  texturePack: { name: 'builtin', sha256: '0'.repeat(64) }, policy: null, appVersion: '0.1.0',
  startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T01:00:00.000Z', endReason: 'died', endDetail: null, endDetails: null, metadata: null, length: STEPS, totalReward: 30, achievements: [], bytes: 0, damaged: null,
  stepCount: STEPS + 1, modelCallCount: 0, messageCount: 0, outcome: { totalReward: 30, achievements: [], length: STEPS },
};

/** A store of one long session whose steps are made as they are read, calling `onStep` with how many were read. */
function lazyReader(onStep: (read: number) => void): TraceReader {
  return {
    listSessions: async (filter) => ((filter?.offset ?? 0) === 0 ? [SESSION] : []),
    readSession: async () => { throw new Error('an export must not read a whole session'); },
    async *iterateSteps(_id, options) {
      for (let i = 0; i <= STEPS; i++) {
        onStep(i + 1);
        yield record(i, options?.frames !== false);
      }
    },
    countSessions: async () => 1,
    status: () => ({ persistence: 'memory', memoryReason: null, sessions: 1, bytes: 0, pendingSteps: 0, sealingSessions: 0, blocked: null, lastError: null }),
    close: async () => undefined,
  };
}

/** A Blob target that also counts, per file, the lines and bytes written so far. */
class CountingTarget implements OutputTarget {
  private readonly inner = new BlobTarget();
  readonly lines = new Map<string, number>();
  readonly bytes = new Map<string, number>();

  private count(name: string, chunk: Uint8Array | string) {
    const text = typeof chunk === 'string' ? chunk : '';
    this.lines.set(name, (this.lines.get(name) ?? 0) + (text.match(/\n/g)?.length ?? 0));
    this.bytes.set(name, (this.bytes.get(name) ?? 0) + (typeof chunk === 'string' ? chunk.length : chunk.length));
  }

  create(name: string, mime: string): FileSink {
    const sink = this.inner.create(name, mime);
    return { write: (chunk) => { this.count(name, chunk); sink.write(chunk); }, close: () => sink.close() };
  }

  spool(name: string): Spool {
    const spool = this.inner.spool(name);
    return { write: (chunk) => { this.count(`spool:${name}`, chunk); spool.write(chunk); }, read: () => spool.read(), discard: () => spool.discard() };
  }

  commit = () => this.inner.commit();
  abort = () => this.inner.abort();
}

describe('streaming', () => {
  it('the step window holds at most k + 2 records however long the session', async () => {
    for (const lookahead of [0, 5, 50]) {
      let pulled = 0;
      let emitted = 0;
      let most = 0;
      const source = async function* () {
        for (let i = 0; i <= STEPS; i++) {
          pulled++;
          yield record(i, false);
        }
      };
      for await (const turn of sessionTurns(source(), { lookBack: 3, lookahead, totalRewardMicro: 30_000_000 })) {
        most = Math.max(most, pulled - emitted);
        emitted++;
        expect(turn.earlier.length).toBeLessThanOrEqual(3);
        expect(turn.following.length).toBeLessThanOrEqual(lookahead);
      }
      expect(emitted).toBe(STEPS);
      expect(most).toBe(lookahead + 2);
    }
  });

  it('JSONL rows are written while the steps are read, never more than k behind', async () => {
    const target = new CountingTarget();
    let most = 0;
    const reader = lazyReader((read) => {
      most = Math.max(most, read - (target.lines.get('train.jsonl') ?? 0));
    });
    const result = await exportDataset({ reader, options: { format: 'openai', validationRatio: 0, lookahead: 7 }, deps, target });
    expect(result.stats.rows.train).toBe(STEPS);
    expect(most).toBeLessThanOrEqual(7 + 2);
    expect(result.validation.ok).toBe(true);
  });

  it('an archive receives its images while the steps are read; only the small row files wait for the end', async () => {
    const target = new CountingTarget();
    let zipBytesWhenLastStepRead = 0;
    const reader = lazyReader((read) => {
      if (read === STEPS + 1) zipBytesWhenLastStepRead = target.bytes.get('crafter-llamafactory.zip') ?? 0;
    });
    const result = await exportDataset({ reader, options: { format: 'llamafactory', validationRatio: 0, prompt: { frameHistory: 1 } }, deps, target });
    expect(result.validation.ok).toBe(true);
    expect(result.stats.imageFiles).toBe(16);
    const images = PNGS.reduce((sum, png) => sum + toRgbPng(png).length, 0);
    expect(zipBytesWhenLastStepRead).toBeGreaterThan(images);
  });

  it('the Hugging Face folder spools its rows as the steps are read, then writes Parquet a row group at a time', async () => {
    const target = new CountingTarget();
    let spooledWhenHalfRead = 0;
    const reader = lazyReader((read) => {
      if (read === STEPS / 2) spooledWhenHalfRead = target.bytes.get('spool:data/train-00000-of-00001.parquet') ?? 0;
    });
    const result = await exportDataset({ reader, options: { format: 'hf', validationRatio: 0 }, deps, target });
    expect(result.validation.ok).toBe(true);
    expect(result.stats.rows.train).toBe(STEPS);
    expect(spooledWhenHalfRead).toBeGreaterThan((STEPS / 2 - 10) * 100);
  });
});
