import { type Kysely, sql } from 'kysely';

/**
 * The direct payments officers' queues at the largest council (issue 19): which agreed plan an
 * account pays for is looked up by plan, for plans waiting to be set up and payments to end.
 */
const statements = [`CREATE INDEX dp_agreements_plan ON dp_agreements (plan_id)`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
