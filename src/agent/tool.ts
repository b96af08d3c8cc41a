// The one action tool models call: `interact_many`, 1 to N of Crafter's 17 action names, executed in order.
import { ACTIONS } from '../sim/rules.ts';

export const TOOL_NAME = 'interact_many';
export const MAX_ACTIONS_PER_CALL = 8;

export interface FunctionTool {
  type: 'function';
  function: {
    name: string;
    description: string;
    parameters: Record<string, unknown>;
  };
}

/** The tool definition as sent in `tools`; `maxActions` is the run's actions-per-call setting (1 to 8). */
export function interactManyTool(maxActions: number = MAX_ACTIONS_PER_CALL): FunctionTool {
  if (!Number.isInteger(maxActions) || maxActions < 1 || maxActions > MAX_ACTIONS_PER_CALL) {
    throw new RangeError(`actions per call must be 1 to ${MAX_ACTIONS_PER_CALL}, got ${maxActions}`);
  }
  return {
    type: 'function',
    function: {
      name: TOOL_NAME,
      description: `Execute 1 to ${maxActions} Crafter actions in order. Moves face the direction first; "do" collects, attacks, drinks or eats what you face.`,
      parameters: {
        type: 'object',
        properties: {
          actions: {
            type: 'array',
            items: { type: 'string', enum: [...ACTIONS] },
            minItems: 1,
            maxItems: maxActions,
            description: 'Action names, executed in order.',
          },
        },
        required: ['actions'],
        additionalProperties: false,
      },
    },
  };
}
