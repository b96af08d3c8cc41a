// Where evaluations are kept, behind one small interface: in a JSON file (the CLI's default, beside the probe set), or
// in the trace store's documents (the page's IndexedDB store, or Node's store folder).
import type { JsonObject, TraceStore } from '../../storage/index.ts';
import { EVALUATION_FORMAT, type Evaluation } from './evaluate.ts';

export interface EvaluationArchive {
  /** Keeps the evaluation, replacing one of the same id. */
  save(evaluation: Evaluation): Promise<void>;
  /** Newest first. */
  list(): Promise<Evaluation[]>;
  /** Forgets the evaluation; an unknown id is no error. */
  delete(id: string): Promise<void>;
}

const newestFirst = (list: Evaluation[]) => [...list].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));

/** The evaluations read back from `where`, refused whole when one is of another format. */
function checked(values: readonly unknown[], where: string): Evaluation[] {
  if (values.some((e) => (e as Partial<Evaluation> | null)?.format !== EVALUATION_FORMAT)) throw new Error(`${where} holds an evaluation of another format`);
  return newestFirst(values as Evaluation[]);
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
    return checked(data.evaluations, this.file.name);
  }

  private async write(evaluations: Evaluation[]): Promise<void> {
    await this.file.write(`${JSON.stringify({ format: ARCHIVE_FORMAT, evaluations: newestFirst(evaluations) }, null, 1)}\n`);
  }

  async save(evaluation: Evaluation): Promise<void> {
    await this.write([evaluation, ...(await this.list()).filter((e) => e.id !== evaluation.id)]);
  }

  async delete(id: string): Promise<void> {
    const kept = await this.list();
    if (kept.some((e) => e.id === id)) await this.write(kept.filter((e) => e.id !== id));
  }
}

/** What the archive needs of a trace store: its small JSON documents. */
export type DocumentStore = Pick<TraceStore, 'putDocument' | 'listDocuments' | 'deleteDocument'>;

/** The document kind evaluations are kept under. */
export const EVALUATION_DOCUMENT_KIND = 'probe-evaluation';

/** Evaluations as documents of the trace store, one per evaluation: durable wherever the store is. */
export class StoreArchive implements EvaluationArchive {
  constructor(private readonly store: DocumentStore, readonly name = 'the trace store') {}

  async save(evaluation: Evaluation): Promise<void> {
    await this.store.putDocument(EVALUATION_DOCUMENT_KIND, evaluation.id, evaluation as unknown as JsonObject);
  }

  async list(): Promise<Evaluation[]> {
    return checked(await this.store.listDocuments(EVALUATION_DOCUMENT_KIND), this.name);
  }

  async delete(id: string): Promise<void> {
    await this.store.deleteDocument(EVALUATION_DOCUMENT_KIND, id);
  }
}
