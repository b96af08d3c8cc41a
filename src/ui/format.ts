// Words and numbers as the page shows them: counts, sizes, results of imports and downloads, errors in one sentence.
import { END_REASONS, type ImportResult, type SessionRecord } from '../storage/types.ts';

const numberFormat = new Intl.NumberFormat('en-US');

/** 1234 -> "1,234". */
export function count(n: number): string {
  return numberFormat.format(n);
}

/** "1 step", "1,234 steps". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/** 251248640 -> "251 MB": decimal units, three significant digits at most. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return plural(bytes, 'byte');
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${units[unit]}`;
}

export function importSummary(result: ImportResult): string {
  return `Imported ${plural(result.imported.length, 'session')} (${plural(result.steps, 'step')}), skipped ${count(result.skipped.length)}${result.skipped.length ? ' already in the store' : ''}.`;
}

/** How a session ended (or that it has not), in the one set of words the page uses everywhere. */
export function endWords(session: Pick<SessionRecord, 'state' | 'endReason'>): string {
  if (session.endReason) return END_REASONS[session.endReason];
  return session.state === 'interrupted' ? END_REASONS.interrupted : 'recording';
}

export interface ErrorText {
  /** One sentence. */
  summary: string;
  /** The rest (an engine's own report, say), for a fold; null when there is none. */
  details: string | null;
}

const SUMMARY_MAX = 240;

/** Splits an error into one sentence to show and the details to fold away (the error's own, and whatever follows the first sentence). */
export function errorText(error: unknown): ErrorText {
  const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error) ? String((error as Error).message) : String(error);
  const own = typeof (error as { details?: unknown })?.details === 'string' ? ((error as { details: string }).details) : null;
  const end = message.search(/[.!?](\s|$)/);
  let summary = end >= 0 ? message.slice(0, end + 1) : message;
  let rest = message.slice(summary.length).trim();
  if (summary.length > SUMMARY_MAX) {
    const cut = summary.lastIndexOf(' ', SUMMARY_MAX);
    rest = `${summary.slice(cut > 0 ? cut : SUMMARY_MAX).trim()} ${rest}`.trim();
    summary = `${summary.slice(0, cut > 0 ? cut : SUMMARY_MAX)}…`;
  }
  if (!/[.!?…]$/.test(summary)) summary += '.';
  const details = [rest, own].filter((part): part is string => !!part).join('\n\n');
  return { summary, details: details || null };
}
