import { sql } from 'kysely';
import type { RecordPart } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';

/** My Selfdirect's tables: accounts, the grants that link them to people's records, sign-in codes and sessions. */

export async function accountByEmail(db: Executor, email: string) {
  return db.selectFrom('portal_accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function accountWithOpenGrants(db: Executor, accountId: string) {
  const account = await db.selectFrom('portal_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!account) return undefined;
  const grants = await openGrantsOf(db, accountId);
  return { account, grants };
}

export async function openGrantsOf(db: Executor, accountId: string) {
  return db.selectFrom('portal_grants').select(['id', 'person_id', 'representative_id', 'parts']).where('account_id', '=', accountId).where('withdrawn_at', 'is', null).orderBy('invited_at').execute();
}

/** The account for an address, made when first invited; its name is the latest the council gave. */
export async function upsertAccount(db: Executor, email: string, displayName: string) {
  return db
    .insertInto('portal_accounts')
    .values({ email, display_name: displayName })
    .onConflict((oc) => oc.column('email').doUpdateSet({ display_name: displayName }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Undefined when the account already has an open grant for this person. */
export async function insertGrant(db: Executor, g: { accountId: string; personId: string; representativeId: string | null; parts: RecordPart[]; invitedBy: string }) {
  return db
    .insertInto('portal_grants')
    .values({ account_id: g.accountId, person_id: g.personId, representative_id: g.representativeId, parts: g.parts, invited_by: g.invitedBy })
    .onConflict((oc) => oc.columns(['account_id', 'person_id']).where('withdrawn_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The open My Selfdirect accounts that may see a part of a person's record: their own, and representatives given it. */
export async function readersOf(db: Executor, personId: string, part: RecordPart) {
  return db
    .selectFrom('portal_grants')
    .innerJoin('portal_accounts', 'portal_accounts.id', 'portal_grants.account_id')
    .select(['portal_accounts.id', 'portal_accounts.email', 'portal_accounts.display_name', 'portal_grants.representative_id'])
    .where('portal_grants.person_id', '=', personId)
    .where('portal_grants.withdrawn_at', 'is', null)
    .where((eb) => eb.or([eb('portal_grants.representative_id', 'is', null), eb(sql<string>`${part}`, '=', sql<string>`ANY(portal_grants.parts)`)]))
    .execute();
}

export async function grantById(db: Executor, id: string) {
  return db.selectFrom('portal_grants').innerJoin('portal_accounts', 'portal_accounts.id', 'portal_grants.account_id').selectAll('portal_grants').select(['portal_accounts.email', 'portal_accounts.display_name']).where('portal_grants.id', '=', id).executeTakeFirst();
}

export async function withdrawGrant(db: Executor, id: string, by: string, reason: string) {
  const done = await db.updateTable('portal_grants').set({ withdrawn_at: new Date(), withdrawn_by: by, withdrawn_reason: reason }).where('id', '=', id).where('withdrawn_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** A person's portal accounts (their own and their representatives'), open ones first. */
export async function grantsForPerson(db: Executor, personId: string) {
  return db
    .selectFrom('portal_grants')
    .innerJoin('portal_accounts', 'portal_accounts.id', 'portal_grants.account_id')
    .leftJoin('representatives', 'representatives.id', 'portal_grants.representative_id')
    .select(['portal_grants.id', 'portal_grants.parts', 'portal_grants.invited_at', 'portal_grants.withdrawn_at', 'portal_grants.representative_id', 'portal_accounts.email', 'portal_accounts.display_name', 'portal_accounts.last_signed_in_at', 'representatives.name as representative_name'])
    .where('portal_grants.person_id', '=', personId)
    .orderBy('portal_grants.withdrawn_at', (ob) => ob.desc().nullsFirst())
    .orderBy('portal_grants.invited_at')
    .execute();
}

export async function insertCode(db: Executor, c: { challengeHash: string; accountId: string; codeHash: string; expiresAt: Date }) {
  await db.insertInto('portal_codes').values({ challenge_hash: c.challengeHash, account_id: c.accountId, code_hash: c.codeHash, expires_at: c.expiresAt }).execute();
}

export async function codeByChallenge(db: Executor, challengeHash: string) {
  return db.selectFrom('portal_codes').selectAll().where('challenge_hash', '=', challengeHash).executeTakeFirst();
}

export async function countWrongTry(db: Executor, id: string) {
  await db.updateTable('portal_codes').set({ wrong_tries: sql`wrong_tries + 1` }).where('id', '=', id).execute();
}

/** Marks the code used; false when it was used already (two tabs at once). */
export async function useCode(db: Executor, id: string) {
  const done = await db.updateTable('portal_codes').set({ used_at: new Date() }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export async function insertPortalSession(db: Executor, s: { tokenHash: string; accountId: string; expiresAt: Date }) {
  await db.insertInto('portal_sessions').values({ token_hash: s.tokenHash, account_id: s.accountId, expires_at: s.expiresAt }).execute();
  await db.updateTable('portal_accounts').set({ last_signed_in_at: new Date() }).where('id', '=', s.accountId).execute();
}

export async function portalSessionByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom('portal_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchPortalSession(db: Executor, tokenHash: string, at: Date) {
  await db.updateTable('portal_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function revokePortalSession(db: Executor, tokenHash: string) {
  await db.updateTable('portal_sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** How an account stands for a person, in words for their record: "daughter (representative)". */
export async function representedAs(db: Executor, accountId: string, personId: string) {
  const row = await db
    .selectFrom('portal_grants')
    .leftJoin('representatives', 'representatives.id', 'portal_grants.representative_id')
    .select(['portal_grants.representative_id', 'representatives.relationship', 'representatives.kind'])
    .where('portal_grants.account_id', '=', accountId)
    .where('portal_grants.person_id', '=', personId)
    .where('portal_grants.withdrawn_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.representative_id === null) return 'the person';
  return `${row.relationship ? `${row.relationship.toLowerCase()}, ` : ''}representative (${row.kind?.replace(/-/g, ' ') ?? 'representative'})`;
}

export async function accountByOidcSubject(db: Executor, issuer: string, subject: string) {
  return db.selectFrom('portal_accounts').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}

/** Remembers the provider's subject for an account, the first time it signs in through it. */
export async function linkOidcSubject(db: Executor, accountId: string, issuer: string, subject: string) {
  await db.updateTable('portal_accounts').set({ oidc_issuer: issuer, oidc_subject: subject }).where('id', '=', accountId).where('oidc_subject', 'is', null).execute();
}
