import { type Kysely, sql } from 'kysely';

/**
 * A reclaim's letter says what the person is told, in words written for them: the officer's
 * reason for the decision stays on the record and is not printed (issue 13, defect 7).
 */
const statements = [`ALTER TABLE reclaims ADD COLUMN letter_reason text`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
