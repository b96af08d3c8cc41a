// Sessions as the files of a Crafter Recorder folder: one .npz per episode and the stats.jsonl lines, produced one
// episode at a time; for the page, gathered into one zip.
import type { RecorderEpisode } from '../../lib/crafter-recorder.ts';
import { bytesSink } from '../../lib/npz.ts';
import { ZipWriter, type ZipSink } from '../../lib/zip.ts';
import type { SessionRecord, StepRecord, TraceReader } from '../../storage/index.ts';
import { statsLine } from './python-json.ts';
import { writeRecorderNpz, type CrafterNames } from './recorder-npz.ts';

export interface CrafterExportDeps {
  names: CrafterNames;
  /** The session as Recorder rows (src/agent/recordings re-simulates or decodes it). */
  episode(session: SessionRecord): RecorderEpisode<StepRecord>;
}

export interface CrafterEpisodeFile {
  sessionId: string;
  /** <YYYYmmddTHHMMSS>-ach<N>-len<L>.npz as the Recorder names them, or the name it was imported under. */
  name: string;
  bytes: Uint8Array;
  /** Its stats.jsonl line, without the newline; null for an episode that did not finish (the StatsRecorder writes none). */
  statsLine: string | null;
}

/** The Recorder's timestamp (it uses the end time) in UTC. */
function timestamp(iso: string): string {
  return iso.slice(0, 19).replace(/[-:]/g, '');
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/\.npz$/, `-${n}.npz`);
  taken.add(candidate);
  return candidate;
}

export async function* crafterEpisodeFiles(
  reader: TraceReader,
  sessions: readonly SessionRecord[],
  deps: CrafterExportDeps,
  signal?: AbortSignal,
): AsyncGenerator<CrafterEpisodeFile, void, undefined> {
  const taken = new Set<string>();
  for (const session of sessions) {
    signal?.throwIfAborted();
    const episode = deps.episode(session);
    const { file, stats } = await writeRecorderNpz(episode, reader.iterateSteps(session.id), deps.names, bytesSink());
    const generated = `${timestamp(session.endedAt ?? session.startedAt)}-ach${stats.unlocked}-len${stats.length}.npz`;
    yield {
      sessionId: session.id,
      name: uniqueName(episode.recordedName ?? generated, taken),
      bytes: file,
      statsLine: stats.finished ? statsLine(stats, deps.names.achievements) : null,
    };
  }
}

/** The episodes and their stats.jsonl in one zip (the .npz members stored as they are: they are compressed already). */
export async function writeEpisodesArchive<R>(files: AsyncIterable<CrafterEpisodeFile>, sink: ZipSink<R>): Promise<{ file: R; episodes: number }> {
  const zip = new ZipWriter(sink);
  const lines: string[] = [];
  let episodes = 0;
  for await (const file of files) {
    zip.add(file.name, file.bytes, false);
    if (file.statsLine !== null) lines.push(`${file.statsLine}\n`);
    episodes++;
  }
  zip.add('stats.jsonl', lines.join(''), true);
  return { file: await zip.close(), episodes };
}
