import { type Kysely, sql } from 'kysely';
import { ConflictError } from '../errors.js';
import type { Database } from './schema.js';

/** Tables whose rows carry a `version` that every edit checks and bumps. */
type VersionedTable = 'assessments' | 'reclaims' | 'dp_suspensions';

/**
 * Changes one row only at the version the editor saw, bumping it: the optimistic lock every form
 * that edits a record uses. Someone else's change first is a ConflictError, never an overwrite.
 * Each repository wraps it with its row's type.
 */
export async function updateAtVersion(db: Kysely<Database>, table: VersionedTable, id: string, version: number, changes: object): Promise<unknown> {
  const updated = await (db as unknown as Kysely<Record<string, { id: string; version: number }>>)
    .updateTable(table)
    .set({ ...changes, version: sql`version + 1` } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new ConflictError();
  return updated;
}
