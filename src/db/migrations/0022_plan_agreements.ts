import { type Kysely, sql } from 'kysely';

/**
 * The person's agreement to their support plan (issue 14, part 5; Walsall's "signed contract"):
 * once the council has agreed a version, the person or a representative agrees it in My
 * Selfdirect, or says what they do not agree with. Each answer is kept (who, as whom, when);
 * the latest is the plan's standing.
 */
const statements = [
  `CREATE TABLE plan_agreements (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     plan_id uuid NOT NULL REFERENCES support_plans (id),
     person_id uuid NOT NULL REFERENCES people (id),
     decision text NOT NULL CHECK (decision IN ('agreed', 'disagreed')),
     reasons text CHECK (reasons IS NULL OR length(reasons) BETWEEN 1 AND 5000),
     by_account uuid NOT NULL REFERENCES portal_accounts (id),
     as_label text NOT NULL,
     decided_at timestamptz NOT NULL DEFAULT now(),
     CHECK (decision = 'agreed' OR reasons IS NOT NULL)
   )`,
  `CREATE INDEX plan_agreements_plan ON plan_agreements (plan_id, decided_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
