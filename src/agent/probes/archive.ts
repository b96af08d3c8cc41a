// Where evaluations are kept, behind one small interface: in memory (the page, for now), or in a JSON file (the CLI,
// beside the probe set). The trace store will implement the same interface.
import { EVALUATION_FORMAT, type Evaluation } from './evaluate.ts';

export interface EvaluationArchive {
  save(evaluation: Evaluation): Promise<void>;
  /** Newest first. */
  list(): Promise<Evaluation[]>;
}

const newestFirst = (list: Evaluation[]) => [...list].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));

export class MemoryArchive implements EvaluationArchive {
  private readonly evaluations = new Map<string, Evaluation>();

  async save(evaluation: Evaluation): Promise<void> {
    this.evaluations.set(evaluation.id, structuredClone(evaluation));
  }

  async list(): Promise<Evaluation[]> {
    return newestFirst([...this.evaluations.values()].map((e) => structuredClone(e)));
  }
}

/** A text file the archive reads whole and rewrites whole; read gives null while it does not exist. */
export interface TextFile {
  readonly name: string;
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

export const ARCHIVE_FORMAT = 'crafter-web-probe-evals/1';

export class JsonFileArchive implements EvaluationArchive {
  constructor(private readonly file: TextFile) {}

  get name(): string {
    return this.file.name;
  }

  async list(): Promise<Evaluation[]> {
    const text = await this.file.read();
    if (text === null) return [];
    let data: { format?: unknown; evaluations?: unknown };
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error(`${this.file.name} is not JSON; move it away or name another archive file`);
    }
    if (data?.format !== ARCHIVE_FORMAT || !Array.isArray(data.evaluations)) {
      throw new Error(`${this.file.name} is not an evaluation archive (format ${ARCHIVE_FORMAT})`);
    }
    const evaluations = data.evaluations as Evaluation[];
    if (evaluations.some((e) => e?.format !== EVALUATION_FORMAT)) throw new Error(`${this.file.name} holds an evaluation of another format`);
    return newestFirst(evaluations);
  }

  async save(evaluation: Evaluation): Promise<void> {
    const kept = (await this.list()).filter((e) => e.id !== evaluation.id);
    await this.file.write(`${JSON.stringify({ format: ARCHIVE_FORMAT, evaluations: newestFirst([evaluation, ...kept]) }, null, 1)}\n`);
  }
}
