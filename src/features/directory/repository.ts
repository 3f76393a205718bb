import { type Insertable, type Updateable, sql } from 'kysely';
import type { DirectoryCheck, DirectoryChecksTable, DirectoryEntriesTable, DirectoryEntry } from '../../db/schema.js';
import type { CheckRecord } from '../../domain/directory/checks.js';
import type { DirectoryFacts } from '../../domain/planning/checks.js';
import { type Executor, uuid } from '../../web/route.js';

/** The directory_entries and directory_checks tables: every query on them is here. */

/** Name, kind and checks of each entry, for the plan checks; ids that name no entry are left out. */
export async function directoryFactsFor(db: Executor, given: readonly string[]): Promise<Map<string, DirectoryFacts>> {
  const facts = new Map<string, DirectoryFacts>();
  // A stored reference that is not an id (bad data from before it was checked) names no entry.
  const ids = given.filter((id) => uuid.safeParse(id).success);
  if (ids.length === 0) return facts;
  const [entries, checks] = await Promise.all([
    db.selectFrom('directory_entries').select(['id', 'name', 'kind']).where('id', 'in', [...ids]).execute(),
    db
      .selectFrom('directory_checks')
      .select(['entry_id', 'check_type', 'checked_on', 'expires_on', 'update_service', 'outcome', 'decision', 'accreditation_status'])
      .where('entry_id', 'in', [...ids])
      .execute(),
  ]);
  for (const entry of entries) facts.set(entry.id, { name: entry.name, kind: entry.kind, checks: checks.filter((c) => c.entry_id === entry.id) as CheckRecord[] });
  return facts;
}

/** Every entry, for a plan line's choice of provider, with its rate and its checks (so the choice shows whether they are met). */
export async function directoryChoices(db: Executor) {
  const [entries, checks] = await Promise.all([
    db.selectFrom('directory_entries').select(['id', 'name', 'kind', 'hourly_rate_pence']).orderBy(sql`lower(name)`).execute(),
    db.selectFrom('directory_checks').select(['entry_id', 'check_type', 'checked_on', 'expires_on', 'update_service', 'outcome', 'decision', 'accreditation_status']).execute(),
  ]);
  const byEntry = new Map<string, CheckRecord[]>();
  for (const c of checks) byEntry.set(c.entry_id, [...(byEntry.get(c.entry_id) ?? []), c as CheckRecord]);
  return entries.map((e) => ({ ...e, checks: byEntry.get(e.id) ?? [] }));
}

/** The entries listed publicly, for the person choosing support in My Selfdirect. */
export async function publicDirectoryChoices(db: Executor) {
  return db.selectFrom('directory_entries').select(['id', 'name', 'kind']).where('public_listing', '=', true).orderBy(sql`lower(name)`).execute();
}

export async function directoryEntryName(db: Executor, id: string) {
  return db.selectFrom('directory_entries').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
}

export interface DirectoryFilters {
  kind?: string;
  service?: string;
  area?: string;
  accepting?: boolean;
  publicOnly?: boolean;
}

/** Entries matching the filters, by name. */
export async function entriesMatching(db: Executor, filters: DirectoryFilters): Promise<DirectoryEntry[]> {
  let query = db.selectFrom('directory_entries').selectAll().orderBy(sql`lower(name)`);
  if (filters.kind) query = query.where('kind', '=', filters.kind as DirectoryEntry['kind']);
  if (filters.service) query = query.where(sql<boolean>`${filters.service} = ANY(services)`);
  if (filters.area) query = query.where(sql<boolean>`${filters.area} = ANY(areas)`);
  if (filters.accepting) query = query.where('accepting_new', '=', true);
  if (filters.publicOnly) query = query.where('public_listing', '=', true);
  return query.execute();
}

export async function entryById(db: Executor, id: string): Promise<DirectoryEntry | undefined> {
  return db.selectFrom('directory_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function entryByReference(db: Executor, reference: string): Promise<DirectoryEntry | undefined> {
  return db.selectFrom('directory_entries').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export async function publicEntryById(db: Executor, id: string): Promise<DirectoryEntry | undefined> {
  return db.selectFrom('directory_entries').selectAll().where('id', '=', id).where('public_listing', '=', true).executeTakeFirst();
}

export async function entriesByReference(db: Executor): Promise<DirectoryEntry[]> {
  return db.selectFrom('directory_entries').selectAll().orderBy('reference').execute();
}

/** Each entry's checks, newest first. */
export async function checksOfEntries(db: Executor, entryIds: string[]): Promise<Map<string, DirectoryCheck[]>> {
  const byEntry = new Map<string, DirectoryCheck[]>(entryIds.map((id) => [id, []]));
  if (entryIds.length === 0) return byEntry;
  const rows = await db.selectFrom('directory_checks').selectAll().where('entry_id', 'in', entryIds).orderBy('checked_on', 'desc').execute();
  for (const row of rows) byEntry.get(row.entry_id)!.push(row);
  return byEntry;
}

export async function insertEntry(db: Executor, input: Omit<Insertable<DirectoryEntriesTable>, 'reference' | 'updated_at'>, reference?: string): Promise<DirectoryEntry> {
  return db
    .insertInto('directory_entries')
    .values({ ...input, reference: reference ?? sql<string>`'DIR-' || nextval('directory_reference_seq')`, updated_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes an entry at the version the editor saw (or whatever it is now, for an import): false when someone changed it first. */
export async function updateEntry(db: Executor, id: string, version: number | null, input: Updateable<DirectoryEntriesTable>): Promise<boolean> {
  let query = db.updateTable('directory_entries').set({ ...input, updated_at: new Date(), version: sql`version + 1` }).where('id', '=', id);
  if (version !== null) query = query.where('version', '=', version);
  return Number((await query.executeTakeFirst()).numUpdatedRows) === 1;
}

export async function insertCheck(db: Executor, check: Insertable<DirectoryChecksTable>) {
  return db.insertInto('directory_checks').values(check).returning('id').executeTakeFirstOrThrow();
}
