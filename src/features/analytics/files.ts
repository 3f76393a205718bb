import { writeFile, rename } from 'node:fs/promises';
import { CsvSyntaxError, readCsv } from '../../batch/csv.js';
import type { Progress } from '../../batch/progress.js';
import { BatchFileError, type BatchProblem } from '../../batch/problems.js';

/**
 * Reading the analysts' CSV files: every bad row is collected (line and column, with what was
 * expected) and the whole file is refused if there are any; results are written only then.
 */
export async function scanCsv(
  file: string,
  expectedHeader: (header: string[], problems: BatchProblem[]) => boolean,
  onRow: (fields: string[], line: number, problems: BatchProblem[]) => void,
  progress?: Progress,
): Promise<void> {
  const problems: BatchProblem[] = [];
  let more = 0;
  let header: string[] | null = null;
  let rows = 0;
  try {
    for await (const batch of readCsv(file, (bytes) => progress?.update(bytes, `${rows.toLocaleString('en-GB')} rows`))) {
      for (const record of batch) {
        if (!header) {
          header = record.fields;
          if (!expectedHeader(header, problems)) break;
          continue;
        }
        if (record.fields.length !== header.length) {
          problems.push({ line: record.line, column: null, message: `has ${record.fields.length} fields; expected ${header.length}, one for each column of the header` });
          continue;
        }
        onRow(record.fields, record.line, problems);
        rows++;
        // Only the first problems are kept and named; the rest are counted, so a bad file never fills memory.
        if (problems.length > MAX_PROBLEMS_KEPT) {
          more += problems.length - MAX_PROBLEMS_KEPT;
          problems.length = MAX_PROBLEMS_KEPT;
        }
      }
      if (header && problems.length > 0 && problems[0]!.line === 1) break;
    }
    if (!header) problems.push({ line: 1, column: null, message: 'the file is empty; expected a header row' });
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.push({ line: error.line, column: null, message: error.message.replace(/^line \d+: /, '') });
  } finally {
    progress?.finish();
  }
  if (problems.length > 0) throw new BatchFileError(file, problems, more);
}

/** How many problems a file's refusal names; the rest are counted. */
export const MAX_PROBLEMS_KEPT = 1000;

/** Columns exactly as given, in order. */
export function exactHeader(expected: string[]) {
  return (header: string[], problems: BatchProblem[]) => {
    if (header.length === expected.length && header.every((h, i) => h === expected[i])) return true;
    problems.push({ line: 1, column: null, message: `the header must be ${expected.join(',')}` });
    return false;
  };
}

export function wholeNumber(value: string, min = 0): number | null {
  if (!/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

/** Writes a report only when everything succeeded, never a half-written file. */
export async function writeReport(file: string, report: unknown): Promise<void> {
  await writeFile(`${file}.partial`, `${JSON.stringify(report, null, 2)}\n`);
  await rename(`${file}.partial`, file);
}
