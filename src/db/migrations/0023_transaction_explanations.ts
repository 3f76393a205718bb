import { type Kysely, sql } from 'kysely';

/**
 * A person's explanation of a flagged direct payment transaction (issue 14, part 6): in words, a
 * receipt (a photo or a PDF, its type checked from its content), or both. The receipt is kept
 * with the record in the database, so backups and the audit trail include it. Only ever added.
 */
const statements = [
  `CREATE TABLE transaction_explanations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     statement_line_id uuid NOT NULL REFERENCES statement_lines (id),
     person_id uuid NOT NULL REFERENCES people (id),
     explanation text CHECK (explanation IS NULL OR length(explanation) BETWEEN 1 AND 2000),
     receipt bytea,
     receipt_type text CHECK (receipt_type IN ('image/jpeg', 'image/png', 'image/heic', 'application/pdf')),
     receipt_bytes integer CHECK (receipt_bytes > 0 AND receipt_bytes <= 10485760),
     by_account uuid NOT NULL REFERENCES portal_accounts (id),
     as_label text NOT NULL,
     explained_at timestamptz NOT NULL DEFAULT now(),
     CHECK (explanation IS NOT NULL OR receipt IS NOT NULL),
     CHECK ((receipt IS NULL) = (receipt_type IS NULL) AND (receipt IS NULL) = (receipt_bytes IS NULL))
   )`,
  `CREATE INDEX transaction_explanations_line ON transaction_explanations (statement_line_id, explained_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
