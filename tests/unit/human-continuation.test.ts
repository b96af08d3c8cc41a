// A person's episode whose page closed while it recorded: reopened, the store marks it interrupted; continuing it plays
// the recorded actions again to its last step and records the rest in a new session that names where it starts, and
// the two sessions together re-simulate frame for frame.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { continuedFrom, episodeSteps } from '../../src/agent/continued-episode.ts';
import type { HumanContext } from '../../src/agent/human-episode.ts';
import { FrameRenderer } from '../../src/sim/render/renderer.ts';
import { actionIndex } from '../../src/sim/rules.ts';
import { builtinPack } from '../../src/sim/textures/builtin/index.ts';
import type { TraceStore } from '../../src/storage/index.ts';
import { openTraceDir } from '../../src/storage/node.ts';
import { PlayService } from '../../src/worker/play-service.ts';
import { verifyRecording } from '../../src/worker/verify.ts';
import { sqlJs } from './storage-fixtures.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function service(store: TraceStore): PlayService {
  const pack = builtinPack();
  const renderer = new FrameRenderer(pack);
  const ctx: HumanContext = {
    sink: store,
    renderer: () => renderer,
    texturePack: () => ({ name: pack.name, sha256: pack.hash }),
    appVersion: 'test',
    crafterVersion: '1.8.3',
    onStorageBlocked: () => Promise.reject(new Error('storage refused a write in a test that does not expect it')),
  };
  return new PlayService(ctx, () => store);
}

const FIRST = ['move_right', 'move_right', 'do', 'move_down', 'place_table', 'move_left'].map(actionIndex);
const THEN = ['move_up', 'do', 'noop'].map(actionIndex);

describe('continuing an interrupted episode', () => {
  it('plays on from the recorded step in a new session, and both parts verify together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crafter-continue-'));
    dirs.push(dir);
    const sql = await sqlJs();
    const first = await openTraceDir({ sql, dir });
    const before = service(first);
    await before.start({ seed: 4, episode: 2, length: 500, size: [96, 96], textStyle: 'state' });
    let last = null;
    for (const action of FIRST) last = await before.act(action, 100);
    // The page closes: nothing ends the session.
    await first.close();

    const store = await openTraceDir({ sql, dir });
    await store.recovered();
    const after = service(store);
    const offer = await after.interrupted();
    expect(offer).toMatchObject({ seed: 4, episode: 2, stepIndex: FIRST.length });
    const resumed = await after.resume(offer!.sessionId, 'state');
    expect(resumed.packet.observation.num_steps_taken).toBe(FIRST.length);
    expect(resumed.packet.observation.player_position).toEqual(last!.packet.observation.player_position);
    expect(resumed.packet.observation.inventory).toEqual(last!.packet.observation.inventory);
    expect(resumed.rgb).toEqual(last!.rgb);
    expect(resumed.recording).toMatchObject({ state: 'ready', steps: 0, continues: { sessionId: offer!.sessionId, stepIndex: FIRST.length } });
    for (const action of THEN) await after.act(action, 100);
    const stopped = await after.stop();
    expect(stopped!.recording).toMatchObject({ state: 'ended', steps: THEN.length, saved: THEN.length, endReason: 'stopped' });

    const sessions = await store.listSessions({ source: 'human' });
    expect(sessions).toHaveLength(2);
    const continuation = sessions.find((s) => s.id === stopped!.recording.sessionId)!;
    expect(continuedFrom(continuation.metadata)).toEqual({ sessionId: offer!.sessionId, stepIndex: FIRST.length });
    expect(continuation).toMatchObject({ seed: 4, episode: 2, length: THEN.length, envOptions: { size: [96, 96], length: 500 } });
    expect(sessions.find((s) => s.id === offer!.sessionId)).toMatchObject({ state: 'interrupted', length: FIRST.length });
    // The newest is no longer interrupted: nothing more to offer.
    expect(await after.interrupted()).toBeNull();

    const steps = await episodeSteps(store, continuation);
    expect(steps.map((s) => s.stepIndex)).toEqual([...Array(FIRST.length + THEN.length + 1).keys()]);
    const report = verifyRecording(
      { seed: 4, episode: 2, envOptions: { length: 500, size: [96, 96] }, steps: steps.map((s) => ({ stepIndex: s.stepIndex, actions: s.actions, frameSha256: s.frame!.sha256 })) },
      builtinPack(),
    );
    expect(report).toMatchObject({ ok: true, framesCompared: FIRST.length + THEN.length + 1 });
    await store.close();
  });

  it('refuses a session that was not interrupted, and one whose earlier part is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crafter-continue-'));
    dirs.push(dir);
    const store = await openTraceDir({ sql: await sqlJs(), dir });
    const play = service(store);
    await play.start({ seed: 1, episode: 1, length: 100, size: [64, 64], textStyle: 'language' });
    await play.act(actionIndex('noop'), null);
    const ended = await play.stop();
    await expect(play.resume(ended!.recording.sessionId!, 'language')).rejects.toThrow('was not interrupted');
    const orphan = { ...(await store.listSessions())[0], metadata: { continues: { sessionId: 'gone', stepIndex: 3 } } };
    await expect(episodeSteps(store, orphan)).rejects.toThrow('continues session gone, which is not in the store');
    await store.close();
  });
});
