import { sql } from 'kysely';
import type { CheckRecord } from '../../domain/directory/checks.js';
import type { DirectoryFacts } from '../../domain/planning/checks.js';
import type { Executor } from '../../web/route.js';

/** Directory queries other slices use (the directory slice's own service is being moved here). */

/** Name, kind and checks of each entry, for the plan checks; ids that name no entry are left out. */
export async function directoryFactsFor(db: Executor, ids: readonly string[]): Promise<Map<string, DirectoryFacts>> {
  const facts = new Map<string, DirectoryFacts>();
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

/** Every entry, for a plan line's choice of provider. */
export async function directoryChoices(db: Executor) {
  return db.selectFrom('directory_entries').select(['id', 'name', 'kind']).orderBy(sql`lower(name)`).execute();
}

export async function directoryEntryName(db: Executor, id: string) {
  return db.selectFrom('directory_entries').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
}
