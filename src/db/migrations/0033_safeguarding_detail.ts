import { type Kysely, sql } from 'kysely';

/**
 * Richer safeguarding (issue 17): the category of abuse (Care and Support Statutory Guidance
 * 14.17), whether a Section 42 enquiry is made, the stage the concern has reached, the risk, and
 * who has been told. Concerns recorded before this have none of these (null).
 */
const statements = [
  `ALTER TABLE safeguarding_concerns ADD COLUMN category text CHECK (category IN ('physical', 'domestic', 'sexual', 'psychological', 'financial', 'modern-slavery', 'discriminatory', 'organisational', 'neglect', 'self-neglect'))`,
  `ALTER TABLE safeguarding_concerns ADD COLUMN section_42 text CHECK (section_42 IN ('yes', 'no', 'not-decided'))`,
  `ALTER TABLE safeguarding_concerns ADD COLUMN stage text CHECK (stage IN ('concern-received', 'initial-enquiries', 'section-42-enquiry', 'safeguarding-plan', 'review', 'closed'))`,
  `ALTER TABLE safeguarding_concerns ADD COLUMN risk text CHECK (risk IN ('low', 'medium', 'high'))`,
  `ALTER TABLE safeguarding_concerns ADD COLUMN who_told text CHECK (who_told IS NULL OR length(who_told) <= 2000)`,
  `CREATE INDEX safeguarding_financial_open ON safeguarding_concerns (person_id) WHERE category = 'financial' AND status = 'open'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
