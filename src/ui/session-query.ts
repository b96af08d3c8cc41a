// The Sessions tab's filter, sort and page as the form holds them, and the store's filter they make.
import { END_REASONS, SESSION_SOURCES, type EndReason, type SessionFilter, type SessionSort, type SessionSource } from '../storage/types.ts';

export interface SessionQuery {
  source: '' | SessionSource;
  /** A model's name, exact; empty for any. */
  model: string;
  /** Local dates (yyyy-mm-dd) the session started on or after, and on or before; empty for open ends. */
  from: string;
  to: string;
  /** An end reason, "recording" for sessions not ended, or empty for any. */
  end: '' | EndReason | 'recording';
}

export const EMPTY_QUERY: SessionQuery = { source: '', model: '', from: '', to: '', end: '' };
export const DEFAULT_SORT: SessionSort = { key: 'startedAt', descending: true };
export const PAGE_SIZES = [25, 50, 100, 250] as const;

/** Local midnight of a yyyy-mm-dd date, `days` later, as ISO 8601; throws on anything else. */
function localMidnight(date: string, days = 0): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`"${date}" is not a date (yyyy-mm-dd)`);
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).toISOString();
}

export function sessionFilter(query: SessionQuery): SessionFilter {
  const filter: SessionFilter = {};
  if (query.source && SESSION_SOURCES.includes(query.source)) filter.source = query.source;
  if (query.model) filter.model = query.model;
  if (query.from) filter.startedAfter = localMidnight(query.from);
  if (query.to) filter.startedBefore = localMidnight(query.to, 1);
  if (query.end === 'recording') filter.ended = false;
  else if (query.end && query.end in END_REASONS) filter.endReason = query.end;
  return filter;
}

/** A click on a column's header: sort by it, newest or largest first; a second click turns the order round. */
export function toggleSort(current: SessionSort, key: SessionSort['key']): SessionSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: true };
}
