import { type Kysely, sql } from 'kysely';

/**
 * Support plans (one row per version; an agreed version never changes except to record when
 * support starts), sign-off decisions, scheduled and recorded reviews, and safeguarding concerns.
 * Outcomes, unpaid support and costed lines are JSON inside the version, so a version is one row,
 * copied whole to start the next, and their ids stay the same across versions for comparison.
 */
const statements = [
  `CREATE TABLE support_plans (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     assessment_id uuid NOT NULL REFERENCES assessments (id),
     plan_number integer NOT NULL CHECK (plan_number >= 1),
     previous_id uuid REFERENCES support_plans (id),
     status text NOT NULL CHECK (status IN ('draft', 'awaiting-sign-off', 'agreed')),
     important_to_me text,
     staying_well text,
     contingency text,
     prevention_advice text,
     outcomes jsonb NOT NULL DEFAULT '[]',
     unpaid_support jsonb NOT NULL DEFAULT '[]',
     lines jsonb NOT NULL DEFAULT '[]',
     contribution_weekly_pence bigint NOT NULL DEFAULT 0 CHECK (contribution_weekly_pence >= 0),
     payment_frequency text NOT NULL DEFAULT 'four-weekly' CHECK (payment_frequency IN ('weekly', 'four-weekly', 'monthly')),
     exceptional_need text,
     difference_reason text,
     sign_off_level text CHECK (sign_off_level IN ('worker', 'manager', 'panel')),
     submitted_at timestamptz,
     submitted_by uuid REFERENCES staff_users (id),
     agreed_on date,
     agreed_at timestamptz,
     agreed_by uuid REFERENCES staff_users (id),
     indicative_weekly_pence bigint,
     statement jsonb,
     support_starts_on date,
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by uuid NOT NULL REFERENCES staff_users (id),
     updated_at timestamptz NOT NULL DEFAULT now(),
     row_version integer NOT NULL DEFAULT 1,
     UNIQUE (person_id, plan_number),
     CHECK ((status = 'agreed') = (agreed_at IS NOT NULL AND statement IS NOT NULL)),
     CHECK ((status = 'draft') = (sign_off_level IS NULL))
   )`,
  `CREATE UNIQUE INDEX support_plans_one_open ON support_plans (person_id) WHERE status <> 'agreed'`,
  `CREATE INDEX support_plans_awaiting ON support_plans (sign_off_level) WHERE status = 'awaiting-sign-off'`,
  `CREATE FUNCTION support_plans_agreed_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'DELETE' THEN
       RAISE EXCEPTION 'support plans are never deleted';
     END IF;
     IF OLD.status = 'agreed' AND (to_jsonb(NEW) - 'support_starts_on' - 'row_version' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'support_starts_on' - 'row_version' - 'updated_at') THEN
       RAISE EXCEPTION 'support plan % is agreed and never changes: start a new version', OLD.id;
     END IF;
     RETURN NEW;
   END;
   $$`,
  `CREATE TRIGGER support_plans_agreed_immutable BEFORE UPDATE OR DELETE ON support_plans
     FOR EACH ROW EXECUTE FUNCTION support_plans_agreed_never_change()`,
  `CREATE TABLE sign_off_decisions (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     plan_id uuid NOT NULL REFERENCES support_plans (id),
     decision text NOT NULL CHECK (decision IN ('agreed', 'returned')),
     level text NOT NULL CHECK (level IN ('worker', 'manager', 'panel')),
     weekly_cost_pence bigint NOT NULL,
     annual_cost_pence bigint NOT NULL,
     indicative_weekly_pence bigint NOT NULL,
     reasons text NOT NULL,
     decided_at timestamptz NOT NULL DEFAULT now(),
     decided_by uuid NOT NULL REFERENCES staff_users (id)
   )`,
  `CREATE INDEX sign_off_decisions_plan ON sign_off_decisions (plan_id, decided_at)`,
  `CREATE TABLE reviews (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     plan_id uuid NOT NULL REFERENCES support_plans (id),
     kind text NOT NULL CHECK (kind IN ('light-touch', 'direct-payment', 'annual')),
     due_from date NOT NULL,
     due_by date NOT NULL,
     status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled')),
     reviewed_on date,
     working text,
     not_working text,
     outcomes_achieved text,
     result text CHECK (result IN ('no-change', 'plan-revision', 'reassessment')),
     recorded_at timestamptz,
     recorded_by uuid REFERENCES staff_users (id),
     cancelled_reason text,
     version integer NOT NULL DEFAULT 1,
     CHECK (due_from <= due_by),
     CHECK ((status = 'completed') = (reviewed_on IS NOT NULL AND result IS NOT NULL))
   )`,
  `CREATE INDEX reviews_open ON reviews (due_from) WHERE status = 'scheduled'`,
  `CREATE INDEX reviews_person ON reviews (person_id, due_by)`,
  `CREATE TABLE safeguarding_concerns (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     raised_on date NOT NULL,
     concern text NOT NULL,
     action_taken text NOT NULL,
     status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
     closed_on date,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     recorded_by uuid NOT NULL REFERENCES staff_users (id),
     updated_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1,
     CHECK ((status = 'closed') = (closed_on IS NOT NULL))
   )`,
  `CREATE INDEX safeguarding_person ON safeguarding_concerns (person_id, raised_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
