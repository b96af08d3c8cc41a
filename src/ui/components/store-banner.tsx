// What every tab must see about the trace store: that it keeps steps in memory only, or that storage refuses to
// write (recording is held until sessions are deleted), for as long as it lasts.
import type { StoreStatus } from '../../storage/types.ts';
import { plural } from '../format.ts';

interface Props {
  store: StoreStatus | null;
  onSessions: () => void;
  onRetry: () => void;
}

export function StoreBanner({ store, onSessions, onRetry }: Props) {
  if (!store) return null;
  return (
    <>
      {store.persistence === 'memory' && (
        <p class="warning" role="status" data-testid="memory-only">
          <strong>Memory only:</strong> steps recorded in this tab are not saved: they are kept in its memory and lost when it closes.
          {' '}Download the sessions from Sessions to keep them.
          {store.memoryReason && <span class="reason"> Why: {store.memoryReason}</span>}
        </p>
      )}
      {store.blocked && (
        <div class="warning blocked" role="alert" data-testid="storage-blocked">
          <p>
            <strong>Recording is held:</strong> {store.blocked.message}
            {store.pendingSteps > 0 && ` ${plural(store.pendingSteps, 'step')} wait in memory, in order.`}
          </p>
          <button type="button" onClick={onSessions}>Go to Sessions</button>{' '}
          <button type="button" onClick={onRetry}>Try again</button>
        </div>
      )}
    </>
  );
}
