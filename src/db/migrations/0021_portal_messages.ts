import { type Kysely, sql } from 'kysely';

/**
 * Asking and telling (issue 14, part 7): one thread a person, between them (or their
 * representatives) and the council. A message from My Selfdirect waits on the team's worklist
 * until a worker replies or marks it dealt with; the council's replies never wait. A message is
 * never edited or deleted: the thread is part of the record.
 */
const statements = [
  `CREATE TABLE portal_messages (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     kind text NOT NULL CHECK (kind IN ('message', 'review-request', 'change-of-circumstances')),
     topic text,
     body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
     from_account uuid REFERENCES portal_accounts (id),
     from_staff uuid REFERENCES staff_users (id),
     from_label text NOT NULL,
     sent_at timestamptz NOT NULL DEFAULT now(),
     dealt_with_at timestamptz,
     dealt_with_by uuid REFERENCES staff_users (id),
     CHECK ((from_account IS NULL) <> (from_staff IS NULL)),
     CHECK (from_staff IS NULL OR dealt_with_at IS NULL),
     CHECK ((dealt_with_at IS NULL) = (dealt_with_by IS NULL)),
     CHECK (kind = 'message' OR from_account IS NOT NULL)
   )`,
  `CREATE INDEX portal_messages_person ON portal_messages (person_id, sent_at)`,
  `CREATE INDEX portal_messages_waiting ON portal_messages (person_id) WHERE from_account IS NOT NULL AND dealt_with_at IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
