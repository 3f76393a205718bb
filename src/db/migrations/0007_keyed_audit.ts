import { type Kysely, sql } from 'kysely';

/**
 * The audit chain becomes keyed (an HMAC under a key held outside the database): each entry names
 * the key that signed it. Entries before this carry none and keep their plain SHA-256 links.
 */
const statements = [`ALTER TABLE audit_events ADD COLUMN key_id text`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
