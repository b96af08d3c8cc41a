import { describe, expect, it } from 'vitest';
import {
  exportedBytes,
  openMemoryTraceStore,
  openTraceStore,
  type MessageRecord,
  type StepInput,
  type StepRecord,
  type TraceStore,
} from '../../src/storage/index.ts';
import { ACHIEVEMENT_KEYS, frame, humanStep, modelSessionInput, modelStep, newIndexedDB, sessionInput, sqlJs } from './storage-fixtures.ts';

/** What the store should give back for `input`: the input with every default filled in. */
function expectedRecord(input: StepInput, unlocked: string[]): StepRecord {
  const completedAt = input.completedAt!;
  return {
    stepIndex: input.stepIndex,
    actions: input.actions,
    reward: input.reward,
    done: input.done,
    inventory: input.inventory,
    achievements: input.achievements,
    position: input.position,
    frame: input.frame ? { ...input.frame, width: 64, height: 64 } : null,
    observationText: input.observationText ?? null,
    reactionMs: input.reactionMs ?? null,
    achievementsUnlocked: input.achievementsUnlocked ?? unlocked,
    completedAt,
    metadata: input.metadata ?? null,
    modelCall: input.modelCall
      ? { provider: null, requestOptions: null, ...input.modelCall, startedAt: input.modelCall.startedAt ?? completedAt }
      : null,
    messages: (input.messages ?? []).map(
      (message): MessageRecord => ({
        role: message.role,
        content: message.content,
        isPolicyUserPrompt: message.isPolicyUserPrompt ?? false,
        extra: message.extra ?? null,
        timestamp: message.timestamp ?? completedAt,
      }),
    ),
  };
}

const stores: [string, () => Promise<TraceStore>][] = [
  ['in memory', async () => openMemoryTraceStore({ sql: await sqlJs() })],
  ['in IndexedDB', async () => openTraceStore({ sql: await sqlJs(), idbName: 'roundtrip', indexedDB: newIndexedDB() })],
];

describe.each(stores)('trace store %s', (_name, open) => {
  it('gives back a human session whole: session, steps, frames, rewards, outcome', async () => {
    const store = await open();
    const created = await store.createSession(sessionInput());
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      ...sessionInput(),
      policyName: null,
      envOptions: null,
      state: 'recording',
      endedAt: null,
      endReason: null,
      endDetail: null,
      endDetails: null,
      length: 0,
      totalReward: 0,
      achievements: [],
      bytes: 0,
      damaged: null,
      stepCount: 0,
      modelCallCount: 0,
      messageCount: 0,
      outcome: null,
    });
    const inputs = Array.from({ length: 25 }, (_, i) => humanStep(i));
    for (const step of inputs) await store.appendStep(created.id, step);
    const ended = await store.endSession(created.id, { endedAt: '2025-01-02T03:10:00.000Z', endReason: 'stopped', endDetail: 'aborted by the test' });

    const trace = await store.readSession(created.id);
    expect(trace.session).toEqual(ended);
    expect(ended.endedAt).toBe('2025-01-02T03:10:00.000Z');
    expect(ended.endReason).toBe('stopped');
    expect(ended.endDetail).toBe('aborted by the test');
    expect(ended.stepCount).toBe(25);
    const unlockedAt = (i: number) => (i > 0 && i % 10 === 0 ? [ACHIEVEMENT_KEYS[i / 10 - 1]] : []);
    expect(trace.steps).toEqual(inputs.map((input, i) => expectedRecord(input, unlockedAt(i))));
    const totalReward = inputs.reduce((sum, step) => sum + step.reward, 0);
    expect(ended.outcome?.totalReward).toBeCloseTo(totalReward, 12);
    expect(ended.outcome?.achievements).toEqual(['collect_coal', 'collect_diamond']);
    expect(ended.outcome?.length).toBe(24);
    await store.close();
  });

  it('gives back model calls and messages deep-equal, data URLs byte for byte', async () => {
    const store = await open();
    const { id } = await store.createSession(modelSessionInput());
    const inputs = Array.from({ length: 6 }, (_, i) => modelStep(i));
    for (const step of inputs) await store.appendStep(id, step);
    const trace = await store.readSession(id);
    expect(trace.steps).toEqual(inputs.map((input) => expectedRecord(input, [])));
    expect(trace.session.policy).toEqual(modelSessionInput().policy);
    expect(trace.session.modelCallCount).toBe(5);
    expect(trace.session.messageCount).toBe(20);

    const sentUrl = (inputs[3].modelCall!.requestMessages[1] as { content: { image_url?: { url: string } }[] }).content[1].image_url!.url;
    const readUrl = (trace.steps[3].modelCall!.requestMessages[1] as { content: { image_url?: { url: string } }[] }).content[1].image_url!.url;
    expect(readUrl).toBe(sentUrl);
    expect(Buffer.from(readUrl.split(',')[1], 'base64').equals(Buffer.from(frame(2).png))).toBe(true);
    const prompts = trace.steps[3].messages.filter((message) => message.isPolicyUserPrompt);
    expect(prompts).toHaveLength(1);
    expect(prompts[0].role).toBe('user');
    await store.close();
  });

  it('iterates steps in batches equal to reading the session whole', async () => {
    const store = await open();
    const { id } = await store.createSession(modelSessionInput());
    for (let i = 0; i < 23; i++) await store.appendStep(id, modelStep(i));
    const whole = await store.readSession(id);
    const iterated: StepRecord[] = [];
    for await (const step of store.iterateSteps(id, { batchSize: 5 })) iterated.push(step);
    expect(iterated).toEqual(whole.steps);
    const withoutFrames: StepRecord[] = [];
    for await (const step of store.iterateSteps(id, { batchSize: 7, frames: false })) withoutFrames.push(step);
    expect(withoutFrames.map((step) => step.frame?.png.length)).toEqual(whole.steps.map(() => 0));
    expect(withoutFrames.map((step) => step.frame?.sha256)).toEqual(whole.steps.map((step) => step.frame?.sha256));
    await store.close();
  });

  it('stores a frame shown at several steps once', async () => {
    const store = await open();
    const { id } = await store.createSession(sessionInput());
    for (let i = 0; i < 10; i++) await store.appendStep(id, humanStep(i, { frame: frame(i % 2) }));
    const bytes = await exportedBytes(await store.exportFile());
    const sql = await sqlJs();
    const db = new sql.Database(bytes);
    expect(db.exec('SELECT count(*) FROM frames')[0].values[0][0]).toBe(2);
    expect(db.exec('SELECT count(DISTINCT frame_id) FROM session_timesteps')[0].values[0][0]).toBe(2);
    db.close();
    const steps = (await store.readSession(id)).steps;
    expect(steps.every((step, i) => Buffer.from(step.frame!.png).equals(Buffer.from(frame(i % 2).png)))).toBe(true);
    await store.close();
  });

  it('keeps two encodings of the same pixels apart, each byte for byte', async () => {
    const store = await open();
    const { id } = await store.createSession(sessionInput());
    const [fast, small] = [frame(1, 1), frame(1, 9)];
    expect(fast.sha256).toBe(small.sha256);
    expect(Buffer.from(fast.png).equals(Buffer.from(small.png))).toBe(false);
    await store.appendStep(id, humanStep(0, { frame: fast }));
    await store.appendStep(id, humanStep(1, { frame: small }));
    await store.appendStep(id, humanStep(2, { frame: fast }));
    const pngs = (await store.readSession(id)).steps.map((step) => Buffer.from(step.frame!.png));
    expect(pngs[0].equals(Buffer.from(fast.png)) && pngs[1].equals(Buffer.from(small.png)) && pngs[2].equals(Buffer.from(fast.png))).toBe(true);
    await store.close();
  });

  it('lists and filters sessions, newest first', async () => {
    const store = await open();
    const human = await store.createSession(sessionInput({ startedAt: '2025-01-01T00:00:00.000Z', seed: 1 }));
    const model = await store.createSession(modelSessionInput({ startedAt: '2025-01-03T00:00:00.000Z', seed: 2 }));
    const other = await store.createSession(
      modelSessionInput({ startedAt: '2025-01-02T00:00:00.000Z', seed: 2, policy: { ...modelSessionInput().policy!, model: 'qwen2.5-vl' } }),
    );
    await store.appendStep(human.id, humanStep(0));
    await store.endSession(human.id);
    const ids = (filter: Parameters<TraceStore['listSessions']>[0]) => store.listSessions(filter).then((list) => list.map((s) => s.id));
    expect(await ids({})).toEqual([model.id, other.id, human.id]);
    expect(await ids({ source: 'model' })).toEqual([model.id, other.id]);
    expect(await ids({ source: ['human', 'builtin'] })).toEqual([human.id]);
    expect(await ids({ model: 'qwen2.5-vl' })).toEqual([other.id]);
    expect(await ids({ seed: 2, ended: false })).toEqual([model.id, other.id]);
    expect(await ids({ ended: true })).toEqual([human.id]);
    expect(await ids({ startedAfter: '2025-01-02T00:00:00.000Z', startedBefore: '2025-01-03T00:00:00.000Z' })).toEqual([other.id]);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([other.id]);
    await store.close();
  });

  it('deletes a session with its rows and the frames only it used', async () => {
    const store = await open();
    const kept = await store.createSession(modelSessionInput());
    const doomed = await store.createSession(modelSessionInput());
    for (let i = 0; i < 5; i++) await store.appendStep(kept.id, modelStep(i));
    // Shares frames 0..4 with the kept session and has frames 100..104 of its own.
    for (let i = 0; i < 10; i++) await store.appendStep(doomed.id, { ...modelStep(i), frame: frame(i < 5 ? i : 95 + i) });
    await store.endSession(doomed.id);
    const keptBefore = await store.readSession(kept.id);
    await store.deleteSessions([doomed.id]);

    await expect(store.readSession(doomed.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.deleteSessions([doomed.id])).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.listSessions()).map((s) => s.id)).toEqual([kept.id]);
    expect(await store.readSession(kept.id)).toEqual(keptBefore);
    const sql = await sqlJs();
    const db = new sql.Database(await exportedBytes(await store.exportFile()));
    const count = (table: string) => db.exec(`SELECT count(*) FROM ${table}`)[0].values[0][0];
    expect(count('frames')).toBe(5);
    expect(count('session_timesteps')).toBe(5);
    expect(count('events')).toBe(4);
    expect(count('messages')).toBe(16);
    expect(count('outcome_rewards')).toBe(0);
    expect(db.exec("SELECT count(*) FROM event_rewards WHERE session_id <> ?", [kept.id])[0].values[0][0]).toBe(0);
    db.close();
    await store.close();
  });
});
