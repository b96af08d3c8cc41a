// A stored session as the rows Crafter's Recorder writes, one per environment step plus the reset row. An imported
// session gives back what it recorded; any other session is re-simulated from its seed and actions, its stored
// frames are used where a record has one, and the frames between the actions of a multi-action record are drawn.
import type { RecorderEpisode, RecorderRow } from '../../lib/crafter-recorder.ts';
import { decodePng } from '../../lib/png-decode.ts';
import { FrameRenderer } from '../../sim/render/renderer.ts';
import type { TexturePack } from '../../sim/textures/pack.ts';
import { ACHIEVEMENTS, ITEM_NAMES, actionIndex } from '../../sim/rules.ts';
import type { SessionRecord, StepRecord } from '../../storage/types.ts';
import { recordedEnv, recordingInfo, type RecordingInfo } from './metadata.ts';
import { RecordedMaps } from './recorded-maps.ts';
import { sessionEnv } from '../session-env.ts';

export type SessionEpisode = RecorderEpisode<StepRecord>;

export class EpisodeExportError extends Error {
  override name = 'EpisodeExportError';
}

const byName = (record: Record<string, number>, names: readonly string[]) => names.map((name) => record[name] ?? 0);

function frameOf(step: StepRecord, frameSize: readonly [number, number], sessionId: string): Uint8Array {
  const frame = decodePng(step.frame!.png);
  if (frame.width !== frameSize[0] || frame.height !== frameSize[1]) {
    throw new EpisodeExportError(`session ${sessionId}, step ${step.stepIndex}: the frame is ${frame.width}x${frame.height}, the episode's others ${frameSize.join('x')}`);
  }
  return frame.data;
}

/** The rows of a session; frames no record holds are drawn with the session's own pack, if it is among `packs`. */
export function recorderEpisode(session: SessionRecord, packs: readonly TexturePack[]): SessionEpisode {
  const info = recordingInfo(session);
  if (info) return importedEpisode(session, info);
  if (!session.outcome) throw new EpisodeExportError(`session ${session.id} has not ended; only ended sessions are exported as Crafter episodes`);
  const pack = packs.find((p) => p.hash === session.texturePack.sha256);
  return simulatedEpisode(session, session.outcome.length + 1, pack ? new FrameRenderer(pack) : null);
}

function importedEpisode(session: SessionRecord, info: RecordingInfo): SessionEpisode {
  const { area, size } = recordedEnv(session);
  return {
    rows: session.stepCount,
    recordedName: info.file,
    frameSize: size,
    area,
    async *stream(steps) {
      const maps = new RecordedMaps(area, session.id);
      const zeros = new Uint8Array(area[0] * area[1]);
      for await (const step of steps) {
        if (!step.frame?.png.length) throw new EpisodeExportError(`session ${session.id}, step ${step.stepIndex}: the frame is missing`);
        const { map } = maps.next(step);
        const health = step.inventory.health ?? 0;
        yield {
          image: frameOf(step, size, session.id),
          action: step.actions.length ? actionIndex(step.actions[0]) : 0,
          reward: step.reward,
          done: step.done,
          // Crafter's discount is 1 - dead, and dead is health <= 0.
          discount: step.stepIndex === 0 ? 0 : health > 0 ? 1 : 0,
          semantic: map ?? zeros,
          position: step.position,
          inventory: byName(step.inventory, ITEM_NAMES),
          achievements: byName(step.achievements, ACHIEVEMENTS),
        };
      }
    },
  };
}

function simulatedEpisode(session: SessionRecord, rows: number, renderer: FrameRenderer | null): SessionEpisode {
  const env = sessionEnv(session, { noise: renderer !== null });
  const fail = (step: StepRecord, what: string) =>
    new EpisodeExportError(`session ${session.id} does not re-simulate at step ${step.stepIndex} (${what}), so it cannot be exported as a Crafter episode`);
  const render = (): Uint8Array => {
    if (!renderer) {
      throw new EpisodeExportError(`session ${session.id}, step ${env.step}: no frame was stored there; load the texture pack the session used (${session.texturePack.name}) to draw it`);
    }
    return renderer.render(env);
  };
  const row = (image: Uint8Array, action: number, reward: number, done: boolean, discount: number): RecorderRow => {
    const p = env.player;
    return {
      image, action, reward, done, discount,
      semantic: env.semanticMap(),
      position: [p.x, p.y],
      inventory: Array.from(p.inventory),
      achievements: Array.from(p.achievements),
    };
  };
  return {
    rows,
    recordedName: null,
    frameSize: [...env.size],
    area: [...env.area],
    async *stream(steps) {
      for await (const step of steps) {
        if (step.stepIndex === 0) {
          yield row(step.frame?.png.length ? frameOf(step, env.size, session.id) : render(), 0, 0, false, 0);
          continue;
        }
        for (let i = 0; i < step.actions.length; i++) {
          const action = actionIndex(step.actions[i]);
          const result = env.stepAction(action);
          const stored = i === step.actions.length - 1 && step.frame?.png.length;
          const image = stored ? frameOf(step, env.size, session.id) : render();
          yield row(image, action, result.info.reward, result.done, result.info.discount);
        }
        const p = env.player;
        if (env.step !== step.stepIndex) throw fail(step, `the replay is at step ${env.step}`);
        if (p.x !== step.position[0] || p.y !== step.position[1]) throw fail(step, 'position');
        if (ITEM_NAMES.some((name, i) => step.inventory[name] !== p.inventory[i])) throw fail(step, 'inventory');
        if (ACHIEVEMENTS.some((name, i) => step.achievements[name] !== p.achievements[i])) throw fail(step, 'achievements');
      }
    },
  };
}
