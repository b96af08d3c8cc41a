// Rows of human and built-in sessions: the prompt a model would have been sent for the observation before each
// step (built by the agent's own prompt builder, in the export's action format), answered with the action taken.
import { requestMessages, type PromptSettings, type TurnInput } from '../agent/prompt.ts';
import { pngDataUrl } from '../lib/base64.ts';
import type { SessionRecord, StepRecord } from '../storage/index.ts';
import { actionAnswer, type ActionFormat } from './action-format.ts';
import type { ExportDeps, StepTexter } from './deps.ts';
import type { RowPromptOptions } from './options.ts';
import type { DatasetRow } from './rows.ts';
import type { Turn } from './step-window.ts';

export type ReplayDrop = 'no_actions' | 'no_frame' | 'no_text';

export class ReplayRowBuilder {
  private readonly settings: PromptSettings;
  private readonly dataUrls = new WeakMap<StepRecord, string>();

  constructor(private readonly deps: ExportDeps, private readonly prompt: RowPromptOptions, private readonly actionFormat: ActionFormat) {
    this.settings = {
      imageMode: prompt.imageMode,
      frameHistory: prompt.frameHistory,
      historyLayout: prompt.historyLayout,
      actionsPerCall: prompt.actionsPerCall,
      actionFormat,
    };
  }

  /** How many records before the observation the frame history needs. */
  get lookBack(): number {
    return this.prompt.imageMode === 'text' ? 0 : this.prompt.frameHistory;
  }

  /** The texter that restates a session's observations in the chosen style, or null when the stored text is that style. */
  texterFor(session: SessionRecord): StepTexter | null {
    const style = this.prompt.textStyle;
    if (style === 'stored' || this.prompt.imageMode === 'image' || session.policy?.promptStyle === style) return null;
    if (!this.deps.retext) throw new Error(`observations can be described in the "${style}" style only where the simulator is available; choose "stored"`);
    return this.deps.retext(session, style);
  }

  build(turn: Turn): DatasetRow | ReplayDrop {
    const { observation, record } = turn;
    if (record.actions.length === 0) return 'no_actions';
    const withImages = this.prompt.imageMode !== 'text';
    if (withImages && !observation.frame?.png.length) return 'no_frame';
    const text = observation.observationText;
    if (this.prompt.imageMode !== 'image' && (text === null || text === '')) return 'no_text';
    const history = withImages && this.prompt.frameHistory > 0
      ? turn.earlier.slice(-this.prompt.frameHistory).filter((step) => step.frame?.png.length)
      : [];
    const promptTurn: TurnInput = {
      text: text ?? '',
      imageDataUrl: withImages ? this.dataUrl(observation) : '',
      history: history.map((step) => this.dataUrl(step)),
      historySheetDataUrl: history.length && this.prompt.historyLayout === 'sheet'
        ? this.deps.historySheetDataUrl(history.map((step) => step.frame!.png))
        : null,
      step: observation.stepIndex,
      ...(this.prompt.lastActions && observation.actions.length ? { lastActions: [...observation.actions], lastReward: observation.reward } : {}),
    };
    return {
      messages: requestMessages(promptTurn, this.settings),
      ...actionAnswer(record.actions, this.actionFormat, `call_${record.stepIndex}`, this.prompt.actionsPerCall),
    };
  }

  private dataUrl(step: StepRecord): string {
    let url = this.dataUrls.get(step);
    if (url === undefined) {
      url = pngDataUrl(step.frame!.png);
      this.dataUrls.set(step, url);
    }
    return url;
  }
}

/** The session's records with their observation text restated by `texter`; every record passes through it, in order. */
export async function* restated(steps: AsyncIterable<StepRecord>, texter: StepTexter | null): AsyncGenerator<StepRecord, void, undefined> {
  for await (const step of steps) yield texter ? { ...step, observationText: texter(step) } : step;
}
