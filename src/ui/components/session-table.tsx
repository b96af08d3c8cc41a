// One page of sessions: sortable columns, a checkbox per row (and for the page), and each row's own actions.
import { continuedFrom } from '../../agent/continued-episode.ts';
import { formatFrameSize } from '../../agent/frame-size.ts';
import type { SessionRecord, SessionSort } from '../../storage/types.ts';
import { count, endWords, formatBytes } from '../format.ts';

interface Props {
  sessions: SessionRecord[];
  sort: SessionSort;
  selected: ReadonlyMap<string, SessionRecord>;
  onSort: (key: SessionSort['key']) => void;
  onSelect: (sessions: SessionRecord[], on: boolean) => void;
  onReplay: (session: SessionRecord) => void;
  onDownload: (sessions: SessionRecord[]) => void;
  onDelete: (sessions: SessionRecord[]) => void;
}

const COLUMNS: { label: string; key?: SessionSort['key'] }[] = [
  { label: 'Source' },
  { label: 'Seed', key: 'seed' },
  { label: 'Episode' },
  { label: 'Steps', key: 'length' },
  { label: 'Reward', key: 'totalReward' },
  { label: 'Achievements', key: 'achievements' },
  { label: 'Frame' },
  { label: 'End' },
  { label: 'Size', key: 'bytes' },
  { label: 'Started', key: 'startedAt' },
];

const selectable = (s: SessionRecord) => s.state !== 'recording';

function source(s: SessionRecord): string {
  const who = s.policy?.model ?? s.policyName;
  return who ? `${s.source} (${who})` : s.source;
}

function end(s: SessionRecord): string {
  const from = continuedFrom(s.metadata);
  return `${endWords(s)}${from ? `; continues from step ${from.stepIndex}` : ''}`;
}

export function SessionTable({ sessions, sort, selected, onSort, onSelect, onReplay, onDownload, onDelete }: Props) {
  const choosable = sessions.filter(selectable);
  const allOnPage = choosable.length > 0 && choosable.every((s) => selected.has(s.id));
  return (
    <table data-testid="sessions-table" class="sessions-table">
      <thead>
        <tr>
          <th>
            <input type="checkbox" aria-label="select the sessions on this page" checked={allOnPage} disabled={!choosable.length} onChange={(e) => onSelect(choosable, (e.target as HTMLInputElement).checked)} />
          </th>
          {COLUMNS.map(({ label, key }) => {
            const sorted = key && sort.key === key;
            return (
              <th key={label} aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                {key ? (
                  <button type="button" class="sort" onClick={() => onSort(key)}>
                    {label}{sorted ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : label}
              </th>
            );
          })}
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session={s.id} class={s.state}>
            <td>
              <input type="checkbox" aria-label={`select session ${s.id}`} checked={selected.has(s.id)} disabled={!selectable(s)} onChange={(e) => onSelect([s], (e.target as HTMLInputElement).checked)} />
            </td>
            <td>{source(s)}</td>
            <td>{s.seed}</td>
            <td>{s.episode}</td>
            <td data-testid="session-length">{count(s.length)}</td>
            <td>{s.totalReward.toFixed(1)}</td>
            <td>{s.achievements.length}</td>
            <td>{s.envOptions?.size ? formatFrameSize(s.envOptions.size) : '64'}</td>
            <td data-testid="session-end" title={s.endDetail ?? undefined}>
              {end(s)}
              {s.damaged && <span class="error" title={s.damaged}> · damaged</span>}
            </td>
            <td>{formatBytes(s.bytes)}</td>
            <td>{new Date(s.startedAt).toLocaleString()}</td>
            <td class="row-actions">
              <button type="button" onClick={() => onReplay(s)} disabled={!!s.damaged}>Replay</button>
              <button type="button" onClick={() => onDownload([s])} disabled={!!s.damaged}>Download</button>
              <button type="button" onClick={() => onDelete([s])} disabled={!selectable(s)} title={selectable(s) ? undefined : 'being recorded: stop it first'}>Delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
