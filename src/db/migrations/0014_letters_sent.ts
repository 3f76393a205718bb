import { type Kysely, sql } from 'kysely';

/**
 * A letter to the person (a reclaim, a variation notice, a contribution note) is kept on the
 * account's record as it was sent: its words then, not as the page would render it now.
 */
const statements = [
  `CREATE TABLE dp_letters (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     agreement_id uuid NOT NULL REFERENCES dp_agreements (id),
     kind text NOT NULL CHECK (kind IN ('reclaim', 'variation', 'contribution')),
     subject_id uuid,
     title text NOT NULL,
     address jsonb NOT NULL,
     paragraphs jsonb NOT NULL,
     sent_on date NOT NULL,
     sent_by uuid NOT NULL REFERENCES staff_users (id),
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX dp_letters_agreement ON dp_letters (agreement_id, sent_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
