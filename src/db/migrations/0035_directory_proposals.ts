import { type Kysely, sql } from 'kysely';

/**
 * Personal assistants proposed for the directory by a worker (issue 17). A worker cannot add to the
 * directory; they propose someone, and a manager approves (which adds the entry, to have its checks
 * recorded) or declines with a reason. A proposal is decided once.
 */
const statements = [
  `CREATE TABLE directory_proposals (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
     contact_name text CHECK (contact_name IS NULL OR length(contact_name) <= 200),
     phone text CHECK (phone IS NULL OR length(phone) <= 40),
     email text CHECK (email IS NULL OR length(email) <= 320),
     postcode text CHECK (postcode IS NULL OR length(postcode) <= 10),
     services text[] NOT NULL DEFAULT '{}',
     areas text[] NOT NULL DEFAULT '{}',
     availability text CHECK (availability IS NULL OR length(availability) <= 500),
     hourly_rate_pence bigint CHECK (hourly_rate_pence IS NULL OR hourly_rate_pence >= 0),
     reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
     proposed_by uuid NOT NULL REFERENCES staff_users (id),
     proposed_at timestamptz NOT NULL DEFAULT now(),
     status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'declined')),
     decided_by uuid REFERENCES staff_users (id),
     decided_at timestamptz,
     decision_reason text CHECK (decision_reason IS NULL OR length(decision_reason) <= 2000),
     entry_id uuid REFERENCES directory_entries (id),
     CHECK ((status = 'proposed') = (decided_at IS NULL)),
     CHECK (status <> 'approved' OR entry_id IS NOT NULL),
     CHECK (status <> 'declined' OR decision_reason IS NOT NULL)
   )`,
  `CREATE INDEX directory_proposals_waiting ON directory_proposals (proposed_at) WHERE status = 'proposed'`,
  `CREATE INDEX directory_proposals_by ON directory_proposals (proposed_by, proposed_at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
