import { type Kysely, sql } from 'kysely';

/**
 * Money the person sends back from the account for a reclaim recorded as returned is on their
 * statement as money out to the council: it is the reclaim (already in the ledger), not spending.
 */
const statements = [
  `ALTER TABLE statement_lines DROP CONSTRAINT statement_lines_matched_by_check`,
  `ALTER TABLE statement_lines ADD CONSTRAINT statement_lines_matched_by_check CHECK (matched_by IN ('payee', 'officer', 'council-payment', 'reclaim-return', 'none'))`,
  `ALTER TABLE statement_lines ADD COLUMN reclaim_id uuid REFERENCES reclaims (id)`,
  `CREATE UNIQUE INDEX statement_lines_one_per_reclaim ON statement_lines (reclaim_id) WHERE reclaim_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
