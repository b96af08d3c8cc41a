// Where a session's rows come from: its source and, for a model session, the model. Every part of the export
// reads them here, so a change in how sessions record their origin is a change of this one function.
import type { SessionRecord, SessionSource } from '../storage/index.ts';

export interface SessionOrigin {
  source: SessionSource;
  /** The model that played, for model sessions only. */
  model: string | null;
  /** Which policy played within the source: the built-in agent's kind, the model's name; null for a person. */
  policy: string | null;
}

export function sessionOrigin(session: SessionRecord): SessionOrigin {
  return {
    source: session.source,
    model: session.source === 'model' ? session.policy?.model ?? null : null,
    policy: session.policyName,
  };
}
