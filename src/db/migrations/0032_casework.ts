import { type Kysely, sql } from 'kysely';

/**
 * Casework staff live in (issue 17): who a person is allocated to (and who they were), case notes
 * that are never edited (a correction is a new note), documents kept with the record, transfers
 * between teams with their reasons, and out-of-team ("duty") access given only with a reason.
 */
const statements = [
  `CREATE TABLE person_allocations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     worker_id uuid NOT NULL REFERENCES staff_users (id),
     team_id uuid NOT NULL REFERENCES teams (id),
     allocated_at timestamptz NOT NULL DEFAULT now(),
     allocated_by uuid NOT NULL REFERENCES staff_users (id),
     ended_at timestamptz,
     ended_reason text
   )`,
  `CREATE UNIQUE INDEX person_allocations_current ON person_allocations (person_id) WHERE ended_at IS NULL`,
  `CREATE INDEX person_allocations_worker ON person_allocations (worker_id) WHERE ended_at IS NULL`,
  `CREATE INDEX person_allocations_person ON person_allocations (person_id, allocated_at)`,
  `CREATE TABLE case_notes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     kind text NOT NULL CHECK (kind IN ('visit', 'phone-call', 'meeting', 'contact', 'decision', 'other')),
     happened_at timestamptz NOT NULL,
     with_whom text,
     what_happened text NOT NULL CHECK (length(what_happened) BETWEEN 1 AND 20000),
     decided text CHECK (decided IS NULL OR length(decided) <= 20000),
     corrects_note_id uuid REFERENCES case_notes (id),
     written_by uuid NOT NULL REFERENCES staff_users (id),
     written_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX case_notes_person ON case_notes (person_id, happened_at DESC)`,
  `CREATE FUNCTION case_notes_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'a case note is never changed after it is saved: write a correction instead';
   END;
   $$`,
  `CREATE TRIGGER case_notes_immutable BEFORE UPDATE OR DELETE ON case_notes
     FOR EACH ROW EXECUTE FUNCTION case_notes_never_change()`,
  `CREATE TABLE case_documents (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     case_note_id uuid REFERENCES case_notes (id),
     kind text NOT NULL CHECK (kind IN ('capacity-assessment', 'letter', 'report', 'consent', 'photo', 'other')),
     title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
     media_type text NOT NULL,
     bytes integer NOT NULL CHECK (bytes > 0),
     sha256 text NOT NULL,
     content bytea NOT NULL,
     virus_scan text NOT NULL CHECK (virus_scan IN ('clean', 'not-configured')),
     uploaded_by uuid NOT NULL REFERENCES staff_users (id),
     uploaded_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX case_documents_person ON case_documents (person_id, uploaded_at DESC)`,
  `CREATE TABLE team_transfers (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     from_team_id uuid NOT NULL REFERENCES teams (id),
     to_team_id uuid NOT NULL REFERENCES teams (id),
     reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
     transferred_by uuid NOT NULL REFERENCES staff_users (id),
     transferred_at timestamptz NOT NULL DEFAULT now(),
     CHECK (from_team_id <> to_team_id)
   )`,
  `CREATE INDEX team_transfers_person ON team_transfers (person_id, transferred_at)`,
  `CREATE TABLE out_of_team_access (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     user_id uuid NOT NULL REFERENCES staff_users (id),
     team_id uuid NOT NULL REFERENCES teams (id),
     reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
     opened_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     CHECK (expires_at > opened_at)
   )`,
  `CREATE INDEX out_of_team_access_user ON out_of_team_access (user_id, expires_at)`,
  `CREATE INDEX out_of_team_access_team ON out_of_team_access (team_id, opened_at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
