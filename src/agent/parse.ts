// Reading actions out of a model's reply, whatever shape it comes in; never throws.
import { ACTIONS, type ActionName } from '../sim/rules.ts';
import { TOOL_NAME } from './tool.ts';

export interface ReplyToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string | Record<string, unknown> | null } | null;
}

export interface ReplyMessage {
  content?: string | null;
  tool_calls?: ReplyToolCall[] | null;
}

export interface ParsedReply {
  actions: ActionName[];
  /** Everything that looked like an action but was not one (kept for the trace). */
  invalid: string[];
  /** Where the actions came from. */
  source: 'tool' | 'text' | 'none';
  /** Why nothing or only part could be used, for the trace and the user. */
  problems: string[];
}

const ACTION_SET = new Set<string>(ACTIONS);
const TEXT_ACTION = new RegExp(`\\b(${[...ACTIONS].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');

/** Normalises "Move Left", "move-left", " MOVE_LEFT " to move_left. */
function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function classify(values: unknown[], into: ParsedReply): void {
  for (const value of values) {
    const name = typeof value === 'string' ? normalise(value) : '';
    if (ACTION_SET.has(name)) into.actions.push(name as ActionName);
    else into.invalid.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** JSON.parse that also accepts code fences and prose around one JSON object, and arguments already parsed. */
function looseJson(text: unknown): unknown {
  // Some servers (Ollama among them) send tool arguments as an object rather than a JSON string.
  if (typeof text !== 'string') return text;
  const trimmed = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/```\s*$/, '');
  try {
    return JSON.parse(trimmed);
  } catch {
    const start = trimmed.indexOf('{');
    const end = trimmed.lastIndexOf('}');
    if (start >= 0 && end > start) {
      try {
        return JSON.parse(trimmed.slice(start, end + 1));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}

function actionsField(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.actions)) return o.actions;
    if (typeof o.actions === 'string') return o.actions.split(/[,\s]+/).filter(Boolean);
    if (typeof o.action === 'string') return [o.action];
  }
  return null;
}

export function parseReply(message: ReplyMessage | null | undefined, maxActions: number): ParsedReply {
  const out: ParsedReply = { actions: [], invalid: [], source: 'none', problems: [] };
  const calls = message?.tool_calls ?? [];
  for (const call of calls) {
    const name = call?.function?.name;
    if (name !== TOOL_NAME) {
      out.problems.push(`called an unknown tool ${JSON.stringify(name ?? null)}`);
      continue;
    }
    const args = looseJson(call.function?.arguments ?? '');
    const list = actionsField(args);
    if (!list) {
      out.problems.push(`the ${TOOL_NAME} arguments are not {"actions": [...]}: ${JSON.stringify(call.function?.arguments ?? null).slice(0, 200)}`);
      continue;
    }
    classify(list, out);
    out.source = 'tool';
  }
  if (out.source === 'none') {
    const text = typeof message?.content === 'string' ? message.content : '';
    if (calls.length === 0 && text) out.problems.push('no tool call');
    const json = text.includes('{') ? actionsField(looseJson(text)) : null;
    if (json) classify(json, out);
    else for (const match of text.matchAll(TEXT_ACTION)) out.actions.push(match[1] as ActionName);
    if (out.actions.length) out.source = 'text';
  }
  if (out.actions.length > maxActions) {
    out.problems.push(`${out.actions.length} actions given, at most ${maxActions} used`);
    out.actions = out.actions.slice(0, maxActions);
  }
  if (!out.actions.length) out.problems.push('no valid action in the reply');
  if (out.invalid.length) out.problems.push(`invalid actions: ${out.invalid.map((v) => JSON.stringify(v)).join(', ')}`);
  return out;
}
