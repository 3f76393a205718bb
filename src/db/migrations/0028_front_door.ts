import { type Kysely, sql } from 'kysely';

/**
 * The front door (issue 15): a contact or referral about a person — who asked and how, when, the
 * route of access, what was asked and, once dealt with, its outcome. Each is a CLD Request event
 * (`event_reference`, written in the same transaction). Open contacts are the duty team's worklist.
 */
const statements = [
  `CREATE TABLE contacts (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_id uuid NOT NULL REFERENCES people (id),
     team_id uuid NOT NULL REFERENCES teams (id),
     received_on date NOT NULL,
     contact_from text NOT NULL CHECK (contact_from IN ('the-person', 'family-or-friend', 'gp', 'hospital', 'other-professional', 'other')),
     contact_name text,
     contact_method text NOT NULL CHECK (contact_method IN ('telephone', 'email', 'letter', 'in-person', 'online')),
     route_of_access text NOT NULL,
     what_was_asked text NOT NULL,
     outcome text,
     outcome_notes text,
     concluded_on date,
     concluded_by uuid REFERENCES staff_users (id),
     event_reference text NOT NULL UNIQUE,
     created_by uuid NOT NULL REFERENCES staff_users (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1,
     CHECK ((outcome IS NULL) = (concluded_on IS NULL)),
     CHECK (concluded_on IS NULL OR concluded_on >= received_on)
   )`,
  `CREATE INDEX contacts_open ON contacts (team_id, received_on) WHERE outcome IS NULL`,
  `CREATE INDEX contacts_person ON contacts (person_id, received_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
