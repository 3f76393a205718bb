import { type Kysely, sql } from 'kysely';

/**
 * The person's own self-assessment (issue 14). A person or representative may start one in My
 * Selfdirect (started_by_account instead of a member of staff) and send it to their worker
 * (submitted_at, by whom and as whom). It stays in progress until the worker confirms it, which
 * prices it for real exactly as a staff assessment; once sent, the portal no longer changes it.
 */
const statements = [
  `ALTER TABLE assessments ALTER COLUMN started_by DROP NOT NULL`,
  `ALTER TABLE assessments ADD COLUMN started_by_account uuid REFERENCES portal_accounts (id)`,
  `ALTER TABLE assessments ADD CONSTRAINT assessments_started_by_someone CHECK (started_by IS NOT NULL OR started_by_account IS NOT NULL)`,
  `ALTER TABLE assessments ADD COLUMN submitted_at timestamptz`,
  `ALTER TABLE assessments ADD COLUMN submitted_by_account uuid REFERENCES portal_accounts (id)`,
  `ALTER TABLE assessments ADD COLUMN submitted_as text`,
  `ALTER TABLE assessments ADD CONSTRAINT assessments_submitted_whole CHECK ((submitted_at IS NULL) = (submitted_by_account IS NULL) AND (submitted_at IS NULL) = (submitted_as IS NULL))`,
  `CREATE INDEX assessments_sent_from_portal ON assessments (person_id) WHERE status = 'in-progress' AND submitted_at IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
