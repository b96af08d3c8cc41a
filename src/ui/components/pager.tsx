// Paging through a long list: where this page is in the whole, first / previous / next / last, a page number, a size.
import { count } from '../format.ts';

interface Props {
  total: number;
  offset: number;
  pageSize: number;
  pageSizes: readonly number[];
  /** What the list holds, plural ("sessions"). */
  noun: string;
  onPage: (offset: number, pageSize: number) => void;
}

export function Pager({ total, offset, pageSize, pageSizes, noun, onPage }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.floor(offset / pageSize) + 1;
  const go = (n: number) => onPage((Math.min(pages, Math.max(1, n)) - 1) * pageSize, pageSize);
  return (
    <nav class="pager" aria-label={`pages of ${noun}`}>
      <span data-testid="pager-range">
        {total ? `${noun[0].toUpperCase()}${noun.slice(1)} ${count(offset + 1)}–${count(Math.min(total, offset + pageSize))} of ${count(total)}` : `No ${noun}`}
      </span>
      <button type="button" onClick={() => go(1)} disabled={page <= 1} aria-label="first page">«</button>
      <button type="button" onClick={() => go(page - 1)} disabled={page <= 1} aria-label="previous page">‹</button>
      <label>
        Page{' '}
        <input
          type="number"
          name="page"
          min={1}
          max={pages}
          value={page}
          onChange={(e) => go(Number((e.target as HTMLInputElement).value) || 1)}
        />{' '}
        of {count(pages)}
      </label>
      <button type="button" onClick={() => go(page + 1)} disabled={page >= pages} aria-label="next page">›</button>
      <button type="button" onClick={() => go(pages)} disabled={page >= pages} aria-label="last page">»</button>
      <label>
        Per page{' '}
        <select name="pageSize" value={pageSize} onChange={(e) => onPage(0, Number((e.target as HTMLSelectElement).value))}>
          {pageSizes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
    </nav>
  );
}
