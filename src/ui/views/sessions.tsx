// The sessions in the trace store, a page at a time: filter, sort, select many to download or delete; download the
// whole store; import a trace file (merge, or replace after a confirmation that never touches a session being recorded).
import { useEffect, useState } from 'preact/hooks';
import type { SessionRecord, SessionSort, StoreStatus } from '../../storage/types.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { Pager } from '../components/pager.tsx';
import { SessionFilters } from '../components/session-filters.tsx';
import { SessionTable } from '../components/session-table.tsx';
import { CrafterFiles } from '../components/crafter-files.tsx';
import { downloadBlob } from '../download.ts';
import { count, errorText, formatBytes, importSummary, plural } from '../format.ts';
import { DEFAULT_SORT, EMPTY_QUERY, PAGE_SIZES, sessionFilter, toggleSort, type SessionQuery } from '../session-query.ts';
import type { WorkerApi } from '../worker-client.ts';

interface Props {
  api: WorkerApi;
  store: StoreStatus | null;
  /** Hidden while a replay shows (kept, so paging and filters stay). */
  hidden: boolean;
  onReplay: (sessionId: string) => void;
}

type Confirm = { kind: 'delete'; sessions: SessionRecord[] } | { kind: 'replace'; file: File; replaced: number; recording: number };

const PERSISTENCE_WORDS: Record<StoreStatus['persistence'], string> = {
  indexeddb: 'saved in this browser',
  files: 'saved in files',
  memory: 'in memory only, not saved',
  'read-only': 'read from a file',
};

const totals = (sessions: Iterable<SessionRecord>) => {
  let steps = 0;
  let bytes = 0;
  let n = 0;
  for (const s of sessions) {
    steps += s.length;
    bytes += s.bytes;
    n++;
  }
  return `${plural(n, 'session')} (${plural(steps, 'step')}, ${formatBytes(bytes)})`;
};

export function SessionsView({ api, store, hidden, onReplay }: Props) {
  const [query, setQueryState] = useState<SessionQuery>(EMPTY_QUERY);
  const [sort, setSort] = useState<SessionSort>(DEFAULT_SORT);
  const [offset, setOffset] = useState(0);
  const [pageSize, setPageSize] = useState<number>(50);
  const [page, setPage] = useState<SessionRecord[] | null>(null);
  const [total, setTotal] = useState(0);
  const [models, setModels] = useState<string[]>([]);
  const [selected, setSelected] = useState<Map<string, SessionRecord>>(new Map());
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ prefix: string; error: unknown } | null>(null);

  const refresh = async () => {
    try {
      const filter = sessionFilter(query);
      const [n, rows, names] = await Promise.all([api.countSessions(filter), api.listSessions({ ...filter, sort, limit: pageSize, offset }), api.sessionModels()]);
      // A delete or a filter can leave this page past the end: show the last page there is.
      if (offset > 0 && offset >= n) {
        setOffset(Math.max(0, Math.floor((n - 1) / pageSize) * pageSize));
        return;
      }
      setTotal(n);
      setPage(rows);
      setModels(names);
    } catch (e) {
      setFailure({ prefix: 'The sessions could not be listed:', error: e });
    }
  };
  useEffect(() => void refresh(), [query, sort, offset, pageSize, store?.sessions]);

  const setQuery = (next: SessionQuery) => {
    setQueryState(next);
    setOffset(0);
  };

  const attempt = async (what: string, prefix: string, operation: () => Promise<void>) => {
    setBusy(what);
    setMessage(null);
    setFailure(null);
    try {
      await operation();
    } catch (e) {
      setFailure({ prefix, error: e });
    } finally {
      setBusy(null);
    }
  };

  const select = (sessions: SessionRecord[], on: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      for (const s of sessions) {
        if (on) next.set(s.id, s);
        else next.delete(s.id);
      }
      return next;
    });
  };

  const selectAllMatching = () =>
    attempt('Selecting…', 'The sessions could not be selected:', async () => {
      const all = await api.listSessions(sessionFilter(query));
      select(all.filter((s) => s.state !== 'recording'), true);
    });

  const remove = (sessions: SessionRecord[]) =>
    attempt('Deleting…', 'Nothing was deleted:', async () => {
      setConfirm(null);
      await api.deleteSessions(sessions.map((s) => s.id));
      select(sessions, false);
      setMessage(`Deleted ${totals(sessions)}.`);
      await refresh();
    });

  const download = (sessions?: SessionRecord[]) =>
    attempt('Preparing the download…', 'The download could not be made:', async () => {
      const file = await api.exportStore(sessions?.map((s) => s.id));
      downloadBlob(file.blob, file.name);
      const leftOut = file.leftOut.length ? ` Left out ${plural(file.leftOut.length, 'damaged session')}: ${file.leftOut.map((l) => l.reason).join('; ')}.` : '';
      setMessage(`Downloaded ${plural(file.sessions, 'session')} (${formatBytes(file.bytes)}) as ${file.name}.${leftOut}`);
    });

  const importFile = (file: File, how: 'merge' | 'replace') =>
    attempt(`Importing ${file.name}…`, `Could not import ${file.name}:`, async () => {
      setConfirm(null);
      const result = await api.importStore(file, how);
      setMessage(`${importSummary(result)}${how === 'replace' ? ' The store now holds these and any session being recorded.' : ''}`);
      setSelected(new Map());
      await refresh();
    });

  const chooseImport = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (mode === 'merge') {
      void importFile(file, 'merge');
      return;
    }
    const [all, recording] = await Promise.all([api.countSessions(), api.countSessions({ ended: false })]);
    setConfirm({ kind: 'replace', file, replaced: all - recording, recording });
  };

  const chosen = [...selected.values()];
  const pageFullySelected = !!page?.length && page.filter((s) => s.state !== 'recording').every((s) => selected.has(s.id));
  return (
    <section class="sessions" aria-label="sessions" hidden={hidden}>
      <p class="hint" data-testid="store-summary">
        {store ? `${plural(store.sessions, 'session')}, ${formatBytes(store.bytes)}, ${PERSISTENCE_WORDS[store.persistence]}.` : ''}
        {store?.lastError && <span title={store.lastError}> The store noted a problem in the background (recording is unaffected): {errorText(store.lastError).summary}</span>}
      </p>
      <div class="toolbar">
        <button type="button" onClick={() => void download()} disabled={!!busy}>Download store (.db)</button>
        <fieldset>
          <legend>Import a trace file (.db, or a .zip of them)</legend>
          <label><input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> merge: add its sessions</label>
          <label><input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> replace: its sessions instead of these</label>
          <label>File <input type="file" accept=".db,.sqlite,.zip,application/vnd.sqlite3,application/zip" onChange={(e) => void chooseImport(e)} data-testid="import-file" disabled={!!busy} /></label>
        </fieldset>
        <button type="button" onClick={() => void refresh()}>Refresh</button>
      </div>
      <CrafterFiles api={api} onImported={() => void refresh()} />
      <SessionFilters query={query} models={models} onQuery={setQuery} />
      {confirm && (
        <div class="dialog" role="alertdialog" aria-label="confirm" data-testid="confirm">
          {confirm.kind === 'delete' ? (
            <p>Delete {totals(confirm.sessions)}? This cannot be undone: download them first to keep them.</p>
          ) : (
            <p>
              Replace the {plural(confirm.replaced, 'session')} in this store with those of {confirm.file.name}? They are deleted (download the store first to keep
              a copy).{confirm.recording ? ` The ${plural(confirm.recording, 'session')} being recorded now ${confirm.recording === 1 ? 'is' : 'are'} kept and ${confirm.recording === 1 ? 'goes' : 'go'} on recording.` : ''}
            </p>
          )}
          <button type="button" class="danger" onClick={() => void (confirm.kind === 'delete' ? remove(confirm.sessions) : importFile(confirm.file, 'replace'))}>
            {confirm.kind === 'delete' ? 'Delete' : 'Replace'}
          </button>{' '}
          <button type="button" onClick={() => setConfirm(null)}>Cancel</button>
        </div>
      )}
      {busy && <p role="status">{busy}</p>}
      {message && <p class="message" role="status" data-testid="sessions-message">{message}</p>}
      {failure && <ErrorMessage prefix={failure.prefix} error={failure.error} testId="sessions-error" />}
      {selected.size > 0 && (
        <div class="selection-bar" data-testid="selection">
          <span>{totals(chosen)} selected</span>
          <button type="button" onClick={() => void download(chosen)} disabled={!!busy}>Download selected</button>
          <button type="button" onClick={() => setConfirm({ kind: 'delete', sessions: chosen })} disabled={!!busy}>Delete selected</button>
          <button type="button" onClick={() => setSelected(new Map())}>Clear selection</button>
        </div>
      )}
      {pageFullySelected && total > selected.size && (
        <p>
          <button type="button" class="link" onClick={() => void selectAllMatching()}>Select all {count(total)} matching sessions</button>
        </p>
      )}
      {page === null ? (
        <p>Loading…</p>
      ) : total === 0 && query === EMPTY_QUERY ? (
        <p>No sessions yet: play, or run an agent.</p>
      ) : (
        <>
          <Pager total={total} offset={offset} pageSize={pageSize} pageSizes={PAGE_SIZES} noun="sessions" onPage={(o, size) => { setOffset(o); setPageSize(size); }} />
          {page.length > 0 && (
            <SessionTable
              sessions={page}
              sort={sort}
              selected={selected}
              onSort={(key) => setSort((s) => toggleSort(s, key))}
              onSelect={select}
              onReplay={(s) => onReplay(s.id)}
              onDownload={(s) => void download(s)}
              onDelete={(s) => setConfirm({ kind: 'delete', sessions: s })}
            />
          )}
        </>
      )}
    </section>
  );
}
