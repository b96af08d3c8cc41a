// A finished export before it is downloaded: its figures, a few rows with their images, the problems the checks
// found (with file and row), and one download per file.
import { useEffect, useState } from 'preact/hooks';
import { DESTINATIONS, formatProblem, type ExportResult, type Problem, type SampleRow, type WrittenFile } from '../../dataset/index.ts';

const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB'];
function size(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${SIZE_UNITS[unit]}`;
}

/** A download link for a Blob the worker built; its object URL lives as long as the link is shown. */
export function DownloadLink({ file, disabled }: { file: WrittenFile; disabled: boolean }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.blob) return undefined;
    const made = URL.createObjectURL(file.blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file.blob]);
  if (!url || disabled) return <button type="button" disabled>Download {file.name} ({size(file.bytes)})</button>;
  return <a class="download" role="button" href={url} download={file.name} data-testid={`download-${file.name}`}>Download {file.name} ({size(file.bytes)})</a>;
}

function Counts({ title, counts, testId }: { title: string; counts: Record<string, number>; testId: string }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return (
    <table data-testid={testId}>
      <thead><tr><th>{title}</th><th>Rows</th></tr></thead>
      <tbody>
        {entries.length === 0 ? <tr><td colSpan={2}>none</td></tr> : entries.map(([name, n]) => <tr key={name}><td>{name}</td><td>{n}</td></tr>)}
      </tbody>
    </table>
  );
}

function SampleView({ sample, index }: { sample: SampleRow; index: number }) {
  const user = sample.row.messages.find((m) => m.role === 'user');
  const parts = typeof user?.content === 'string' ? [{ type: 'text' as const, text: user.content }] : (user?.content ?? []);
  const meta = sample.metadata;
  return (
    <figure class="export-sample" data-testid="export-sample">
      <figcaption>
        Row {index + 1}: {meta.source}{meta.model ? ` (${meta.model})` : ''}, seed {meta.seed}, step {meta.step} → <strong>{meta.actions.join(', ')}</strong>
        {' '}(reward {meta.reward}, return to go {meta.return_to_go})
      </figcaption>
      <div class="run-live">
        {parts.map((part, i) => (part.type === 'image_url'
          ? <img key={i} src={part.image_url.url} alt={`image ${i + 1} of row ${index + 1}`} width={128} style={{ imageRendering: 'pixelated' }} />
          : <pre key={i} style={{ maxWidth: '28rem', maxHeight: '8rem', overflow: 'auto', margin: 0 }}>{part.text}</pre>))}
      </div>
    </figure>
  );
}

/** Whether a problem is in this file (or in a member of this archive). */
export const inFile = (problem: Problem, file: WrittenFile) => problem.file === file.name || problem.file.startsWith(`${file.name}/`);

export function ExportPreview({ result }: { result: ExportResult }) {
  const [anyway, setAnyway] = useState(false);
  const { stats, validation } = result;
  const rows = stats.rows.train + stats.rows.validation;
  const dropped = Object.entries(stats.dropped).filter(([, n]) => (n ?? 0) > 0).map(([reason, n]) => `${reason.replaceAll('_', ' ')} ${n}`).join(', ');
  // Only a file whose rows break the destination's rules waits for "download anyway"; warnings never hold one back.
  const blocked = (file: WrittenFile) => !anyway && validation.problems.some((problem) => inFile(problem, file));
  return (
    <section aria-label="export preview" data-testid="export-preview">
      <h2>Preview</h2>
      <dl class="step-details" data-testid="export-figures">
        <dt>Rows</dt><dd data-testid="export-rows">{rows} ({stats.rows.train} train, {stats.rows.validation} validation)</dd>
        <dt>Sessions</dt><dd>{stats.sessions.train} train, {stats.sessions.validation} validation, {stats.sessions.withRows} with rows; {stats.sessions.listed} listed{Object.keys(stats.sessions.excluded).length ? ` (left out: ${Object.entries(stats.sessions.excluded).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}</dd>
        <dt>Images</dt><dd data-testid="export-images">{stats.images} in rows{stats.imageFiles ? `, ${stats.imageFiles} distinct files` : ''}</dd>
        <dt>Estimated tokens</dt><dd>about {stats.estimatedTokens.toLocaleString()} ({rows ? Math.round(stats.estimatedTokens / rows) : 0} a row)</dd>
        <dt>Rows left out</dt><dd>{dropped || 'none'}</dd>
        <dt>Files</dt><dd>{size(stats.bytes)}, built in {result.elapsedMs < 1000 ? `${result.elapsedMs} ms` : `${(result.elapsedMs / 1000).toFixed(1)} s`}</dd>
      </dl>
      {result.options.validationRatio > 0 && stats.rows.validation === 0 && (
        <p class="warning">No row went to validation: the validation sessions gave no rows (filtered out, or duplicates of training rows).</p>
      )}
      <div class="charts">
        <Counts title="Source" counts={stats.sources} testId="export-sources" />
        <Counts title="Model" counts={stats.models} testId="export-models" />
        <Counts title="Achievement unlocked by the row" counts={stats.achievements} testId="export-achievements" />
      </div>
      <h3>Checks</h3>
      {validation.ok ? (
        <p class="state-finished" data-testid="export-valid">Every row passed the checks of {DESTINATIONS[result.options.format].name} ({result.options.actionFormat} answers, {result.options.limitsProfile} limits).</p>
      ) : (
        <div role="alert" data-testid="export-problems">
          <p class="error">{validation.count} problem{validation.count === 1 ? '' : 's'}{validation.count > validation.problems.length ? ` (the first ${validation.problems.length} listed)` : ''}:</p>
          <ul>{validation.problems.map((problem, i) => <li key={i}>{formatProblem(problem)}</li>)}</ul>
          <label><input type="checkbox" checked={anyway} onChange={(e) => setAnyway((e.target as HTMLInputElement).checked)} /> download anyway</label>
        </div>
      )}
      {validation.warnings.length > 0 && (
        <div class="warning" data-testid="export-warnings">
          <p>Warnings (the files can still be downloaded and trained on):</p>
          <ul>{validation.warnings.map((warning, i) => <li key={i}>{formatProblem(warning)}</li>)}</ul>
        </div>
      )}
      <h3>Download</h3>
      <div class="toolbar" data-testid="export-downloads">
        {result.files.map((file) => <DownloadLink key={file.name} file={file} disabled={blocked(file)} />)}
      </div>
      {result.samples.length > 0 && <h3>First rows</h3>}
      {result.samples.map((sample, i) => <SampleView key={i} sample={sample} index={i} />)}
    </section>
  );
}
