// The messages a model is given each turn: a system prompt, then the observation as text and image parts.
import { ACTIONS } from '../sim/rules.ts';
import { MAX_ACTIONS_PER_CALL, TOOL_NAME } from './tool.ts';

export type ImageMode = 'text' | 'text_and_image' | 'image';
export type HistoryLayout = 'separate' | 'sheet';
export type ActionFormat = 'tool' | 'text';

export const MAX_IMAGES_PER_REQUEST = 10;

export interface PromptSettings {
  imageMode: ImageMode;
  /** Earlier frames to include besides the current one. */
  frameHistory: number;
  historyLayout: HistoryLayout;
  actionsPerCall: number;
  actionFormat: ActionFormat;
}

export const DEFAULT_PROMPT_SETTINGS: PromptSettings = {
  imageMode: 'text_and_image',
  frameHistory: 0,
  historyLayout: 'separate',
  actionsPerCall: 4,
  actionFormat: 'tool',
};

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: 'low' | 'high' | 'auto' } };

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; content: string; tool_call_id: string };

/** What a turn's prompt is made of: the current observation and, oldest first, earlier frames. */
export interface TurnInput {
  text: string;
  /** The current frame as a data URL (data:image/png;base64,...). */
  imageDataUrl: string;
  /** Earlier frames as data URLs, oldest first. */
  history: string[];
  /** When history is stitched into one sheet, the sheet's data URL (made by the caller from `history`). */
  historySheetDataUrl?: string | null;
  step: number;
  /** The actions of the previous turn and what they earned, to give the model a short memory. */
  lastActions?: string[];
  lastReward?: number;
}

export function validatePromptSettings(settings: PromptSettings): void {
  if (!['text', 'text_and_image', 'image'].includes(settings.imageMode)) throw new Error(`unknown image mode ${settings.imageMode}`);
  if (!Number.isInteger(settings.frameHistory) || settings.frameHistory < 0) throw new Error('frame history must be a whole number >= 0');
  if (settings.historyLayout === 'separate' && settings.imageMode !== 'text' && settings.frameHistory + 1 > MAX_IMAGES_PER_REQUEST) {
    throw new Error(`at most ${MAX_IMAGES_PER_REQUEST} images per request: a frame history of ${settings.frameHistory} separate frames plus the current one is too many`);
  }
  if (!Number.isInteger(settings.actionsPerCall) || settings.actionsPerCall < 1 || settings.actionsPerCall > MAX_ACTIONS_PER_CALL) {
    throw new Error(`actions per call must be 1 to ${MAX_ACTIONS_PER_CALL}`);
  }
}

/** The assistant's whole answer in the text action format; parseReply reads it back. */
export function textActionReply(actions: readonly string[]): string {
  return JSON.stringify({ actions });
}

/** The system prompt depends on these settings only. */
export function systemPrompt(settings: Pick<PromptSettings, 'imageMode' | 'actionsPerCall' | 'actionFormat'>): string {
  const how = settings.actionFormat === 'tool'
    ? `Act by calling the tool ${TOOL_NAME} with 1 to ${settings.actionsPerCall} actions, executed in order.`
    : `Reply with only a JSON object of 1 to ${settings.actionsPerCall} action names, executed in order, e.g. ${textActionReply(['move_left', 'do'])}.`;
  const sees = settings.imageMode === 'text'
    ? 'Each turn you get a text description of what you see.'
    : settings.imageMode === 'image'
      ? 'Each turn you get the game frame: a top-down view around you (you are in the centre) above your inventory.'
      : 'Each turn you get the game frame (a top-down view around you, you are in the centre, above your inventory) and a text description.';
  return [
    'You are playing Crafter, a 2D survival game. Collect resources, craft tools, stay alive (health, food, drink, energy),',
    'and unlock as many of its 22 achievements as you can: collect wood, place a table, make pickaxes and swords, collect stone,',
    'coal, iron and diamond, drink water, eat cows and plants, sleep at night, defeat zombies and skeletons, place a furnace and plants.',
    sees,
    `Actions: ${ACTIONS.join(', ')}.`,
    'Moving toward something that blocks you only turns you to face it; "do" acts on what you face; a table needs wood, tools need a nearby table.',
    how,
  ].join('\n');
}

/** The user message for one turn, with image parts placed as the settings say (never more than 10 images). */
export function userMessage(turn: TurnInput, settings: PromptSettings): ChatMessage {
  validatePromptSettings(settings);
  const memory = turn.lastActions?.length ? `\nYour last actions: ${turn.lastActions.join(', ')} (reward ${turn.lastReward ?? 0}).` : '';
  const header = `Step ${turn.step}.${memory}`;
  if (settings.imageMode === 'text') return { role: 'user', content: `${header}\n${turn.text}` };
  const parts: ContentPart[] = [];
  const history = settings.frameHistory > 0 ? turn.history.slice(-settings.frameHistory) : [];
  if (history.length && settings.historyLayout === 'separate') {
    parts.push({ type: 'text', text: `Your previous ${history.length} frame${history.length === 1 ? '' : 's'}, oldest first:` });
    for (const url of history) parts.push({ type: 'image_url', image_url: { url } });
  } else if (history.length && turn.historySheetDataUrl) {
    parts.push({ type: 'text', text: `Your previous ${history.length} frames in one sheet, left to right, oldest first:` });
    parts.push({ type: 'image_url', image_url: { url: turn.historySheetDataUrl } });
  }
  parts.push({ type: 'text', text: settings.imageMode === 'image' ? `${header}\nCurrent frame:` : `${header}\nCurrent frame:` });
  parts.push({ type: 'image_url', image_url: { url: turn.imageDataUrl } });
  if (settings.imageMode === 'text_and_image') parts.push({ type: 'text', text: turn.text });
  return { role: 'user', content: parts };
}

/** The request messages of one turn: stateless, so a long episode never overflows the context. */
export function requestMessages(turn: TurnInput, settings: PromptSettings): ChatMessage[] {
  return [{ role: 'system', content: systemPrompt(settings) }, userMessage(turn, settings)];
}

export function countImages(messages: ChatMessage[]): number {
  let n = 0;
  for (const m of messages) if (Array.isArray(m.content)) for (const p of m.content) if (p.type === 'image_url') n++;
  return n;
}
