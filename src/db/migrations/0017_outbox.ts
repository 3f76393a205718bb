import { type Kysely, sql } from 'kysely';

/**
 * One outbox for every message Selfdirect sends (ADR 0012): written in the transaction of the
 * change that caused it, delivered by a job, retried, its status kept. The fields of a message
 * that are secret (a sign-in code) are named, and removed once it is sent.
 */
const statements = [
  `CREATE TABLE outbox_messages (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     template text NOT NULL CHECK (template IN ('sign-in-code', 'portal-invitation', 'staff-invitation', 'letter')),
     recipient text NOT NULL,
     personalisation jsonb NOT NULL,
     secret_fields text[] NOT NULL DEFAULT '{}',
     reference text,
     person_id uuid REFERENCES people (id),
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL DEFAULT now(),
     claimed_at timestamptz,
     last_error text,
     provider_id text,
     created_at timestamptz NOT NULL DEFAULT now(),
     sent_at timestamptz
   )`,
  `CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at) WHERE status IN ('pending', 'sending')`,
  `CREATE INDEX outbox_messages_recent ON outbox_messages (created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
