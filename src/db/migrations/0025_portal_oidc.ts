import { type Kysely, sql } from 'kysely';

/**
 * Signing in to My Selfdirect through the council's identity provider (issue 14): an account is
 * matched the first time by the provider's verified email address, then always by the provider's
 * stable subject, kept here with the issuer it belongs to.
 */
const statements = [
  `ALTER TABLE portal_accounts ADD COLUMN oidc_issuer text`,
  `ALTER TABLE portal_accounts ADD COLUMN oidc_subject text`,
  `ALTER TABLE portal_accounts ADD CONSTRAINT portal_accounts_oidc_whole CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))`,
  `CREATE UNIQUE INDEX portal_accounts_oidc ON portal_accounts (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
