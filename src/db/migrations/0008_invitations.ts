import { type Kysely, sql } from 'kysely';

/**
 * Staff accounts are invited: no one sets another person's password. A new account has no
 * password until its owner follows their invitation link; an administrator can only send a new
 * invitation. Giving an account access to a team's cases leaves a notice for that team's managers.
 */
const statements = [
  `ALTER TABLE staff_users ALTER COLUMN password_hash DROP NOT NULL`,
  `CREATE TABLE staff_invitations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     user_id uuid NOT NULL REFERENCES staff_users (id),
     token_hash text NOT NULL UNIQUE,
     created_by uuid REFERENCES staff_users (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     accepted_at timestamptz,
     withdrawn_at timestamptz,
     CHECK (accepted_at IS NULL OR withdrawn_at IS NULL)
   )`,
  `CREATE INDEX staff_invitations_user ON staff_invitations (user_id)`,
  `CREATE TABLE case_access_notices (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     team_id uuid NOT NULL REFERENCES teams (id),
     user_id uuid NOT NULL REFERENCES staff_users (id),
     role text NOT NULL,
     change text NOT NULL CHECK (change IN ('account-created', 'access-given')),
     given_by text NOT NULL,
     given_at timestamptz NOT NULL DEFAULT now(),
     seen_by uuid REFERENCES staff_users (id),
     seen_at timestamptz,
     CHECK ((seen_by IS NULL) = (seen_at IS NULL))
   )`,
  `CREATE INDEX case_access_notices_unseen ON case_access_notices (team_id, given_at) WHERE seen_at IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
