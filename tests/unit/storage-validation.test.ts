import { describe, expect, it } from 'vitest';
import { openTraceStore, type SessionInput, type StepInput, type TraceStore } from '../../src/storage/index.ts';
import { frame, humanStep, modelSessionInput, modelStep, newIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

async function storeWithSession(): Promise<{ store: TraceStore; id: string; indexedDB: IDBFactory }> {
  const indexedDB = newIndexedDB();
  const store = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
  const { id } = await store.createSession(modelSessionInput());
  for (let i = 0; i < 3; i++) await store.appendStep(id, modelStep(i));
  return { store, id, indexedDB };
}

/** What the store holds; a session still recording shows as interrupted to a store opened beside it, so state is left out. */
async function snapshotOf(store: TraceStore) {
  const sessions = (await store.listSessions()).map(({ state: _, ...rest }) => rest);
  const traces = await Promise.all(sessions.map((s) => store.readSession(s.id)));
  return { sessions, traces: traces.map(({ session: { state: _, ...session }, steps }) => ({ session, steps })) };
}

const policy = modelSessionInput().policy!;

const badSessions: [string, SessionInput, RegExp][] = [
  ['an API key in the policy', modelSessionInput({ policy: { ...policy, extra: { api_key: 'x' } } }), /credential/],
  ['an Authorization header in the policy', modelSessionInput({ policy: { ...policy, extra: { headers: { Authorization: 'Bearer abc' } } } }), /credential/],
  ['a key-shaped value in the policy', modelSessionInput({ policy: { ...policy, extra: { note: 'sk-abcdefghijklmnopqrstuvwx' } } }), /API key/],
  ['a URL as endpoint host', modelSessionInput({ policy: { ...policy, endpointHost: 'https://user:pw@api.openai.com/v1' } }), /endpointHost/],
  ['an unknown source', sessionInput({ source: 'robot' as 'human' }), /source/],
  ['a fractional seed', sessionInput({ seed: 1.5 }), /seed/],
  ['a start time that is not ISO 8601', sessionInput({ startedAt: 'yesterday' }), /startedAt/],
  ['a misspelt field', { ...sessionInput(), world_seed: 3 } as SessionInput, /world_seed/],
  ['a Date in the metadata', sessionInput({ metadata: { when: new Date() as unknown as string } }), /metadata\.when is a Date/],
];

const badSteps: [string, StepInput, RegExp][] = [
  ['an action Crafter does not have', humanStep(3, { actions: ['jump' as 'do'] }), /actions/],
  ['no actions after the first record', humanStep(3, { actions: [] }), /only a session's first record/],
  ['a frame that is not a PNG', humanStep(3, { frame: { sha256: frame(3).sha256, png: new TextEncoder().encode('not a png at all, just some text bytes') } }), /not a PNG/],
  ['a frame hash that is not hex SHA-256', humanStep(3, { frame: { ...frame(3), sha256: 'abc' } }), /sha256/],
  ['a reward that is not a number', humanStep(3, { reward: Number.NaN }), /reward/],
  ['a position with one coordinate', humanStep(3, { position: [1] as unknown as [number, number] }), /position/],
  ['a negative achievement count', humanStep(3, { achievements: { collect_wood: -1 } }), /achievements/],
  ['an unlocked achievement whose count is 0', humanStep(3, { achievementsUnlocked: ['collect_diamond'] }), /collect_diamond/],
  ['a misspelt field', { ...humanStep(3), observation_text: 'x' } as StepInput, /observation_text/],
  ['an undefined array item in a message', { ...modelStep(3), messages: [{ role: 'user', content: ['a', undefined] as unknown as string }] }, /content\[1\] is undefined/],
  ['Infinity in a request', { ...modelStep(3), modelCall: { ...modelStep(3).modelCall!, rawResponse: { x: Number.POSITIVE_INFINITY } } }, /Infinity/],
  ['an API key in the request options', { ...modelStep(3), modelCall: { ...modelStep(3).modelCall!, requestOptions: { apiKey: 'k' } } }, /credential/],
  ['two policy user prompts', { ...modelStep(3), messages: [{ role: 'user', content: 'a', isPolicyUserPrompt: true }, { role: 'user', content: 'b', isPolicyUserPrompt: true }] }, /more than one policy user prompt/],
  ['a policy user prompt from the assistant', { ...modelStep(3), messages: [{ role: 'assistant', content: 'a', isPolicyUserPrompt: true }] }, /role "user"/],
];

describe('bad input', () => {
  it.each(badSessions)('refuses a session with %s', async (_name, input, message) => {
    const { store, indexedDB } = await storeWithSession();
    const before = await snapshotOf(store);
    await expect(store.createSession(input)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(await snapshotOf(store)).toEqual(before);
    const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    // Opened beside the first store, it ends the session left recording as interrupted (end, outcome, file size).
    await reopened.recovered();
    const { sessions, traces } = await snapshotOf(reopened);
    const unended = <T extends object>(record: T) => ({ ...record, endedAt: null, endReason: null, outcome: null, bytes: 0 });
    expect(sessions.map(unended)).toEqual(before.sessions.map(unended));
    expect(traces.map(({ session, steps }) => ({ session: unended(session), steps }))).toEqual(before.traces.map(({ session, steps }) => ({ session: unended(session), steps })));
    expect(sessions.map((s) => s.endReason)).toEqual(['interrupted']);
  });

  it.each(badSteps)('refuses a step with %s', async (_name, input, message) => {
    const { store, id, indexedDB } = await storeWithSession();
    const before = await snapshotOf(store);
    await expect(store.appendStep(id, input)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(await snapshotOf(store)).toEqual(before);
    await store.appendStep(id, modelStep(3));
    const reopened = await openTraceStore({ sql: await sqlJs(), idbName: 'traces', indexedDB });
    expect((await reopened.readSession(id)).steps.map((step) => step.stepIndex)).toEqual([0, 1, 2, 3]);
  });

  it('refuses steps out of order, steps of unknown or ended sessions, and ending twice', async () => {
    const { store, id } = await storeWithSession();
    await expect(store.appendStep(id, modelStep(2))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/must increase/) });
    await expect(store.appendStep(id, modelStep(1))).rejects.toMatchObject({ code: 'conflict' });
    await expect(store.appendStep('no-such-session', humanStep(0))).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.endSession('no-such-session')).rejects.toMatchObject({ code: 'not_found' });
    await store.endSession(id);
    await expect(store.appendStep(id, modelStep(3))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/has ended/) });
    await expect(store.endSession(id)).rejects.toMatchObject({ code: 'conflict' });
    expect((await store.readSession(id)).steps).toHaveLength(3);
  });

  it('refuses bad filters and batch sizes', async () => {
    const { store, id } = await storeWithSession();
    await expect(store.listSessions({ limit: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.iterateSteps(id, { batchSize: 0 }).next()).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.iterateSteps('no-such-session').next()).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to open without sql.js or a store name', async () => {
    await expect(openTraceStore({ sql: undefined as never, idbName: 'x' })).rejects.toMatchObject({ code: 'sql_init_failed' });
    await expect(openTraceStore({ sql: await sqlJs(), idbName: '' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('accepts undefined object properties and drops them, as JSON on the wire does', async () => {
    const { store, id } = await storeWithSession();
    const step = modelStep(3);
    await store.appendStep(id, { ...step, metadata: { kept: 1, dropped: undefined } as unknown as { kept: number } });
    expect((await store.readSession(id)).steps[3].metadata).toEqual({ kept: 1 });
  });
});
