import type { Kysely } from 'kysely';
import { CsvSyntaxError, csvRecords, exportCell, importCell } from '../../batch/csv.js';
import type { Database, DirectoryEntry } from '../../db/schema.js';
import { type AuditActor, recordAudit } from '../audit/audit-trail.js';
import type { BatchProblem } from '../../batch/problems.js';
import { entryChanges } from './entries.js';
import { entryByReference, insertEntry, updateEntry } from './repository.js';
import { type EntryInput, entrySchema } from './schemas.js';

/**
 * The directory as CSV, one entry a row (docs/directory-csv.md). Import is all or nothing and
 * idempotent: rows are matched by `reference`, and a row that changes nothing changes nothing.
 */
export const DIRECTORY_COLUMNS = [
  'reference',
  'kind',
  'name',
  'contact_name',
  'phone',
  'email',
  'address',
  'postcode',
  'website',
  'description',
  'services',
  'areas',
  'availability',
  'accepting_new',
  'hourly_rate',
  'rates',
  'cqc_location_id',
  'contract_status',
  'functions',
  'public_listing',
  'public_fields',
  'consent_recorded_on',
] as const;

const LIST_COLUMNS = new Set(['services', 'areas', 'functions', 'public_fields']);
const pounds = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

export function directoryCsv(entries: DirectoryEntry[]): string {
  const lines = [DIRECTORY_COLUMNS.join(',')];
  for (const e of entries) {
    const value = (column: (typeof DIRECTORY_COLUMNS)[number]): string => {
      switch (column) {
        case 'accepting_new':
          return e.accepting_new ? 'yes' : 'no';
        case 'public_listing':
          return e.public_listing ? 'yes' : 'no';
        case 'hourly_rate':
          return e.hourly_rate_pence === null ? '' : pounds(e.hourly_rate_pence);
        default: {
          const v = e[column];
          return Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v);
        }
      }
    };
    lines.push(DIRECTORY_COLUMNS.map((c) => exportCell(value(c))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export class DirectoryImportError extends Error {
  constructor(readonly problems: BatchProblem[]) {
    super(`The directory file has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; nothing was imported`);
  }
}

export async function importDirectoryCsv(db: Kysely<Database>, who: AuditActor, text: string): Promise<{ created: number; updated: number; unchanged: number }> {
  const problems: BatchProblem[] = [];
  let records;
  try {
    records = await csvRecords(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new DirectoryImportError([{ line: error.line, column: null, message: error.message.replace(/^line \d+: /, '') }]);
  }
  const [header, ...rows] = records;
  if (!header) throw new DirectoryImportError([{ line: 1, column: null, message: 'the file is empty; expected a header row' }]);
  const missing = DIRECTORY_COLUMNS.filter((c) => !header.fields.includes(c));
  const unknown = header.fields.filter((c) => !(DIRECTORY_COLUMNS as readonly string[]).includes(c));
  if (missing.length) problems.push({ line: 1, column: null, message: `columns missing: ${missing.join(', ')}` });
  for (const c of unknown) problems.push({ line: 1, column: c, message: 'is not a directory column' });
  if (problems.length) throw new DirectoryImportError(problems);

  const parsed: { line: number; reference: string; input: EntryInput }[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      problems.push({ line: row.line, column: null, message: `has ${row.fields.length} fields; expected ${header.fields.length}` });
      continue;
    }
    const raw: Record<string, unknown> = {};
    header.fields.forEach((column, i) => {
      const value = importCell(row.fields[i]!.trim());
      raw[column] = LIST_COLUMNS.has(column) ? value.split(';').map((x) => x.trim()).filter(Boolean) : value;
    });
    const reference = String(raw.reference);
    if (!/^[A-Za-z0-9-]{1,40}$/.test(reference)) {
      problems.push({ line: row.line, column: 'reference', message: 'expected a reference of letters, digits and "-", like DIR-1001: it is how a row is matched when imported again' });
    } else if (seen.has(reference)) {
      problems.push({ line: row.line, column: 'reference', message: `"${reference}" is also on line ${seen.get(reference)}` });
    } else seen.set(reference, row.line);
    for (const flag of ['accepting_new', 'public_listing']) {
      if (!['yes', 'no', ''].includes(String(raw[flag]))) problems.push({ line: row.line, column: flag, message: 'expected yes or no' });
    }
    const result = entrySchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ line: row.line, column: String(issue.path[0] ?? '') || null, message: issue.message });
      continue;
    }
    parsed.push({ line: row.line, reference, input: result.data });
  }
  if (problems.length) throw new DirectoryImportError(problems);

  return db.transaction().execute(async (trx) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const { reference, input } of parsed) {
      const existing = await entryByReference(trx, reference);
      if (!existing) {
        const created = await insertEntry(trx, input, reference);
        await recordAudit(trx, who, { action: 'directory.entry-imported', subjectType: 'directory-entry', subjectId: created.id, after: { reference, ...input } });
        counts.created++;
        continue;
      }
      const changes = entryChanges(existing, input);
      if (Object.keys(changes.after).length === 0) {
        counts.unchanged++;
        continue;
      }
      await updateEntry(trx, existing.id, null, input);
      await recordAudit(trx, who, { action: 'directory.entry-imported', subjectType: 'directory-entry', subjectId: existing.id, ...changes });
      counts.updated++;
    }
    return counts;
  });
}
