// Copies whole sessions from one trace database to another through the same checks as the public API,
// so a file made elsewhere cannot bring in rows the store would not have accepted itself.
import type { TraceDb } from './trace-db.ts';
import { readSessionRecord, readStepPage } from './trace-queries.ts';
import type { SessionInput, SessionRecord, StepInput, StepRecord } from './types.ts';
import { sessionEndRow, sessionRow, stepRow } from './validate.ts';

const PAGE = 512;

function sessionInput(record: SessionRecord): SessionInput {
  return {
    source: record.source,
    policyName: record.policyName,
    envOptions: record.envOptions,
    seed: record.seed,
    episode: record.episode,
    worldSeed: record.worldSeed,
    crafterVersion: record.crafterVersion,
    texturePack: record.texturePack,
    policy: record.policy,
    appVersion: record.appVersion,
    startedAt: record.startedAt,
    metadata: record.metadata,
  };
}

function stepInput(record: StepRecord): StepInput {
  return {
    stepIndex: record.stepIndex,
    actions: record.actions,
    reward: record.reward,
    done: record.done,
    inventory: record.inventory,
    achievements: record.achievements,
    position: record.position,
    frame: record.frame ? { sha256: record.frame.sha256, png: record.frame.png } : null,
    observationText: record.observationText,
    reactionMs: record.reactionMs,
    achievementsUnlocked: record.achievementsUnlocked,
    completedAt: record.completedAt,
    metadata: record.metadata,
    modelCall: record.modelCall,
    messages: record.messages,
  };
}

/** Copies one session, all its steps and its end; the target must not have it. */
export function copySession(from: TraceDb, to: TraceDb, sessionId: string): void {
  const session = readSessionRecord(from, sessionId);
  const now = new Date().toISOString();
  to.insertSession(sessionRow(sessionInput(session), session.id, now));
  let after = -1;
  for (;;) {
    const page = readStepPage(from, sessionId, after, PAGE, true);
    for (const step of page) to.insertStep(stepRow(sessionId, stepInput(step), now));
    if (page.length < PAGE) break;
    after = page[page.length - 1].stepIndex;
  }
  if (session.endedAt !== null) {
    to.endSession(sessionEndRow(sessionId, { endedAt: session.endedAt, endReason: session.endReason, endDetail: session.endDetail, details: session.endDetails }, now));
  }
}
