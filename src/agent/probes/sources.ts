// Candidate frames for a probe set: fresh seeded worlds played by the built-in agents, or recorded sessions replayed
// from their seed and actions. Each candidate keeps the truth of its state, its pixels and its text in both styles.
import { nextTask } from '../../lib/next-task.ts';
import { CrafterEnv } from '../../sim/env.ts';
import type { FrameRenderer } from '../../sim/render/renderer.ts';
import { actionIndex } from '../../sim/rules.ts';
import { textSummary } from '../../sim/text.ts';
import type { IterateStepsOptions, SessionRecord, StepRecord } from '../../storage/types.ts';
import { createBuiltinPolicy } from '../builtin/policy.ts';
import { mulberry32 } from '../builtin/prng.ts';
import type { FrameOrigin, ProbeSpec } from './set.ts';
import { readTruth, type FrameTruth } from './truth.ts';
import { sessionEnv } from '../session-env.ts';

export interface Candidate {
  origin: FrameOrigin;
  seed: number;
  episode: number;
  step: number;
  truth: FrameTruth;
  /** The frame's RGB pixels, width x height. */
  rgb: Uint8Array;
  width: number;
  height: number;
  text: { language: string; state: string };
}

/** What recorded sessions are read from: the trace store, or a downloaded .db file. */
export interface SessionReader {
  listSessions(filter?: { limit?: number }): Promise<SessionRecord[]>;
  iterateSteps(sessionId: string, options?: IterateStepsOptions): AsyncIterable<StepRecord>;
}

export interface SourceProgress {
  /** Worlds or sessions played through so far, of all. */
  done: number;
  total: number;
  candidates: number;
}

export interface SourceContext {
  renderer: FrameRenderer;
  /** Needed for recorded sessions. */
  reader?: SessionReader;
  signal?: AbortSignal;
  onProgress?: (progress: SourceProgress) => void;
}


/** Seeds of the fresh worlds, drawn from the set's seed. */
export function worldSeeds(seed: number, worlds: number): number[] {
  const random = mulberry32(seed ^ 0x5eed);
  return Array.from({ length: worlds }, () => Math.floor(random() * 2 ** 31));
}

interface Capture {
  /** Chance that a step's frame becomes a candidate. */
  rate: number;
  /** Candidates kept at most: a bound on memory, whatever the size of the source. */
  limit: number;
  random: () => number;
  out: Candidate[];
}

function capturer(env: CrafterEnv, ctx: SourceContext, origin: FrameOrigin, { rate, limit, random, out: into }: Capture) {
  return () => {
    if (random() >= rate || into.length >= limit) return;
    into.push({
      origin,
      seed: env.seed,
      episode: env.episode,
      step: env.step,
      truth: readTruth(env),
      rgb: ctx.renderer.render(env),
      width: env.size[0],
      height: env.size[1],
      text: { language: textSummary(env, 'language'), state: textSummary(env, 'state') },
    });
  };
}

/** The capture rate, lowered for a large source so that about maxCandidates frames are drawn from all of it. */
function captureFor(spec: ProbeSpec, steps: number): Capture {
  return { rate: Math.min(spec.captureRate, spec.maxCandidates / Math.max(1, steps)), limit: spec.maxCandidates, random: mulberry32(spec.seed), out: [] };
}

/** Every candidate frame of the spec's source, in a reproducible order. */
export async function collectCandidates(spec: ProbeSpec, ctx: SourceContext): Promise<Candidate[]> {
  const source = spec.source;
  if (source.kind === 'fresh') {
    const capture = captureFor(spec, source.worlds * (source.steps + 1));
    const seeds = worldSeeds(spec.seed, source.worlds);
    for (const [w, seed] of seeds.entries()) {
      ctx.signal?.throwIfAborted();
      const kind = source.policies[w % source.policies.length];
      const policy = createBuiltinPolicy(kind, seed);
      // Crafter's own episode length, so the state text reads as in rollouts; play stops at `steps`.
      const env = new CrafterEnv({ seed });
      env.wantNoise = true;
      env.reset();
      const take = capturer(env, ctx, { kind: 'fresh', policy: kind }, capture);
      take();
      for (let done = false; !done && env.step < source.steps;) {
        done = env.stepAction(policy.act(env)).done;
        take();
      }
      ctx.onProgress?.({ done: w + 1, total: seeds.length, candidates: capture.out.length });
      // A worker answers other messages (progress, cancel, a run's steps) only between tasks.
      await nextTask();
    }
    return capture.out;
  }
  if (!ctx.reader) throw new Error('recorded sessions need a trace store to read them from');
  const known = new Map((await ctx.reader.listSessions({ limit: 1_000_000 })).map((s) => [s.id, s]));
  const sessions = source.sessions.map((id) => {
    const session = known.get(id);
    if (!session) throw new Error(`no session ${id} in the trace store`);
    return session;
  });
  const capture = captureFor(spec, sessions.reduce((sum, s) => sum + (s.outcome?.length ?? s.stepCount) + 1, 0));
  for (const [i, session] of sessions.entries()) {
    ctx.signal?.throwIfAborted();
    await replaySession(session, ctx, capture);
    ctx.onProgress?.({ done: i + 1, total: sessions.length, candidates: capture.out.length });
    await nextTask();
  }
  return capture.out;
}

async function replaySession(session: SessionRecord, ctx: SourceContext, capture: Capture): Promise<void> {
  const env = sessionEnv(session, { noise: true });
  const take = capturer(env, ctx, { kind: 'session', session: session.id }, capture);
  take();
  for await (const record of ctx.reader!.iterateSteps(session.id, { frames: false })) {
    for (const action of record.actions) {
      env.stepAction(actionIndex(action));
      take();
    }
    if (env.step !== record.stepIndex) {
      throw new Error(`session ${session.id} cannot be replayed: the replay is at step ${env.step}, the record at ${record.stepIndex}`);
    }
  }
}
