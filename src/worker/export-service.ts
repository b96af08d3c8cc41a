// Dataset export in the worker, and the wiring of src/dataset to what it may not import itself: the simulator's
// achievement names and text summaries, and the history sheet as live runs stitch it.
import { proxyMarker, releaseProxy, type ProxyMarked } from 'comlink';
import { FrameHistory } from '../agent/frame-history.ts';
import { recordingInfo } from '../agent/recordings/metadata.ts';
import { recordedTexter } from '../agent/recordings/texter.ts';
import { exportDataset, BlobTarget, type ExportDeps, type ExportProgress, type ExportResult, type StepTexter } from '../dataset/index.ts';
import { decodePng } from '../lib/png-decode.ts';
import { ACHIEVEMENTS, actionIndex } from '../sim/rules.ts';
import { TEXT_STYLES, textSummary, type TextStyle } from '../sim/text.ts';
import type { SessionRecord, TraceReader } from '../storage/index.ts';
import { sessionEnv } from '../agent/session-env.ts';

/** The history sheet exactly as a live run stitches it (src/agent/frame-history.ts), from stored PNGs. */
function historySheetDataUrl(pngs: Uint8Array[]): string {
  const history = new FrameHistory(pngs.length);
  for (const png of pngs) {
    const frame = decodePng(png);
    history.push({ rgb: frame.data, width: frame.width, height: frame.height, dataUrl: '' });
  }
  const url = history.sheetDataUrl();
  if (url === null) throw new Error('a history sheet needs at least one frame');
  return url;
}

/** Replays a session from its seed and actions to describe each observation in another text style. */
export function sessionTexter(session: SessionRecord, style: string): StepTexter {
  if (!(TEXT_STYLES as readonly string[]).includes(style)) throw new Error(`unknown text style ${JSON.stringify(style)}; known: ${TEXT_STYLES.join(', ')}`);
  // An imported recording may have no seed: its text is rebuilt from the state it recorded.
  if (recordingInfo(session)) return recordedTexter(session, style as TextStyle);
  const env = sessionEnv(session);
  return (step) => {
    for (const action of step.actions) env.stepAction(actionIndex(action));
    if (env.step !== step.stepIndex) {
      throw new Error(`session ${session.id} cannot be re-simulated to describe it in the "${style}" style: the replay is at step ${env.step}, the record at ${step.stepIndex}`);
    }
    return textSummary(env, style as TextStyle);
  };
}

/** What src/dataset is given, for the worker, the export script and the tests alike. */
export function exportDeps(): ExportDeps {
  return {
    achievementNames: ACHIEVEMENTS,
    historySheetDataUrl,
    retext: sessionTexter,
  };
}

export class ExportService implements ProxyMarked {
  // Marked so comlink hands the page a live handle (`api.exports.run(...)`) rather than a copy.
  readonly [proxyMarker] = true as const;
  private running: AbortController | null = null;

  constructor(private readonly reader: () => TraceReader) {}

  /** Builds the export as Blobs the page downloads; one export at a time. */
  async run(options: unknown, onProgress?: (progress: ExportProgress) => void): Promise<ExportResult> {
    if (this.running) throw new Error('an export is already running; wait for it or cancel it');
    const controller = new AbortController();
    this.running = controller;
    try {
      return await exportDataset({
        reader: this.reader(),
        options,
        deps: exportDeps(),
        target: new BlobTarget(),
        // A progress callback from the page is a comlink proxy: fire and forget.
        onProgress: onProgress && ((progress) => void Promise.resolve(onProgress(progress)).catch(() => undefined)),
        signal: controller.signal,
      });
    } finally {
      this.running = null;
      // The page's callback arrives as a comlink proxy holding a MessagePort: let it go.
      (onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
    }
  }

  /** Stops the running export; it throws ExportCancelled and keeps nothing. */
  cancel(): boolean {
    this.running?.abort();
    return this.running !== null;
  }
}
