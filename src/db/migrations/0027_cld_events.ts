import { type Kysely, sql } from 'kysely';

/**
 * What the CLD return needs (issue 15). People gain the CLD person fields Selfdirect lacked, and
 * the reference their previous system knew them by (their LA_Person_Unique_Identifier from then
 * on). Carer links gain the hours of care a week. `cld_events` is the register of statutory
 * events — requests, assessments, services and reviews — each with the stable reference DHSC
 * keeps the latest edition of: migrated events as given, and those Selfdirect's own records make.
 * Coded values are checked against the code lists in the application (src/domain/cld), not here.
 * Planned units a week are kept in hundredths, so they stay exact. `migration_hash` is the hash of
 * the row a migration last brought (selfdirect-migration/1): the same row again changes nothing.
 */
const statements = [
  `ALTER TABLE people
     ADD COLUMN legacy_reference text UNIQUE,
     ADD COLUMN migration_hash text,
     ADD COLUMN date_of_death date,
     ADD COLUMN gp_practice_code text,
     ADD COLUMN accommodation_status text,
     ADD COLUMN employment_status text,
     ADD COLUMN has_unpaid_carer text,
     ADD COLUMN autism_spectrum_disorder text,
     ADD COLUMN visual_impairment text,
     ADD COLUMN hearing_impairment text,
     ADD COLUMN dementia text,
     ADD COLUMN client_funding_status text,
     ADD CONSTRAINT people_death_after_birth CHECK (date_of_death IS NULL OR date_of_birth IS NULL OR date_of_death >= date_of_birth)`,
  `ALTER TABLE carer_links ADD COLUMN hours_caring_per_week integer CHECK (hours_caring_per_week BETWEEN 0 AND 168)`,
  `CREATE TABLE cld_events (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     event_reference text NOT NULL UNIQUE,
     person_id uuid NOT NULL REFERENCES people (id),
     event_type text NOT NULL,
     start_date date NOT NULL,
     end_date date,
     description text,
     outcome text,
     route_of_access text,
     assessment_type text,
     eligible_needs_identified text,
     method_of_assessment text,
     service_type text,
     service_component text,
     delivery_mechanism text,
     unit_cost_pence bigint,
     cost_frequency text,
     planned_hundredths_per_week bigint,
     weekly_cost_pence bigint,
     provider_name text,
     provider_cqc_location_id text,
     review_reason text,
     review_outcomes_achieved text,
     method_of_review text,
     source text NOT NULL CHECK (source IN ('migrated', 'front-door', 'assessment', 'support-plan', 'review')),
     source_id uuid,
     migration_hash text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1,
     CHECK (end_date IS NULL OR end_date >= start_date)
   )`,
  `CREATE INDEX cld_events_person ON cld_events (person_id)`,
  `CREATE INDEX cld_events_open ON cld_events (start_date, end_date)`,
  `CREATE INDEX cld_events_source ON cld_events (source, source_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
