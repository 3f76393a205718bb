import { type Kysely, sql } from 'kysely';

/**
 * Charging (../shared/docs/charging.md): the council's charging rules, one `selfdirect-charging/1`
 * document per financial year (a published one never changes, like a RAS scheme); financial
 * assessments, each pinned to the rules it used, with what was entered, the circumstances worked
 * out from it and the result; evidence kept with the record; the annual recalculation; and
 * reminders to look again when circumstances change.
 */
const statements = [
  `CREATE TABLE charging_rules (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     rules_id text NOT NULL,
     financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
     title text NOT NULL,
     valid_from date NOT NULL,
     valid_to date NOT NULL,
     status text NOT NULL CHECK (status IN ('draft', 'published')),
     document json NOT NULL,
     to_confirm integer NOT NULL DEFAULT 0 CHECK (to_confirm >= 0),
     imported_at timestamptz NOT NULL DEFAULT now(),
     imported_by text NOT NULL,
     published_at timestamptz,
     published_by text,
     row_version integer NOT NULL DEFAULT 1,
     UNIQUE (rules_id, financial_year),
     CHECK (valid_from <= valid_to),
     CHECK ((status = 'published') = (published_at IS NOT NULL))
   )`,
  `CREATE INDEX charging_rules_in_force ON charging_rules (status, valid_from, valid_to)`,
  `CREATE FUNCTION charging_rules_published_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF OLD.status = 'published' THEN
       RAISE EXCEPTION 'charging rules % % are published and never change: import the next year''s rules instead', OLD.rules_id, OLD.financial_year;
     END IF;
     IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
     RETURN NEW;
   END;
   $$`,
  `CREATE TRIGGER charging_rules_published_immutable BEFORE UPDATE OR DELETE ON charging_rules
     FOR EACH ROW EXECUTE FUNCTION charging_rules_published_never_change()`,
  `CREATE TABLE charging_upratings (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     rules_row_id uuid NOT NULL REFERENCES charging_rules (id),
     effective_on date NOT NULL,
     recalculated integer NOT NULL CHECK (recalculated >= 0),
     went_up integer NOT NULL CHECK (went_up >= 0),
     went_down integer NOT NULL CHECK (went_down >= 0),
     for_review integer NOT NULL CHECK (for_review >= 0),
     confirmed_at timestamptz NOT NULL DEFAULT now(),
     confirmed_by uuid NOT NULL REFERENCES staff_users (id)
   )`,
  `CREATE TABLE financial_assessments (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     status text NOT NULL CHECK (status IN ('draft', 'completed')),
     entries jsonb NOT NULL DEFAULT '{}',
     assessed_on date,
     pension_credit_age_on date,
     rules_row_id uuid REFERENCES charging_rules (id),
     circumstances jsonb,
     result jsonb,
     weekly_contribution_pence bigint CHECK (weekly_contribution_pence >= 0),
     reason text,
     source text NOT NULL DEFAULT 'assessment' CHECK (source IN ('assessment', 'uprating')),
     uprated_from uuid REFERENCES financial_assessments (id),
     uprating_id uuid REFERENCES charging_upratings (id),
     started_at timestamptz NOT NULL DEFAULT now(),
     started_by uuid NOT NULL REFERENCES staff_users (id),
     completed_at timestamptz,
     completed_by uuid REFERENCES staff_users (id),
     row_version integer NOT NULL DEFAULT 1,
     CHECK ((status = 'completed') = (completed_at IS NOT NULL AND rules_row_id IS NOT NULL AND result IS NOT NULL AND assessed_on IS NOT NULL AND weekly_contribution_pence IS NOT NULL))
   )`,
  `CREATE UNIQUE INDEX financial_assessments_one_draft ON financial_assessments (person_id) WHERE status = 'draft'`,
  `CREATE INDEX financial_assessments_latest ON financial_assessments (person_id, assessed_on DESC, completed_at DESC) WHERE status = 'completed'`,
  `CREATE INDEX financial_assessments_rules ON financial_assessments (rules_row_id)`,
  `CREATE TABLE financial_assessment_evidence (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     financial_assessment_id uuid NOT NULL REFERENCES financial_assessments (id),
     description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
     media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/heic', 'application/pdf')),
     bytes integer NOT NULL CHECK (bytes > 0 AND bytes <= 10485760),
     content bytea NOT NULL,
     uploaded_at timestamptz NOT NULL DEFAULT now(),
     uploaded_by uuid NOT NULL REFERENCES staff_users (id)
   )`,
  `CREATE INDEX financial_assessment_evidence_of ON financial_assessment_evidence (financial_assessment_id)`,
  `CREATE TABLE charging_reminders (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     financial_assessment_id uuid REFERENCES financial_assessments (id),
     kind text NOT NULL CHECK (kind IN ('change-reported', 'uprating-review')),
     detail text NOT NULL,
     raised_at timestamptz NOT NULL DEFAULT now(),
     raised_by text NOT NULL,
     resolved_at timestamptz,
     resolved_by uuid REFERENCES staff_users (id)
   )`,
  `CREATE INDEX charging_reminders_open ON charging_reminders (person_id) WHERE resolved_at IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
