// Dropping duplicate rows while streaming: a 106-bit hash of each row's training content, kept in a set.
import type { DatasetRow } from './rows.ts';

/** cyrb53-style 53-bit hash of a string's UTF-16 code units. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Two independently seeded hashes: about 106 bits, so 100,000 distinct rows collide with odds below 1e-20. */
export function contentKey(text: string): string {
  return `${hash53(text, 1).toString(36)}:${hash53(text, 2).toString(36)}`;
}

/** The row's training content: prompt, tools and answer; not a tool call's id, which live calls make up. */
export function rowContent(row: DatasetRow): string {
  const answer = row.target.kind === 'tool_call' ? { name: row.target.name, arguments: row.target.arguments } : row.target;
  return JSON.stringify([row.messages, row.tools, answer]);
}

export class DuplicateFilter {
  private readonly seen = new Set<string>();

  /** True the first time a row's content is seen. */
  admit(row: DatasetRow): boolean {
    const key = contentKey(rowContent(row));
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
