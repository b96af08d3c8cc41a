// Reading the golden traces of Python Crafter (format: crafter-golden/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export interface GoldenHeader {
  kind: 'header';
  seed: number;
  episode: number;
  world_seed: number;
  simplex_seed: number;
  policy: string;
  area: [number, number];
  view: [number, number];
  size: [number, number];
  length: number | null;
  /** Crafter's `reward` option; absent in older files, where it was true. */
  reward?: boolean;
  actions: string[];
  inventory_keys: string[];
  achievement_keys: string[];
  semantic_ids: Record<string, number>;
}

export interface GoldenState {
  kind: 'reset' | 'step';
  t: number;
  a?: number;
  r?: number;
  done?: boolean;
  discount?: number;
  pos: [number, number];
  facing: [number, number];
  sleeping: boolean;
  inv: Record<string, number>;
  ach: Record<string, number>;
  daylight: number;
  stats: { hunger: number; thirst: number; fatigue: number; recover: number; last_health: number };
  sem: string;
  frame: string;
  rng: string;
  rng_pos: number;
  objs: number[][];
  rng_calls?: string[];
  rng_calls_reset?: number;
}

export interface GoldenEpisode {
  file: string;
  header: GoldenHeader;
  states: GoldenState[];
}

export function goldenFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));
}

export function readGoldenEpisode(file: string): GoldenEpisode {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const records = lines.map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
  });
  const header = records.find((r) => r.kind === 'header');
  if (!header) throw new Error(`${file}: no header record`);
  const states = records.filter((r) => r.kind === 'reset' || r.kind === 'step') as GoldenState[];
  return { file, header, states };
}

/** The golden semantic map: 4096 bytes, byte k is the cell x = k // 64, y = k % 64. */
export function decodeSemantic(encoded: string): Uint8Array {
  return new Uint8Array(inflateSync(Buffer.from(encoded, 'base64')));
}
