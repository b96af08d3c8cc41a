// The JSON Crafter's Python tools write (json.dumps defaults: ", " and ": " separators, floats as repr), for the
// two files read beside the published results: stats.jsonl lines and scores/*.json runs.
import { pythonFloatText, pythonRound1 } from '../../lib/python-float.ts';
import type { EpisodeStats } from './recorder-npz.ts';

/** A value json.dumps would print: an int, a float (printed with its ".0"), a string, a list or a dict of them. */
export type PythonValue = { int: number } | { float: number } | string | readonly PythonValue[] | PythonDict;
export interface PythonDict {
  readonly [key: string]: PythonValue;
}

const isList = (value: PythonValue): value is readonly PythonValue[] => Array.isArray(value);

export function pythonJson(value: PythonValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (isList(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if ('int' in value && typeof value.int === 'number') return String(value.int);
  if ('float' in value && typeof value.float === 'number') return pythonFloatText(value.float);
  return `{${Object.entries(value as PythonDict).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

/** The line Crafter's StatsRecorder appends to stats.jsonl when the episode ends (reward rounded to 0.1). */
export function statsLine(stats: EpisodeStats, achievementNames: readonly string[]): string {
  const fields: Record<string, PythonValue> = { length: { int: stats.length }, reward: { float: pythonRound1(stats.reward) } };
  achievementNames.forEach((name, i) => (fields[`achievement_${name}`] = { int: stats.achievements[i] }));
  return pythonJson(fields);
}
