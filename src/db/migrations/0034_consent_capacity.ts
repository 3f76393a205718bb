import { type Kysely, sql } from 'kysely';

/**
 * The person's agreement, consent and capacity (issue 17): consent to share information, a
 * capacity assessment where one is needed (the decision, the outcome, who assessed and who decides),
 * advocacy; and for each plan version, whether the person agreed it (as told to the worker) and
 * when their copy was sent. Each save is a new row: the latest is what stands, the rest is history.
 */
const statements = [
  `CREATE TABLE consent_records (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     consent_to_share text NOT NULL CHECK (consent_to_share IN ('yes', 'no', 'not-asked')),
     consent_on date,
     capacity_needed boolean NOT NULL,
     capacity_decision text CHECK (capacity_decision IS NULL OR length(capacity_decision) <= 500),
     has_capacity text CHECK (has_capacity IN ('yes', 'no')),
     capacity_assessed_on date,
     capacity_assessed_by text CHECK (capacity_assessed_by IS NULL OR length(capacity_assessed_by) <= 200),
     decision_maker text CHECK (decision_maker IS NULL OR length(decision_maker) <= 200),
     advocacy text NOT NULL CHECK (advocacy IN ('not-needed', 'care-act-advocate', 'imca', 'family-or-friend')),
     advocate_name text CHECK (advocate_name IS NULL OR length(advocate_name) <= 200),
     recorded_by uuid NOT NULL REFERENCES staff_users (id),
     recorded_at timestamptz NOT NULL DEFAULT now(),
     CHECK (NOT capacity_needed OR (capacity_decision IS NOT NULL AND has_capacity IS NOT NULL AND capacity_assessed_on IS NOT NULL))
   )`,
  `CREATE INDEX consent_records_person ON consent_records (person_id, recorded_at DESC)`,
  `CREATE TABLE plan_copies (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     plan_id uuid NOT NULL REFERENCES support_plans (id),
     person_agreed text NOT NULL CHECK (person_agreed IN ('yes', 'no', 'not-able')),
     note text CHECK (note IS NULL OR length(note) <= 2000),
     copy_sent_on date,
     copy_sent_how text CHECK (copy_sent_how IN ('post', 'email', 'by-hand', 'my-selfdirect')),
     recorded_by uuid NOT NULL REFERENCES staff_users (id),
     recorded_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX plan_copies_plan ON plan_copies (plan_id, recorded_at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
