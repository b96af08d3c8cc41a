// An error as one sentence, with whatever else it carries (SQLite's report, say) folded away beneath it.
import { errorText } from '../format.ts';

interface Props {
  error: unknown;
  /** Words before the error's own sentence, e.g. "Could not import store.db:". */
  prefix?: string;
  testId?: string;
}

export function ErrorMessage({ error, prefix, testId }: Props) {
  const { summary, details } = errorText(error);
  return (
    <div class="error" role="alert" data-testid={testId}>
      <p>{prefix ? `${prefix} ${summary}` : summary}</p>
      {details && (
        <details>
          <summary>Details</summary>
          <pre class="error-details">{details}</pre>
        </details>
      )}
    </div>
  );
}
