// Rows of human, scripted and random sessions are exactly what a live run would have sent a model for the same
// observations: the fixed trace's model session, rebuilt from its stored frames and text, gives its requests back.
import { describe, expect, it } from 'vitest';
import type { RowPromptOptions } from '../../src/dataset/index.ts';
import { ReplayRowBuilder } from '../../src/dataset/replay-rows.ts';
import { sessionTurns } from '../../src/dataset/step-window.ts';
import { decodePng } from '../../src/lib/png-decode.ts';
import { base64Decode } from '../../src/lib/base64.ts';
import { deps, fixtureReader, jsonLines, exportToMemory } from './dataset-fixtures.ts';

const LIVE_SETTINGS: RowPromptOptions = { textStyle: 'stored', imageMode: 'text_and_image', frameHistory: 1, historyLayout: 'separate', actionsPerCall: 4, lastActions: true };

describe('replayed rows match live requests', () => {
  it('the model session rebuilt from its records gives every stored request back, byte for byte', async () => {
    const reader = await fixtureReader();
    const session = (await reader.listSessions({ source: 'model' }))[0];
    const builder = new ReplayRowBuilder(deps, LIVE_SETTINGS);
    let compared = 0;
    for await (const turn of sessionTurns(reader.iterateSteps(session.id), { lookBack: builder.lookBack, lookahead: 0, totalRewardMicro: 0 })) {
      const row = builder.build(turn);
      if (typeof row === 'string') throw new Error(`dropped: ${row}`);
      expect(JSON.stringify(row.messages)).toBe(JSON.stringify(turn.record.modelCall!.requestMessages));
      compared++;
    }
    expect(compared).toBe(12);
    await reader.close();
  });

  it('re-simulating a session describes its observations exactly as they were stored', async () => {
    const reader = await fixtureReader();
    for (const filter of [{ source: 'builtin', policyName: 'scripted' }, { source: 'human' }] as const) {
      const session = (await reader.listSessions(filter))[0];
      const style = session.policy!.promptStyle!;
      const texter = deps.retext!(session, style);
      let steps = 0;
      for await (const step of reader.iterateSteps(session.id, { frames: false })) {
        expect(texter(step)).toBe(step.observationText);
        steps++;
      }
      expect(steps).toBe(15);
    }
    await reader.close();
  });

  it('another text style is used where chosen: the state block for a session stored in language', async () => {
    const reader = await fixtureReader();
    const { files } = await exportToMemory(reader, { format: 'openai', sources: ['human'], validationRatio: 0, prompt: { textStyle: 'state', imageMode: 'text' } });
    await reader.close();
    const rows = jsonLines(files.get('train.jsonl')) as { messages: { content: unknown }[] }[];
    expect(rows).toHaveLength(14);
    expect(rows[0].messages[1].content).toMatch(/^Step 0\.\nStep: 0\/10000\nHealth: 9\/9 {2}Food: 9\/9/);
    expect(rows[0].messages[1].content).toContain('Map (');
  });

  it('a history sheet holds the earlier frames side by side, as live runs stitch them', async () => {
    const reader = await fixtureReader();
    const session = (await reader.listSessions({ source: 'builtin', policyName: 'scripted' }))[0];
    const builder = new ReplayRowBuilder(deps, { ...LIVE_SETTINGS, frameHistory: 2, historyLayout: 'sheet' });
    const turns = [];
    for await (const turn of sessionTurns(reader.iterateSteps(session.id), { lookBack: builder.lookBack, lookahead: 0, totalRewardMicro: 0 })) turns.push(turn);
    await reader.close();
    const turn = turns[5];
    const row = builder.build(turn);
    if (typeof row === 'string') throw new Error(`dropped: ${row}`);
    const images = (row.messages[1].content as { type: string; image_url?: { url: string } }[]).filter((p) => p.image_url).map((p) => p.image_url!.url);
    expect(images).toHaveLength(2);
    const sheet = decodePng(base64Decode(images[0].slice('data:image/png;base64,'.length)));
    // Two 64x64 frames with a 2 px gap around each: 2 + 2 * (64 + 2) wide.
    expect([sheet.width, sheet.height]).toEqual([134, 68]);
    turn.earlier.forEach((step, i) => {
      const frame = decodePng(step.frame!.png);
      for (const y of [0, 31, 63]) {
        const left = 2 + i * 66;
        const sheetRow = sheet.data.subarray(((2 + y) * sheet.width + left) * 3, ((2 + y) * sheet.width + left + 64) * 3);
        expect(Buffer.from(sheetRow).equals(Buffer.from(frame.data.subarray(y * 64 * 3, (y + 1) * 64 * 3)))).toBe(true);
      }
    });
    expect(images[1]).toBe(`data:image/png;base64,${Buffer.from(turn.observation.frame!.png).toString('base64')}`);
  });
});
