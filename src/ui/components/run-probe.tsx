// "Test connection": sends one tiny request with the form's fields and says whether the endpoint answers, knows the
// model, takes images and takes tools.
import { useState } from 'preact/hooks';
import type { ProbeCheck, ProbeReport } from '../../agent/model-probe.ts';

interface Props {
  onProbe: () => Promise<ProbeReport>;
}

const CHECKS: Array<[keyof Pick<ProbeReport, 'answers' | 'knowsModel' | 'images' | 'tools'>, string]> = [
  ['answers', 'answers'],
  ['knowsModel', 'knows the model'],
  ['images', 'takes images'],
  ['tools', 'takes tools'],
];

const mark = (check: ProbeCheck) => (check.ok === true ? '✓' : check.ok === false ? '✗' : '?');
const word = (check: ProbeCheck) => (check.ok === true ? 'yes' : check.ok === false ? 'no' : 'not known');

export function RunProbe({ onProbe }: Props) {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const test = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await onProbe());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="run-probe">
      <button type="button" onClick={() => void test()} disabled={busy}>{busy ? 'Testing…' : 'Test connection'}</button>
      {error && <p class="error" role="alert" data-testid="probe-error">{error}</p>}
      {report && (
        <ul data-testid="probe-report" aria-label="connection test">
          {CHECKS.map(([key, label]) => (
            <li key={key} data-check={key} data-ok={String(report[key].ok)} class={`probe-${word(report[key]).replace(' ', '-')}`}>
              {mark(report[key])} {label}: {word(report[key])}{report[key].detail ? ` — ${report[key].detail}` : ''}
            </li>
          ))}
          <li data-check="tokenLimit">token limit sent as {report.tokenLimitParam} ({report.requests} {report.requests === 1 ? 'request' : 'requests'})</li>
        </ul>
      )}
    </div>
  );
}
