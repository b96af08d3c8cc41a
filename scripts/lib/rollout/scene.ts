// What every episode of a headless run plays in, on the main thread or a worker thread: the store, the texture pack,
// Node's frame encoder, the run's name for the sessions. Passed to threads as plain data.
import manifest from '../../../package.json';
import type { EpisodeContext, LiveEpisode, RunMetadata } from '../../../src/agent/rollout-types.ts';
import type { RunControl } from '../../../src/agent/run-control.ts';
import type { RunConfig } from '../../../src/agent/run-config.ts';
import { FrameRenderer } from '../../../src/sim/render/renderer.ts';
import { CRAFTER_VERSION } from '../../../src/sim/rules.ts';
import { builtinPack } from '../../../src/sim/textures/builtin/index.ts';
import type { TexturePack } from '../../../src/sim/textures/pack.ts';
import type { TraceStore } from '../../../src/storage/index.ts';
import { loadPackFromDirSync } from '../assets-node.ts';
import { NODE_FRAME_ENCODER } from '../node-frame-encoder.ts';

export interface RolloutScene {
  /** The folder store every thread records into. */
  dir: string;
  config: RunConfig;
  run: RunMetadata;
  /** A folder of Crafter's texture PNGs; the built-in pack when null. */
  assets: string | null;
}

const APP_VERSION: string = manifest.version;

// Wider than the page's: threads share Node's few file-writing threads, and a crash costs at most this many steps of
// an episode that a resumed run plays again anyway.
const RUNNER_STEP_WINDOW = 512;

export function scenePack(scene: Pick<RolloutScene, 'assets'>): TexturePack {
  return scene.assets ? loadPackFromDirSync(scene.assets) : builtinPack();
}

export function episodeContext(scene: RolloutScene, store: TraceStore, control: RunControl, onLive: (live: LiveEpisode) => void): EpisodeContext {
  const pack = scenePack(scene);
  return {
    sink: store,
    renderer: new FrameRenderer(pack),
    encoder: NODE_FRAME_ENCODER,
    stepWindow: RUNNER_STEP_WINDOW,
    texturePack: { name: pack.name, sha256: pack.hash },
    control,
    run: scene.run,
    appVersion: APP_VERSION,
    crafterVersion: CRAFTER_VERSION,
    onLive,
    onStorageBlocked: async (error) => {
      control.pauseForError(`Recording paused: ${error.message}`, 'storage');
      await control.checkpoint();
    },
  };
}
