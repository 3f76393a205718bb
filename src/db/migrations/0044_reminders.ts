import { type Kysely, sql } from 'kysely';

/**
 * Reminders to people through the outbox (issue 18): a review coming up, the annual check of a
 * direct payment account, a personal assistant's check running out. `reminders_sent` says which
 * reminder went about what to whom, so the daily job sends each once however often it runs; the
 * `daily-reminders` queue lets one run at a time. Staff see the same things on their worklists,
 * which read them as they stand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE reminders_sent (
     kind text NOT NULL CHECK (kind IN ('review-due', 'audit-due', 'check-expiry')),
     subject_id uuid NOT NULL,
     person_id uuid NOT NULL REFERENCES people (id),
     sent_on date NOT NULL,
     PRIMARY KEY (kind, subject_id, person_id)
   )`.execute(db);
  const name = 'daily-reminders';
  await sql`SELECT pgboss.create_queue(${name}, ${JSON.stringify({ name, policy: 'stately', retryLimit: 2, retryDelay: 900, expireInSeconds: 3600, retentionMinutes: 60 * 24 * 30 })}::json)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
