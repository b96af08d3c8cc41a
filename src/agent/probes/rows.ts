// A probe set as visual question-answer training rows: the same request messages as an evaluation (the frame as an
// image part, the question) and the exact answer as the assistant's text, with metadata in the names the dataset
// layer's RowMetadata uses where they mean the same thing.
import type { TextStyle } from '../../sim/text.ts';
import type { ChatMessage, ImageMode } from '../prompt.ts';
import { probeMessages } from './prompt.ts';
import type { ProbeSet } from './set.ts';

export interface ProbeRowMetadata {
  /** The recorded session the frame came from, or its fresh world ("world:<seed>:<episode>"): split rows by this. */
  session: string;
  step: number;
  source: 'session' | 'scripted' | 'random';
  model: null;
  seed: number;
  episode: number;
  has_image: boolean;
  user_has_image: boolean;
  assistant_has_image: false;
  image_count: number;
  probe_set: string;
  probe: string;
  family: string;
  params: Record<string, string>;
  answer: string;
  /** Every answer that is right (ties of the nearest thing). */
  accepted: string[];
  frame_sha256: string;
}

export interface ProbeRow {
  /** System and user messages, images as PNG data URLs. */
  messages: ChatMessage[];
  /** The assistant's target, as text. */
  answer: string;
  metadata: ProbeRowMetadata;
}

/** One row per probe, in the set's order. */
export function* probeRows(set: ProbeSet, options: { mode?: ImageMode; textStyle?: TextStyle } = {}): Generator<ProbeRow, void, undefined> {
  const mode = options.mode ?? 'image';
  const textStyle = options.textStyle ?? 'language';
  const frames = new Map(set.frames.map((f) => [f.id, f]));
  for (const probe of set.probes) {
    const frame = frames.get(probe.frame)!;
    const images = mode === 'text' ? 0 : 1;
    yield {
      messages: probeMessages(probe, frame, mode, textStyle),
      answer: probe.answer,
      metadata: {
        session: frame.origin.kind === 'session' ? frame.origin.session : `world:${frame.seed}:${frame.episode}`,
        step: frame.step,
        source: frame.origin.kind === 'session' ? 'session' : frame.origin.policy,
        model: null,
        seed: frame.seed,
        episode: frame.episode,
        has_image: images > 0,
        user_has_image: images > 0,
        assistant_has_image: false,
        image_count: images,
        probe_set: set.id,
        probe: probe.id,
        family: probe.family,
        params: { ...probe.params },
        answer: probe.answer,
        accepted: [...probe.accepted],
        frame_sha256: frame.sha256,
      },
    };
  }
}
