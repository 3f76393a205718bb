import { type Kysely, sql } from 'kysely';

/**
 * Staff sign-in as a council's IT expects (issue 18, ADR 0020):
 *
 * - through the council's identity provider (OpenID Connect): a member of staff is matched by the
 *   provider's stable subject (`oidc_issuer`, `oidc_subject`), or the first time by their email;
 * - two-factor with an authenticator app (TOTP, RFC 6238) after a password: the shared secret, when
 *   it was confirmed, and the last time step used (a code is never accepted twice); recovery codes,
 *   each kept as its SHA-256 and usable once;
 * - a session says how it was signed in (sign-out also ends the provider's session) and whether it
 *   is still waiting for the second step (a code, or setting up the app) before it may be used.
 */
const statements = [
  `ALTER TABLE staff_users
     ADD COLUMN oidc_issuer text,
     ADD COLUMN oidc_subject text,
     ADD COLUMN totp_secret text,
     ADD COLUMN totp_confirmed_at timestamptz,
     ADD COLUMN totp_last_step bigint,
     ADD CONSTRAINT staff_users_oidc_pair CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL)),
     ADD CONSTRAINT staff_users_totp_confirmed CHECK (totp_confirmed_at IS NULL OR totp_secret IS NOT NULL)`,
  `CREATE UNIQUE INDEX staff_users_oidc ON staff_users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
  `CREATE TABLE staff_recovery_codes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     user_id uuid NOT NULL REFERENCES staff_users (id),
     code_hash text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     used_at timestamptz
   )`,
  `CREATE INDEX staff_recovery_codes_user ON staff_recovery_codes (user_id) WHERE used_at IS NULL`,
  `ALTER TABLE staff_sessions
     ADD COLUMN signed_in_with text NOT NULL DEFAULT 'password' CHECK (signed_in_with IN ('password', 'provider')),
     ADD COLUMN waiting_for text CHECK (waiting_for IN ('code', 'set-up'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
