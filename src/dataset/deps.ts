// What the dataset layer is given by its callers: the agent's prompt builder and tool, and the simulator's
// byte helpers, so src/dataset depends on the storage read side only (design.md layers).
import type { SessionRecord, StepRecord } from '../storage/index.ts';

export type PromptContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'low' | 'high' | 'auto' } };

export interface PromptToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A chat message as sent to a model (system, user, assistant or tool). */
export type PromptMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | PromptContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: PromptToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export type ImageMode = 'text' | 'text_and_image' | 'image';
export type HistoryLayout = 'separate' | 'sheet';

/** The prompt settings of one turn; replayed rows always act through the tool. */
export interface TurnPromptSettings {
  imageMode: ImageMode;
  frameHistory: number;
  historyLayout: HistoryLayout;
  actionsPerCall: number;
  actionFormat: 'tool';
}

/** One turn's observation, as the agent's prompt builder takes it. */
export interface PromptTurn {
  text: string;
  /** The current frame as a data URL ("" when the turn has no image). */
  imageDataUrl: string;
  /** Earlier frames as data URLs, oldest first. */
  history: string[];
  historySheetDataUrl?: string | null;
  step: number;
  lastActions?: string[];
  lastReward?: number;
}

/** src/agent's requestMessages: the messages a model is sent for one turn. */
export type TurnPromptBuilder = (turn: PromptTurn, settings: TurnPromptSettings) => PromptMessage[];

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Feeds a session's records in order and returns each one's observation text in another text style (null: none can be given). */
export type StepTexter = (step: StepRecord) => string | null;

export interface ByteHelpers {
  base64Encode(bytes: Uint8Array): string;
  base64Decode(text: string): Uint8Array;
  /** Hex SHA-256 of the bytes; names image files by content. */
  sha256Hex(bytes: Uint8Array): string;
}

export interface ExportDeps {
  buildPrompt: TurnPromptBuilder;
  /** src/agent's interactManyTool: the action tool for 1 to n actions. */
  actionTool(maxActions: number): ToolDefinition;
  /** Crafter's 22 achievement names, for checking filters and listing the distribution. */
  achievementNames: readonly string[];
  /** Earlier frames (PNG bytes, oldest first) stitched into one history sheet, as a PNG data URL, the way live runs make it. */
  historySheetDataUrl(pngs: Uint8Array[]): string;
  /** Re-simulates a session to describe its observations in `style`; absent where only stored text can be used. */
  retext?(session: SessionRecord, style: string): StepTexter;
  bytes: ByteHelpers;
}
