// Reading a model's short answer leniently: the first term it names from a vocabulary, a number, an axis-separated
// offset. Every reader takes a canonical answer back to itself, so the oracle's answers score as given.
import { describeOffset } from '../../sim/text.ts';

/** Canonical answer -> the words that mean it (the canonical form is always one of them). */
export type Vocabulary = Readonly<Record<string, readonly string[]>>;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Saying one does not know is no answer: "no idea" must not read as "no" (or as none, or as 0).
const UNSURE = /\b(no idea|no clue|not sure|unsure|(?:i )?(?:don't|do not|can't|cannot) (?:know|tell))\b/g;

/** Lower case, underscores and hyphens as spaces, runs of space collapsed, "I don't know" and the like left out. */
export function plain(reply: string): string {
  return reply.toLowerCase().replace(/[_\-]+/g, ' ').replace(/[’']/g, "'").replace(UNSURE, ' ').replace(/\s+/g, ' ').trim();
}

/** Every mention of a vocabulary term with its position; at one position the longest term wins. Plurals count. */
export function mentions(reply: string, vocabulary: Vocabulary): Array<{ at: number; answer: string }> {
  const text = plain(reply);
  const found: Array<{ at: number; length: number; answer: string }> = [];
  for (const [answer, words] of Object.entries(vocabulary)) {
    for (const word of [answer, ...words]) {
      for (const match of text.matchAll(new RegExp(`\\b${escape(plain(word))}(?:s|es)?\\b`, 'g'))) {
        found.push({ at: match.index, length: match[0].length, answer });
      }
    }
  }
  found.sort((a, b) => a.at - b.at || b.length - a.length);
  // A shorter term inside a longer one ("plant" in "ripe plant") is not a mention of its own.
  const kept: typeof found = [];
  for (const m of found) {
    const last = kept[kept.length - 1];
    if (!last || m.at >= last.at + last.length) kept.push(m);
  }
  return kept.map(({ at, answer }) => ({ at, answer }));
}

/** The first term named, or null when none is. */
export function firstMention(reply: string, vocabulary: Vocabulary): string | null {
  return mentions(reply, vocabulary)[0]?.answer ?? null;
}

export const YES_NO: Vocabulary = { yes: ['true', 'yeah', 'yep'], no: ['false', 'nope'] };

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const NONE = /\b(none|no|nothing|nowhere|not (?:visible|in view|any)|cannot see|can't see|isn't any|aren't any)\b/;

/** The reply says there is none (no such thing in view, nothing to do). */
export function saysNone(reply: string): boolean {
  return NONE.test(plain(reply));
}

/** The first whole number given in digits or as a word (zero to twelve); "none" or "no ..." as 0. */
export function readCount(reply: string): string | null {
  const text = plain(reply);
  const match = new RegExp(`\\b(\\d+|${NUMBER_WORDS.join('|')})\\b`).exec(text);
  if (match) return String(/^\d+$/.test(match[1]) ? Number(match[1]) : NUMBER_WORDS.indexOf(match[1]));
  return saysNone(text) ? '0' : null;
}

const AXES: Record<string, [number, number]> = {
  north: [0, -1], up: [0, -1], south: [0, 1], down: [0, 1], east: [1, 0], right: [1, 0], west: [-1, 0], left: [-1, 0],
};
const STEP = new RegExp(`\\b(\\d+|a|an|${NUMBER_WORDS.slice(1).join('|')}) (?:(?:steps?|cells?|tiles?|squares?|blocks?|spaces?) )?(?:to the )?(?:(?:north|south|east|west|up|down|left|right) ?)?\\b`, 'g');

/** The canonical answer "none", or an offset phrased as the language text phrases it. */
export function offsetAnswer(offset: readonly [number, number] | null): string {
  return offset ? describeOffset(offset[0], offset[1]) : 'none';
}

/**
 * An offset given in steps along the axes ("2 steps north and 1 step west", "1 left, 3 up"), as the canonical phrase;
 * "none" when the reply says the thing is not in view; null when it says neither.
 */
export function readOffset(reply: string): string | null {
  const text = plain(reply).replace(/[,;]/g, ' ').replace(/\s+/g, ' ');
  let dx = 0;
  let dy = 0;
  let any = false;
  for (const match of text.matchAll(STEP)) {
    const direction = /(north|south|east|west|up|down|left|right) ?$/.exec(match[0])?.[1];
    if (!direction) continue;
    const word = match[1];
    const steps = /^\d+$/.test(word) ? Number(word) : word === 'a' || word === 'an' ? 1 : NUMBER_WORDS.indexOf(word);
    dx += AXES[direction][0] * steps;
    dy += AXES[direction][1] * steps;
    any = true;
  }
  if (any) return dx || dy ? describeOffset(dx, dy) : null;
  return saysNone(text) ? 'none' : null;
}
