import { type Kysely, sql } from 'kysely';

/**
 * A support plan's contribution comes from a financial assessment (issue 16): the agreed version
 * records which one, so its s26 statement can say where the figure came from.
 */
const statements = [
  `ALTER TABLE support_plans ADD COLUMN contribution_assessment_id uuid REFERENCES financial_assessments (id)`,
  `CREATE INDEX support_plans_contribution_assessment ON support_plans (contribution_assessment_id) WHERE contribution_assessment_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
