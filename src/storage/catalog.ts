// The session list as the reader asks for it: filtered, sorted and paged from the records in memory.
import { StorageError } from './errors.ts';
import { SESSION_SORT_KEYS, type SessionFilter, type SessionRecord } from './types.ts';

const asList = <T>(value: T | T[] | undefined): T[] | null => (value === undefined ? null : Array.isArray(value) ? value : [value]);

function matches(record: SessionRecord, filter: SessionFilter): boolean {
  const sources = asList(filter.source);
  if (sources && !sources.includes(record.source)) return false;
  if (filter.model !== undefined && record.policy?.model !== filter.model) return false;
  if (filter.policyName !== undefined && record.policyName !== filter.policyName) return false;
  if (filter.seed !== undefined && record.seed !== filter.seed) return false;
  if (filter.ended !== undefined && (record.endedAt !== null) !== filter.ended) return false;
  const reasons = asList(filter.endReason);
  if (reasons && !(record.endReason !== null && reasons.includes(record.endReason))) return false;
  if (filter.startedAfter !== undefined && record.startedAt < filter.startedAfter) return false;
  if (filter.startedBefore !== undefined && record.startedAt >= filter.startedBefore) return false;
  return true;
}

function sortValue(record: SessionRecord, key: (typeof SESSION_SORT_KEYS)[number]): number | string {
  return key === 'achievements' ? record.achievements.length : record[key];
}

/** The records the filter keeps, in its order (newest first by default), paged by its limit and offset. */
export function selectSessions(records: Iterable<SessionRecord>, filter: SessionFilter = {}): SessionRecord[] {
  const limit = filter.limit ?? Number.MAX_SAFE_INTEGER;
  const offset = filter.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) {
    throw new StorageError('invalid_input', 'session filter: limit and offset must be non-negative integers');
  }
  const sort = filter.sort ?? { key: 'startedAt', descending: true };
  if (!SESSION_SORT_KEYS.includes(sort.key)) throw new StorageError('invalid_input', `session filter: cannot sort by ${String(sort.key)}`);
  const kept = [...records].filter((record) => matches(record, filter));
  const sign = sort.descending ? -1 : 1;
  kept.sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x !== y) return (x < y ? -1 : 1) * sign;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return kept.slice(offset, offset + limit);
}

/** How many records the filter keeps, ignoring its limit and offset. */
export function countSessions(records: Iterable<SessionRecord>, filter: SessionFilter = {}): number {
  return selectSessions(records, { ...filter, limit: undefined, offset: undefined }).length;
}
