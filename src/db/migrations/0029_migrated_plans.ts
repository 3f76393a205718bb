import { type Kysely, sql } from 'kysely';

/**
 * Migrated arrangements (issue 15): a person's community services still open when the council
 * brings its records in carry on as an agreed support plan marked as migrated — with no
 * assessment in Selfdirect behind it and no one in Selfdirect who wrote it — so its reviews, its
 * budget and its direct payments continue until the person is reassessed and a new plan agreed.
 */
const statements = [
  `ALTER TABLE support_plans ADD COLUMN migrated boolean NOT NULL DEFAULT false`,
  `ALTER TABLE support_plans ALTER COLUMN assessment_id DROP NOT NULL`,
  `ALTER TABLE support_plans ADD CONSTRAINT support_plans_assessed_unless_migrated CHECK (migrated OR assessment_id IS NOT NULL)`,
  `ALTER TABLE support_plans ADD CONSTRAINT support_plans_migrated_agreed CHECK (NOT migrated OR status = 'agreed')`,
  `ALTER TABLE support_plans DROP CONSTRAINT support_plans_created_by_someone`,
  `ALTER TABLE support_plans ADD CONSTRAINT support_plans_created_by_someone CHECK (migrated OR created_by IS NOT NULL OR created_by_account IS NOT NULL)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
