import { type Kysely, sql } from 'kysely';

/**
 * The open API's clients (issue 18, ADR 0021): the council's other systems, each registered by an
 * administrator with scopes, the teams whose people it may see (none listed: every team, for the
 * statutory reports and the directory), and a token that is kept only as its SHA-256, expires, and
 * can be revoked. `token_hint` is the token's first characters, to tell tokens apart in lists.
 */
const statements = [
  `CREATE TABLE api_clients (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
     scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
     team_ids uuid[],
     token_hash text NOT NULL UNIQUE,
     token_hint text NOT NULL,
     created_by uuid REFERENCES staff_users (id),
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     revoked_at timestamptz,
     last_used_at timestamptz
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
