import { type Kysely, sql } from 'kysely';

/**
 * My Selfdirect (issue 14): accounts for people and their representatives. An account is an email
 * address; a grant links it to a person's record — as that person, or as one of their
 * representatives with the parts they were given — and can be withdrawn. Sign-in is a six-digit
 * code sent to the address: only its hash is kept, with the hash of an opaque challenge the
 * browser's session holds (never the address). Portal sessions are apart from staff sessions.
 */
const statements = [
  `CREATE TABLE portal_accounts (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     email text NOT NULL UNIQUE CHECK (email = lower(email)),
     display_name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     last_signed_in_at timestamptz
   )`,
  `CREATE TABLE portal_grants (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES portal_accounts (id),
     person_id uuid NOT NULL REFERENCES people (id),
     representative_id uuid REFERENCES representatives (id),
     parts text[] NOT NULL CHECK (parts <@ ARRAY['assessment', 'plan', 'money', 'messages']::text[] AND cardinality(parts) > 0),
     invited_by uuid NOT NULL REFERENCES staff_users (id),
     invited_at timestamptz NOT NULL DEFAULT now(),
     withdrawn_at timestamptz,
     withdrawn_by uuid REFERENCES staff_users (id),
     withdrawn_reason text
   )`,
  `CREATE UNIQUE INDEX portal_grants_one_open ON portal_grants (account_id, person_id) WHERE withdrawn_at IS NULL`,
  `CREATE INDEX portal_grants_person ON portal_grants (person_id)`,
  `CREATE TABLE portal_codes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     challenge_hash text NOT NULL UNIQUE,
     account_id uuid NOT NULL REFERENCES portal_accounts (id),
     code_hash text NOT NULL,
     expires_at timestamptz NOT NULL,
     used_at timestamptz,
     wrong_tries integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX portal_codes_account ON portal_codes (account_id, created_at)`,
  `CREATE TABLE portal_sessions (
     token_hash text PRIMARY KEY,
     account_id uuid NOT NULL REFERENCES portal_accounts (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     last_seen_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     revoked_at timestamptz
   )`,
  `CREATE INDEX portal_sessions_account ON portal_sessions (account_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
