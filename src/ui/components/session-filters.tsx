// The session list's filters: who played (source, model), when it started, and how it ended.
import { END_REASONS, SESSION_SOURCES, type EndReason } from '../../storage/types.ts';
import { EMPTY_QUERY, type SessionQuery } from '../session-query.ts';

interface Props {
  query: SessionQuery;
  models: string[];
  onQuery: (query: SessionQuery) => void;
}

const SOURCE_WORDS: Record<(typeof SESSION_SOURCES)[number], string> = {
  human: 'a person (Play)',
  model: 'a model',
  builtin: 'a built-in agent',
  import: 'imported',
};

export function SessionFilters({ query, models, onQuery }: Props) {
  const set = (change: Partial<SessionQuery>) => onQuery({ ...query, ...change });
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return (
    <form class="filters" aria-label="session filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Source{' '}
        <select name="source" value={query.source} onChange={(e) => set({ source: value(e) as SessionQuery['source'] })}>
          <option value="">any</option>
          {SESSION_SOURCES.map((s) => <option key={s} value={s}>{SOURCE_WORDS[s]}</option>)}
        </select>
      </label>
      <label>
        Model{' '}
        <select name="model" value={query.model} onChange={(e) => set({ model: value(e) })} disabled={!models.length}>
          <option value="">any</option>
          {models.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      <label>
        Started from <input type="date" name="from" value={query.from} onChange={(e) => set({ from: value(e) })} />
      </label>
      <label>
        to <input type="date" name="to" value={query.to} onChange={(e) => set({ to: value(e) })} />
      </label>
      <label>
        End{' '}
        <select name="end" value={query.end} onChange={(e) => set({ end: value(e) as SessionQuery['end'] })}>
          <option value="">any</option>
          <option value="recording">still recording</option>
          {(Object.keys(END_REASONS) as EndReason[]).map((r) => <option key={r} value={r}>{END_REASONS[r]}</option>)}
        </select>
      </label>
      <button type="button" onClick={() => onQuery(EMPTY_QUERY)}>Clear filters</button>
    </form>
  );
}
