import { type Kysely, sql } from 'kysely';

/**
 * Whether the person pays their assessed contribution into the direct payment account (some
 * councils collect it separately): only then does monitoring check that it arrived.
 */
const statements = [`ALTER TABLE dp_agreements ADD COLUMN contribution_into_account boolean NOT NULL DEFAULT false`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
