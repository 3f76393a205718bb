import { type Kysely, sql } from 'kysely';

/**
 * A suspension may have no last day yet (a hospital stay whose end nobody knows): payments stay
 * suspended until the officer resumes them from a day. A version guards the resume against two
 * officers at once.
 */
const statements = [`ALTER TABLE dp_suspensions ALTER COLUMN to_on DROP NOT NULL`, `ALTER TABLE dp_suspensions ADD COLUMN version integer NOT NULL DEFAULT 1`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
