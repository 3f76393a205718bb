import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CsvSyntaxError, readCsv } from '../../batch/csv.js';
import {
  type Checked,
  type LegacyCarer,
  type LegacyEvent,
  type LegacyPerson,
  MIGRATION_FILES,
  type MigrationFile,
  carerTypeProblem,
  checkCarerRow,
  checkEventRow,
  checkPersonRow,
} from '../../domain/migration/legacy-rows.js';

/** A bad row (or file), named by file, line and column, with what was expected. */
export interface MigrationProblem {
  file: string;
  line: number | null;
  column: string | null;
  message: string;
}

/** Only the first problems are kept: a folder can have millions of bad rows. */
export const MAX_PROBLEMS = 1_000;

export class MigrationFolderError extends Error {
  constructor(
    readonly problems: MigrationProblem[],
    readonly more: number,
  ) {
    const total = problems.length + more;
    super(`The migration folder has ${total} ${total === 1 ? 'problem' : 'problems'}; nothing was imported`);
  }
}

export function formatMigrationProblem(p: MigrationProblem): string {
  return `${p.file}${p.line === null ? '' : `, line ${p.line}`}${p.column ? `, ${p.column}` : ''}: ${p.message}`;
}

class Problems {
  readonly list: MigrationProblem[] = [];
  more = 0;
  add(problem: MigrationProblem) {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.more += 1;
  }
  throwIfAny() {
    if (this.list.length > 0) throw new MigrationFolderError(this.list, this.more);
  }
}

const fileName = (kind: MigrationFile) => `${kind}.csv`;

/**
 * Reads one file's rows as objects keyed by column, checking the header first: every column the
 * format names, no others. Syntax errors and short or long rows are problems, not exceptions.
 */
async function eachRow(dir: string, kind: MigrationFile, problems: Problems, onRow: (cells: Record<string, string>, line: number) => void, onBytes?: (bytes: number) => void) {
  const file = path.join(dir, fileName(kind));
  if (!existsSync(file) || !statSync(file).isFile()) {
    problems.add({ file: fileName(kind), line: null, column: null, message: 'is missing from the folder' });
    return;
  }
  const expected: readonly string[] = MIGRATION_FILES[kind];
  let header: string[] | null = null;
  try {
    for await (const batch of readCsv(file, onBytes)) {
      for (const record of batch) {
        if (!header) {
          header = record.fields.map((f) => f.trim());
          const missing = expected.filter((c) => !header!.includes(c));
          const unknown = header.filter((c) => !expected.includes(c));
          for (const c of missing) problems.add({ file: fileName(kind), line: 1, column: c, message: 'is missing from the header' });
          for (const c of unknown) problems.add({ file: fileName(kind), line: 1, column: c, message: `is not a column of ${fileName(kind)}: expected ${expected.join(',')}` });
          if (missing.length || unknown.length) return;
          continue;
        }
        if (record.fields.length !== header.length) {
          problems.add({ file: fileName(kind), line: record.line, column: null, message: `has ${record.fields.length} fields; expected ${header.length}, one for each column of the header` });
          continue;
        }
        const cells: Record<string, string> = {};
        for (let i = 0; i < header.length; i++) cells[header[i]!] = record.fields[i]!;
        onRow(cells, record.line);
      }
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add({ file: fileName(kind), line: error.line, column: null, message: error.message.replace(/^line \d+: /, '') });
  }
  if (!header) problems.add({ file: fileName(kind), line: 1, column: null, message: 'is empty: expected a header row' });
}

function keep<T>(checked: Checked<T>, kind: MigrationFile, line: number, problems: Problems): T | null {
  if (checked.ok) return checked.value;
  for (const p of checked.problems) problems.add({ file: fileName(kind), line, column: p.column, message: p.message });
  return null;
}

export interface MigrationFolder {
  dir: string;
  people: Map<string, LegacyPerson>;
  carers: LegacyCarer[];
}

/**
 * Checks the whole folder — every row of every file, and the references between them — and
 * returns the people and carer links (small); the events are read again, in batches, to import. Any
 * problem refuses the folder whole, with every bad row named (the first MAX_PROBLEMS of them).
 */
export async function checkMigrationFolder(dir: string, onBytes?: (bytes: number) => void): Promise<MigrationFolder> {
  const problems = new Problems();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MigrationFolderError([{ file: dir, line: null, column: null, message: 'is not a folder' }], 0);
  let done = 0;
  const progress = (base: () => number) => (bytes: number) => onBytes?.(base() + bytes);
  const people = new Map<string, LegacyPerson>();
  const seenPeople = new Map<string, number>();
  await eachRow(dir, 'people', problems, (cells, line) => {
    const person = keep(checkPersonRow(cells), 'people', line, problems);
    const ref = (cells.person_ref ?? '').trim();
    const duplicate = ref !== '' && seenPeople.has(ref);
    if (duplicate) problems.add({ file: 'people.csv', line, column: 'person_ref', message: `"${ref}" is already on line ${seenPeople.get(ref)}: each person once` });
    else if (ref) seenPeople.set(ref, line);
    if (person && !duplicate) people.set(person.ref, person);
  }, progress(() => done));
  done += fileSize(dir, 'people');

  const carers: LegacyCarer[] = [];
  const pairs = new Map<string, number>();
  await eachRow(dir, 'carers', problems, (cells, line) => {
    const link = keep(checkCarerRow(cells), 'carers', line, problems);
    // The references are checked against people.csv whatever else is wrong with the row.
    const carerRef = (cells.carer_ref ?? '').trim();
    const caredForRef = (cells.cared_for_ref ?? '').trim();
    const carer = people.get(carerRef);
    if (carerRef && !seenPeople.has(carerRef)) problems.add({ file: 'carers.csv', line, column: 'carer_ref', message: `"${carerRef}" is not a person_ref in people.csv` });
    else if (carer && carerTypeProblem(carer)) problems.add({ file: 'carers.csv', line, column: 'carer_ref', message: carerTypeProblem(carer)! });
    if (caredForRef && !seenPeople.has(caredForRef)) problems.add({ file: 'carers.csv', line, column: 'cared_for_ref', message: `"${caredForRef}" is not a person_ref in people.csv` });
    const pair = `${carerRef}\u0000${caredForRef}`;
    if (pairs.has(pair)) problems.add({ file: 'carers.csv', line, column: 'cared_for_ref', message: `this carer and person are already linked on line ${pairs.get(pair)}` });
    else pairs.set(pair, line);
    if (link) carers.push(link);
  }, progress(() => done));
  done += fileSize(dir, 'carers');

  const seenEvents = new Set<string>();
  await eachRow(dir, 'events', problems, (cells, line) => {
    keep(checkEventRow(cells), 'events', line, problems);
    const ref = (cells.event_ref ?? '').trim();
    if (ref && seenEvents.has(ref)) problems.add({ file: 'events.csv', line, column: 'event_ref', message: `"${ref}" is used by an earlier row: each event once` });
    else if (ref) seenEvents.add(ref);
    const personRef = (cells.person_ref ?? '').trim();
    if (personRef && !seenPeople.has(personRef)) problems.add({ file: 'events.csv', line, column: 'person_ref', message: `"${personRef}" is not a person_ref in people.csv` });
  }, progress(() => done));
  done += fileSize(dir, 'events');
  problems.throwIfAny();
  return { dir, people, carers };
}

function fileSize(dir: string, kind: MigrationFile): number {
  const file = path.join(dir, fileName(kind));
  return existsSync(file) ? statSync(file).size : 0;
}

/** The events of a folder already checked, a batch at a time. */
export async function* eventBatches(dir: string, size: number, onBytes?: (bytes: number) => void): AsyncGenerator<LegacyEvent[]> {
  let batch: LegacyEvent[] = [];
  let header: string[] | null = null;
  for await (const records of readCsv(path.join(dir, 'events.csv'), onBytes)) {
    for (const record of records) {
      if (!header) {
        header = record.fields.map((f) => f.trim());
        continue;
      }
      const cells: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) cells[header[i]!] = record.fields[i]!;
      const checked = checkEventRow(cells);
      if (!checked.ok) throw new Error(`events.csv line ${record.line} changed while it was being imported`);
      batch.push(checked.value);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
