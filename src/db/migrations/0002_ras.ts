import { type Kysely, sql } from 'kysely';

/**
 * RAS schemes (drafts and published versions), assessments pinned to the version they were
 * priced with, and panel decisions. A published scheme never changes: a trigger refuses it.
 */
const statements = [
  `CREATE TABLE ras_schemes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     scheme_id text NOT NULL,
     version text NOT NULL,
     title text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('adult', 'carer')),
     effective_from date NOT NULL,
     status text NOT NULL CHECK (status IN ('draft', 'published')),
     document json NOT NULL,
     imported_at timestamptz NOT NULL DEFAULT now(),
     imported_by text NOT NULL,
     published_at timestamptz,
     published_by text,
     row_version integer NOT NULL DEFAULT 1,
     UNIQUE (scheme_id, version),
     CHECK ((status = 'published') = (published_at IS NOT NULL))
   )`,
  `CREATE INDEX ras_schemes_in_force ON ras_schemes (kind, status, effective_from)`,
  `CREATE FUNCTION ras_schemes_published_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF OLD.status = 'published' THEN
       RAISE EXCEPTION 'scheme % version % is published and never changes: import a new version', OLD.scheme_id, OLD.version;
     END IF;
     IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
     RETURN NEW;
   END;
   $$`,
  `CREATE TRIGGER ras_schemes_published_immutable BEFORE UPDATE OR DELETE ON ras_schemes
     FOR EACH ROW EXECUTE FUNCTION ras_schemes_published_never_change()`,
  `CREATE TABLE assessments (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     kind text NOT NULL CHECK (kind IN ('adult', 'carer')),
     scheme_row_id uuid NOT NULL REFERENCES ras_schemes (id),
     scheme_id text NOT NULL,
     scheme_version text NOT NULL,
     status text NOT NULL CHECK (status IN ('in-progress', 'completed')),
     answers jsonb NOT NULL DEFAULT '{}',
     group_id text,
     group_reason text,
     points integer,
     weekly_pence bigint,
     annual_pence bigint,
     outcome text CHECK (outcome IN ('allocated', 'below-threshold', 'panel-review')),
     started_at timestamptz NOT NULL DEFAULT now(),
     started_by uuid NOT NULL REFERENCES staff_users (id),
     completed_at timestamptz,
     completed_by uuid REFERENCES staff_users (id),
     version integer NOT NULL DEFAULT 1,
     CHECK ((status = 'completed') = (completed_at IS NOT NULL AND outcome IS NOT NULL AND weekly_pence IS NOT NULL))
   )`,
  `CREATE INDEX assessments_person ON assessments (person_id, started_at)`,
  `CREATE UNIQUE INDEX assessments_one_in_progress ON assessments (person_id) WHERE status = 'in-progress'`,
  `CREATE INDEX assessments_panel ON assessments (outcome) WHERE outcome = 'panel-review'`,
  `CREATE TABLE panel_decisions (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     assessment_id uuid NOT NULL UNIQUE REFERENCES assessments (id),
     decision text NOT NULL CHECK (decision IN ('agreed', 'changed')),
     weekly_pence bigint NOT NULL CHECK (weekly_pence >= 0),
     reasons text NOT NULL,
     decided_at timestamptz NOT NULL DEFAULT now(),
     decided_by uuid NOT NULL REFERENCES staff_users (id)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
