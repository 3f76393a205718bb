import { type Kysely, sql } from 'kysely';

/**
 * Scheduled jobs a council's IT asks about (issue 18): a daily backup, verified by restoring it,
 * and database upkeep. `backups` records each daily backup (the file, what it held, whether it was
 * restored and checked); `job_status` each job's last run and result, for administrators and the
 * readiness check. Both are about this installation, not the council's records, so neither is
 * backed up. The queues are pg-boss's: 'stately' lets one run and one wait, never two at once.
 */
const QUEUES: Record<string, object> = {
  'daily-backup': { policy: 'stately', retryLimit: 2, retryDelay: 900, expireInSeconds: 3 * 3600, retentionMinutes: 60 * 24 * 30 },
  'database-upkeep': { policy: 'stately', retryLimit: 1, retryDelay: 600, expireInSeconds: 3600, retentionMinutes: 60 * 24 * 30 },
};

const statements = [
  `CREATE TABLE backups (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     started_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz,
     status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'verified', 'failed')),
     file_name text,
     bytes bigint,
     rows bigint,
     audit_entries bigint,
     error text
   )`,
  `CREATE INDEX backups_started ON backups (started_at DESC)`,
  `CREATE TABLE job_status (
     job text PRIMARY KEY,
     last_started_at timestamptz,
     last_finished_at timestamptz,
     last_result text CHECK (last_result IN ('succeeded', 'failed')),
     last_summary text,
     last_error text,
     last_succeeded_at timestamptz
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const [name, options] of Object.entries(QUEUES)) await sql`SELECT pgboss.create_queue(${name}, ${JSON.stringify({ name, ...options })}::json)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
