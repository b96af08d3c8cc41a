// Problems found in an export, each with its file and 1-based row (line) number; the list is capped, the count is not.
// An error breaks a destination's rules; a warning (a file with fewer examples than a service wants) does not
// stop anyone training on the file elsewhere.
export interface Problem {
  file: string;
  /** 1-based line of the row in its file; null for a problem of the whole file. */
  line: number | null;
  message: string;
}

export class ProblemList {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  count = 0;

  constructor(private readonly cap = 200) {}

  add(file: string, line: number | null, message: string): void {
    this.count++;
    if (this.problems.length < this.cap) this.problems.push({ file, line, message });
  }

  warn(file: string, line: number | null, message: string): void {
    if (this.warnings.length < this.cap) this.warnings.push({ file, line, message });
  }

  get ok(): boolean {
    return this.count === 0;
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}`;
}
