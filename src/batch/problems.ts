/**
 * A batch file's problems: every bad row named by line and column with what was expected. A file
 * with any problem is refused whole and nothing is written (every batch command and upload).
 */
export interface BatchProblem {
  line: number;
  column: string | null;
  message: string;
}

export class BatchFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: BatchProblem[],
    /** Problems found beyond those kept (a file can have millions; only the first are named). */
    readonly more = 0,
  ) {
    const total = problems.length + more;
    super(`${file} has ${total} ${total === 1 ? 'problem' : 'problems'}; nothing was written`);
  }
}

export function formatProblem(p: BatchProblem): string {
  return `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;
}

/** How a command prints a refused file on standard error. */
export function describeBatchFileError(error: BatchFileError): string {
  return `${error.message}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n${error.more ? `  and ${error.more.toLocaleString('en-GB')} more\n` : ''}`;
}
