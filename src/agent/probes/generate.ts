// Generating a probe set: candidate frames from the source, then per family a balanced choice of its questions,
// then the chosen frames encoded. The same spec, texture pack and simulator always give the same set.
import { encodeFramePacket } from '../../sim/capture/frame-packet.ts';
import { CRAFTER_VERSION } from '../../sim/rules.ts';
import type { TexturePack } from '../../sim/textures/pack.ts';
import { FrameRenderer } from '../../sim/render/renderer.ts';
import { sha256Hex } from '../../lib/sha256.ts';
import { mulberry32 } from '../builtin/prng.ts';
import { balancedPick, streamSeed } from './balance.ts';
import type { Asked } from './family.ts';
import { selectFamilies } from './families/index.ts';
import { PROBE_SET_FORMAT, parseProbeSpec, type FamilySummary, type Probe, type ProbeFrame, type ProbeSet, type ProbeSpecInput } from './set.ts';
import { collectCandidates, type Candidate, type SessionReader, type SourceProgress } from './sources.ts';

export interface GenerateProgress extends SourceProgress {
  phase: 'playing' | 'choosing' | 'encoding' | 'done';
}

export interface GenerateOptions {
  pack: TexturePack;
  reader?: SessionReader;
  signal?: AbortSignal;
  onProgress?: (progress: GenerateProgress) => void;
}

const tally = (keys: string[]) => {
  const counts: Record<string, number> = {};
  for (const key of [...keys].sort()) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
};

export async function generateProbeSet(input: ProbeSpecInput, options: GenerateOptions): Promise<ProbeSet> {
  const spec = parseProbeSpec(input);
  const families = selectFamilies(spec.families);
  const report = (phase: GenerateProgress['phase'], p: SourceProgress) => options.onProgress?.({ phase, ...p });
  const candidates = await collectCandidates(spec, {
    renderer: new FrameRenderer(options.pack),
    reader: options.reader,
    signal: options.signal,
    onProgress: (p) => report('playing', p),
  });
  report('choosing', { done: 0, total: families.length, candidates: candidates.length });

  const chosen: Array<{ family: string; candidate: Candidate; asked: Asked }> = [];
  const summaries: FamilySummary[] = [];
  for (const family of families) {
    const pool = candidates.flatMap((candidate) => family.ask(candidate.truth).map((asked) => ({ family: family.id, candidate, asked })));
    const picked = balancedPick(pool, (c) => c.asked.balanceKey, spec.perFamily, mulberry32(streamSeed(spec.seed, family.id)));
    chosen.push(...picked);
    summaries.push({
      family: family.id,
      probes: picked.length,
      classes: tally(picked.map((c) => c.asked.balanceKey)),
      offered: tally(pool.map((c) => c.asked.balanceKey)),
    });
  }

  const frameIds = new Map<Candidate, string>();
  for (const { candidate } of chosen) if (!frameIds.has(candidate)) frameIds.set(candidate, `f${frameIds.size}`);
  const frames: ProbeFrame[] = [];
  for (const [candidate, id] of frameIds) {
    options.signal?.throwIfAborted();
    const packet = encodeFramePacket(candidate.rgb, candidate.width, candidate.height);
    frames.push({
      id,
      origin: candidate.origin,
      seed: candidate.seed,
      episode: candidate.episode,
      step: candidate.step,
      truth: candidate.truth,
      image: packet.observation_image_data_url,
      sha256: packet.observation_image_sha256,
      text: candidate.text,
    });
    if (frames.length % 50 === 0) report('encoding', { done: frames.length, total: frameIds.size, candidates: candidates.length });
  }
  const counters = new Map<string, number>();
  const probes: Probe[] = chosen.map(({ family, candidate, asked }) => {
    const n = counters.get(family) ?? 0;
    counters.set(family, n + 1);
    return { id: `${family}/${n}`, family, frame: frameIds.get(candidate)!, ...asked, params: { ...asked.params }, accepted: [...asked.accepted] };
  });
  const body = { spec, crafterVersion: CRAFTER_VERSION, texturePack: { name: options.pack.name, sha256: options.pack.hash }, families: summaries, frames, probes };
  const id = sha256Hex(new TextEncoder().encode(JSON.stringify(body))).slice(0, 16);
  report('done', { done: frames.length, total: frames.length, candidates: candidates.length });
  return { format: PROBE_SET_FORMAT, id, ...body };
}
