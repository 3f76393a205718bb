import { type Kysely, sql } from 'kysely';

/**
 * The person drafts their own support plan in My Selfdirect (issue 14, part 4). A draft can be
 * started by a portal account (created_by_account; created_by, a member of staff, now optional),
 * and is sent to the worker (when, as whom), who takes it on in the staff plan flow.
 */
const statements = [
  `ALTER TABLE support_plans ALTER COLUMN created_by DROP NOT NULL`,
  `ALTER TABLE support_plans ADD COLUMN created_by_account uuid REFERENCES portal_accounts (id)`,
  `ALTER TABLE support_plans ADD CONSTRAINT support_plans_created_by_someone CHECK (created_by IS NOT NULL OR created_by_account IS NOT NULL)`,
  `ALTER TABLE support_plans ADD COLUMN sent_by_person_at timestamptz`,
  `ALTER TABLE support_plans ADD COLUMN sent_by_person_as text`,
  `ALTER TABLE support_plans ADD CONSTRAINT support_plans_sent_whole CHECK ((sent_by_person_at IS NULL) = (sent_by_person_as IS NULL))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
