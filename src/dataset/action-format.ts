// How the assistant answers with actions: one interact_many call (for OpenAI-format services), or text content
// holding a small JSON object (what every open model's chat template renders). Runs use the same two formats.
import { textActionReply, type ActionFormat } from '../agent/prompt.ts';
import { interactManyTool, TOOL_NAME, type FunctionTool } from '../agent/tool.ts';
import type { CrafterAction } from '../storage/index.ts';
import type { AssistantTarget } from './rows.ts';

export const ACTION_FORMATS = ['tool', 'text'] as const satisfies readonly ActionFormat[];
export type { ActionFormat };

export interface ActionAnswer {
  target: AssistantTarget;
  tools: FunctionTool[] | null;
}

/** The answer that plays `actions` in `format`; `tools` is what a tool-format prompt was sent with (the action tool by default). */
export function actionAnswer(actions: readonly CrafterAction[], format: ActionFormat, callId: string, actionsPerCall: number, tools?: FunctionTool[]): ActionAnswer {
  if (format === 'text') return { target: { kind: 'text', text: textActionReply(actions) }, tools: null };
  return {
    target: { kind: 'tool_call', id: callId, name: TOOL_NAME, arguments: { actions: [...actions] } },
    tools: tools ?? [interactManyTool(actionsPerCall)],
  };
}
