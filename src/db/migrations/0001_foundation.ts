import { type Kysely, sql } from 'kysely';

/**
 * Teams, staff, sessions, people and their links, and the append-only audit trail.
 * Statements run one at a time: PGlite's extended protocol takes one statement per query.
 */
const statements = [
  `CREATE TABLE teams (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     name text NOT NULL UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1
   )`,
  `CREATE TABLE staff_users (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     email text NOT NULL UNIQUE CHECK (email = lower(email)),
     display_name text NOT NULL,
     role text NOT NULL CHECK (role IN ('social-worker', 'team-manager', 'panel-member', 'finance-officer', 'analyst', 'administrator')),
     password_hash text NOT NULL,
     is_demo boolean NOT NULL DEFAULT false,
     active boolean NOT NULL DEFAULT true,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1
   )`,
  `CREATE TABLE staff_user_teams (
     user_id uuid NOT NULL REFERENCES staff_users (id),
     team_id uuid NOT NULL REFERENCES teams (id),
     PRIMARY KEY (user_id, team_id)
   )`,
  `CREATE TABLE staff_sessions (
     token_hash text PRIMARY KEY,
     user_id uuid NOT NULL REFERENCES staff_users (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     last_seen_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     revoked_at timestamptz
   )`,
  `CREATE INDEX staff_sessions_user ON staff_sessions (user_id)`,
  `CREATE TABLE sign_in_attempts (
     id bigserial PRIMARY KEY,
     email text NOT NULL,
     address text NOT NULL,
     attempted_at timestamptz NOT NULL DEFAULT now(),
     succeeded boolean NOT NULL
   )`,
  `CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, attempted_at)`,
  `CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address, attempted_at)`,
  `CREATE SEQUENCE person_reference_seq START 1001`,
  `CREATE TABLE people (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     reference text NOT NULL UNIQUE,
     client_type text NOT NULL CHECK (client_type IN ('Service User', 'Carer')),
     given_name text NOT NULL,
     family_name text NOT NULL,
     preferred_name text,
     date_of_birth date,
     nhs_number text UNIQUE CHECK (nhs_number ~ '^[0-9]{10}$'),
     address_line_1 text,
     address_line_2 text,
     town text,
     postcode text,
     phone text,
     email text,
     gender text,
     ethnicity text,
     primary_support_reason text,
     team_id uuid NOT NULL REFERENCES teams (id),
     closed_on date,
     closure_reason text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1,
     CHECK ((closed_on IS NULL) = (closure_reason IS NULL))
   )`,
  `CREATE INDEX people_team ON people (team_id)`,
  `CREATE INDEX people_family_name ON people (lower(family_name))`,
  `CREATE INDEX people_postcode ON people (replace(postcode, ' ', ''))`,
  `CREATE TABLE representatives (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     kind text NOT NULL CHECK (kind IN ('nominated-person', 'authorised-person', 'advocate', 'family-member')),
     name text NOT NULL,
     relationship text,
     phone text,
     email text,
     address text,
     created_at timestamptz NOT NULL DEFAULT now(),
     ended_on date,
     ended_reason text
   )`,
  `CREATE INDEX representatives_person ON representatives (person_id)`,
  `CREATE TABLE carer_links (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     cared_for_person_id uuid NOT NULL REFERENCES people (id),
     carer_person_id uuid NOT NULL REFERENCES people (id),
     relationship text,
     created_at timestamptz NOT NULL DEFAULT now(),
     ended_on date,
     ended_reason text,
     CHECK (cared_for_person_id <> carer_person_id)
   )`,
  `CREATE UNIQUE INDEX carer_links_current ON carer_links (cared_for_person_id, carer_person_id) WHERE ended_on IS NULL`,
  `CREATE INDEX carer_links_carer ON carer_links (carer_person_id)`,
  `CREATE TABLE audit_events (
     seq bigint PRIMARY KEY,
     occurred_at timestamptz NOT NULL,
     actor_id uuid,
     actor text NOT NULL,
     action text NOT NULL,
     subject_type text NOT NULL,
     subject_id text NOT NULL,
     person_id uuid,
     before jsonb,
     after jsonb,
     reason text,
     prev_hash text NOT NULL,
     hash text NOT NULL UNIQUE
   )`,
  `CREATE INDEX audit_events_person ON audit_events (person_id, seq)`,
  `CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'the audit trail is append-only: % is refused', TG_OP;
   END;
   $$`,
  `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
     FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`,
  `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
     FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
