import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/agent/parse.ts';

const call = (args: string, name = 'interact_many') => ({ tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: args } }] });

describe('reply parser', () => {
  it('reads a proper tool call', () => {
    expect(parseReply(call('{"actions":["move_left","do"]}'), 8)).toMatchObject({ actions: ['move_left', 'do'], invalid: [], source: 'tool' });
  });

  it('keeps valid actions and records unknown names', () => {
    const r = parseReply(call('{"actions":["move_left","jump","Do"]}'), 8);
    expect(r.actions).toEqual(['move_left', 'do']);
    expect(r.invalid).toEqual(['jump']);
    expect(r.problems.join()).toMatch(/invalid actions: "jump"/);
  });

  it('survives malformed JSON arguments and falls back to nothing usable', () => {
    const r = parseReply(call('{"actions": ["move_left", '), 8);
    expect(r.actions).toEqual([]);
    expect(r.problems.join()).toMatch(/arguments are not/);
  });

  it('accepts arguments wrapped in code fences or prose', () => {
    expect(parseReply(call('```json\n{"actions":["do"]}\n```'), 8).actions).toEqual(['do']);
  });

  it('falls back to action names in the text when there is no tool call', () => {
    const r = parseReply({ content: 'I will move_left then do, then sleep.' }, 8);
    expect(r).toMatchObject({ actions: ['move_left', 'do', 'sleep'], source: 'text' });
    expect(r.problems).toContain('no tool call');
  });

  it('reads JSON in text and "Actions:" lines', () => {
    expect(parseReply({ content: 'Sure! {"actions": ["place_table"]}' }, 8).actions).toEqual(['place_table']);
    expect(parseReply({ content: 'Actions: move_up, move_up, do' }, 8).actions).toEqual(['move_up', 'move_up', 'do']);
  });

  it('ignores other tools, garbage and empty replies without throwing', () => {
    expect(parseReply(call('{}', 'other_tool'), 8).problems.join()).toMatch(/unknown tool/);
    expect(parseReply({ content: '%%%garbage%%%' }, 8)).toMatchObject({ actions: [], source: 'none' });
    expect(parseReply(null, 8).actions).toEqual([]);
    expect(parseReply({ tool_calls: [{ function: null }] } as never, 8).actions).toEqual([]);
  });

  it('accepts tool arguments sent as an object, and content that is not a string', () => {
    const r = parseReply({ tool_calls: [{ id: 'c', type: 'function', function: { name: 'interact_many', arguments: { actions: ['do', 'fly'] } } }] }, 8);
    expect(r).toMatchObject({ actions: ['do'], invalid: ['fly'], source: 'tool' });
    expect(parseReply({ content: 5 } as never, 8)).toMatchObject({ actions: [], source: 'none' });
  });

  it('caps the number of actions at the per-call setting', () => {
    const r = parseReply(call('{"actions":["do","do","do","do","do"]}'), 2);
    expect(r.actions).toEqual(['do', 'do']);
    expect(r.problems.join()).toMatch(/at most 2 used/);
  });
});
