// Errors thrown to the page keep their code and details (a StorageError's long SQLite report) beside the message:
// comlink alone sends only name, message and stack. The page side needs nothing: comlink copies every field back.
import { transferHandlers, type TransferHandler } from 'comlink';

type Thrown = { value: unknown };
type Serialized = { isError: boolean; value: Record<string, unknown> };

export function keepErrorDetails(): void {
  const base = transferHandlers.get('throw') as TransferHandler<Thrown, Serialized>;
  transferHandlers.set('throw', {
    canHandle: base.canHandle,
    serialize(thrown: Thrown): [Serialized, Transferable[]] {
      const [serialized, transfer] = base.serialize(thrown);
      const error = thrown.value as { code?: unknown; details?: unknown };
      if (serialized.isError) {
        if (typeof error.code === 'string') serialized.value.code = error.code;
        if (typeof error.details === 'string') serialized.value.details = error.details;
      }
      return [serialized, transfer];
    },
    deserialize: base.deserialize,
  } as TransferHandler<unknown, unknown>);
}
