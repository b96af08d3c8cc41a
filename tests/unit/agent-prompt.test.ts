import { describe, expect, it } from 'vitest';
import { countImages, requestMessages, userMessage, validatePromptSettings, type PromptSettings, type TurnInput } from '../../src/agent/prompt.ts';
import { interactManyTool } from '../../src/agent/tool.ts';

const url = (n: number) => `data:image/png;base64,FRAME${n}`;
const turn: TurnInput = { text: 'You see:\n- tree 1 step north', imageDataUrl: url(9), history: [1, 2, 3, 4, 5, 6, 7, 8].map(url), step: 9, lastActions: ['do'], lastReward: 1 };
const base: PromptSettings = { imageMode: 'text_and_image', frameHistory: 0, historyLayout: 'separate', actionsPerCall: 4, actionFormat: 'tool' };

describe('prompt builder', () => {
  it('text only: one string, no images', () => {
    const m = userMessage(turn, { ...base, imageMode: 'text' });
    expect(typeof m.content).toBe('string');
    expect(m.content).toContain('tree 1 step north');
    expect(m.content).toContain('Your last actions: do (reward 1)');
  });

  it('text and image: the frame as an image_url part, then the text', () => {
    const m = userMessage(turn, base);
    expect(m.content).toEqual([
      { type: 'text', text: 'Step 9.\nYour last actions: do (reward 1).\nCurrent frame:' },
      { type: 'image_url', image_url: { url: url(9) } },
      { type: 'text', text: turn.text },
    ]);
  });

  it('image only: no observation text', () => {
    const parts = userMessage(turn, { ...base, imageMode: 'image' }).content as { type: string; text?: string }[];
    expect(parts.filter((p) => p.type === 'image_url')).toHaveLength(1);
    expect(parts.some((p) => p.text?.includes('tree'))).toBe(false);
  });

  it('history as separate frames, oldest first, current last', () => {
    const messages = requestMessages(turn, { ...base, frameHistory: 3 });
    expect(countImages(messages)).toBe(4);
    const urls = (messages[1].content as { type: string; image_url?: { url: string } }[]).filter((p) => p.image_url).map((p) => p.image_url!.url);
    expect(urls).toEqual([url(6), url(7), url(8), url(9)]);
  });

  it('history stitched into one sheet: two images whatever the length', () => {
    const messages = requestMessages({ ...turn, historySheetDataUrl: 'data:image/png;base64,SHEET' }, { ...base, frameHistory: 8, historyLayout: 'sheet' });
    expect(countImages(messages)).toBe(2);
  });

  it('refuses more than 10 images and bad settings', () => {
    expect(() => validatePromptSettings({ ...base, frameHistory: 10 })).toThrow(/at most 10 images/);
    expect(() => validatePromptSettings({ ...base, frameHistory: 9 })).not.toThrow();
    expect(() => validatePromptSettings({ ...base, actionsPerCall: 9 })).toThrow(/1 to 8/);
  });

  it('system prompt says how to act in each action format', () => {
    expect(requestMessages(turn, base)[0].content).toContain('interact_many');
    expect(requestMessages(turn, { ...base, actionFormat: 'text' })[0].content).toContain('Reply with only a JSON object of 1 to 4 action names, executed in order, e.g. {"actions":["move_left","do"]}.');
  });

  it('tool schema lists the 17 actions and the per-call maximum', () => {
    const tool = interactManyTool(3);
    const actions = (tool.function.parameters as { properties: { actions: { items: { enum: string[] }; maxItems: number } } }).properties.actions;
    expect(actions.items.enum).toHaveLength(17);
    expect(actions.maxItems).toBe(3);
    expect(() => interactManyTool(0)).toThrow();
  });
});
