import { type Kysely, sql } from 'kysely';
import PgBoss from 'pg-boss';

/**
 * The job queue (pg-boss) lives in the same database, in its own schema, created here by the owner
 * like every other table, so that on PostgreSQL the service's role needs no right to create tables
 * (ADR 0012). pg-boss's own script, without its BEGIN and COMMIT: the migration is the transaction.
 * Queues are created here too (creating one creates a table). A later pg-boss that changes its
 * schema comes with a migration of ours that runs PgBoss.getMigrationPlans.
 */
export const JOB_SCHEMA = 'pgboss';

/**
 * Each queue and its policy. Outbox delivery is 'short': asks while one is waiting are one ask,
 * but a delivery that died while active never blocks the next (the outbox's own claims stop a
 * message going twice, whichever deliveries run).
 */
export const QUEUES: Record<string, object> = {
  'outbox-deliver': { policy: 'short', retryLimit: 0, expireInSeconds: 300, retentionMinutes: 60 * 24 * 7 },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const plans = PgBoss.getConstructionPlans(JOB_SCHEMA)
    .replace(/^\s*BEGIN;\s*$/m, '')
    .replace(/^\s*COMMIT;\s*$/m, '');
  await sql.raw(plans).execute(db);
  for (const [name, options] of Object.entries(QUEUES)) await sql`SELECT pgboss.create_queue(${name}, ${JSON.stringify({ name, ...options })}::json)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
