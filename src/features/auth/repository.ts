import { sql } from 'kysely';
import type { Role } from '../../db/schema.js';
import type { StaffActor } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';

/** The staff_sessions and sign_in_attempts tables, and the signed-in member of staff as an actor. */

/** Failed sign-ins since a moment for an account, an address, or the two together, and when the last was. */
export async function failuresSince(db: Executor, of: { email?: string; address?: string }, since: Date): Promise<{ failures: number; last: Date | null }> {
  let query = db.selectFrom('sign_in_attempts').select([sql<number>`count(*)`.as('failures'), sql<Date | null>`max(attempted_at)`.as('last')]).where('succeeded', '=', false).where('attempted_at', '>', since);
  if (of.email !== undefined) query = query.where('email', '=', of.email);
  if (of.address !== undefined) query = query.where('address', '=', of.address);
  const row = await query.executeTakeFirstOrThrow();
  return { failures: Number(row.failures), last: row.last ? new Date(row.last) : null };
}

export async function recordAttempt(db: Executor, attempt: { email: string; address: string; succeeded: boolean }) {
  await db.insertInto('sign_in_attempts').values({ ...attempt, attempted_at: new Date() }).execute();
}

/** Attempts older than a day are not needed for throttling. */
export async function forgetAttemptsBefore(db: Executor, before: Date) {
  await db.deleteFrom('sign_in_attempts').where('attempted_at', '<', before).execute();
}

export async function passwordOf(db: Executor, email: string) {
  return db.selectFrom('staff_users').select(['id', 'password_hash', 'active', 'is_demo', 'role', 'totp_confirmed_at']).where('email', '=', email).executeTakeFirst();
}

/** An active member of staff, with their teams, as the policies see them: one statement, as every request asks. */
export async function staffActorById(db: Executor, userId: string): Promise<StaffActor | undefined> {
  const user = await db
    .selectFrom('staff_users as u')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.active'])
    // Their teams and the people outside them they opened with a reason (still open).
    .select(sql<string[]>`coalesce((SELECT json_agg(t.team_id) FROM staff_user_teams t WHERE t.user_id = u.id), '[]')`.as('team_ids'))
    .select(sql<string[]>`coalesce((SELECT json_agg(o.person_id) FROM out_of_team_access o WHERE o.user_id = u.id AND o.expires_at > ${new Date()}), '[]')`.as('opened_people'))
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.active) return undefined;
  const teamIds = user.team_ids;
  const openedPeople = user.opened_people;
  return { kind: 'staff', id: user.id, email: user.email, displayName: user.display_name, role: user.role as Role, teamIds, ...(openedPeople.length ? { openedPeople } : {}) };
}

export async function insertSession(db: Executor, s: { tokenHash: string; userId: string; expiresAt: Date; signedInWith?: 'password' | 'provider'; waitingFor?: 'code' | 'set-up' | null }) {
  await db
    .insertInto('staff_sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, last_seen_at: new Date(), expires_at: s.expiresAt, signed_in_with: s.signedInWith ?? 'password', waiting_for: s.waitingFor ?? null })
    .execute();
}

export async function sessionByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom('staff_sessions').select(['token_hash', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'revoked_at', 'signed_in_with', 'waiting_for']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The second step is done: the session may be used. */
export async function stopWaiting(db: Executor, tokenHash: string) {
  await db.updateTable('staff_sessions').set({ waiting_for: null, last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
}

export async function touchSession(db: Executor, tokenHash: string, at: Date) {
  await db.updateTable('staff_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function revokeSession(db: Executor, tokenHash: string) {
  await db.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a user: when they are deactivated, their role changes or their password is reset. */
export async function endSessionsOf(db: Executor, userId: string) {
  await db.updateTable('staff_sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** What two-factor sign-in needs to know of a member of staff. */
export async function twoFactorOf(db: Executor, userId: string) {
  return db.selectFrom('staff_users').select(['id', 'email', 'role', 'is_demo', 'active', 'totp_secret', 'totp_confirmed_at', 'totp_last_step']).where('id', '=', userId).executeTakeFirst();
}

/** A new secret while setting up (never over a confirmed one). */
export async function setTotpSecret(db: Executor, userId: string, secret: string) {
  await db.updateTable('staff_users').set({ totp_secret: secret, totp_last_step: null }).where('id', '=', userId).where('totp_confirmed_at', 'is', null).execute();
}

/**
 * Accepts a code's time step: only if it is later than the last accepted (two requests with the same
 * code: one wins). Confirms the app on its first code. Returns whether it was accepted.
 */
export async function acceptTotpStep(db: Executor, userId: string, step: number, confirm: boolean): Promise<boolean> {
  const rows = await db
    .updateTable('staff_users')
    .set({ totp_last_step: step, ...(confirm ? { totp_confirmed_at: new Date() } : {}) })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id')
    .execute();
  return rows.length === 1;
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]) {
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('staff_recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash }))).execute();
}

/** Uses a recovery code once: whether it was one of theirs, not used before. */
export async function useRecoveryCode(db: Executor, userId: string, hash: string): Promise<boolean> {
  const rows = await db.updateTable('staff_recovery_codes').set({ used_at: new Date() }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).returning('id').execute();
  return rows.length === 1;
}

export async function recoveryCodesLeft(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom('staff_recovery_codes').select((eb) => eb.fn.countAll<number>().as('left')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.left);
}

/** Two-factor taken off an account: the app's secret and the recovery codes. */
export async function clearTwoFactor(db: Executor, userId: string) {
  await db.updateTable('staff_users').set({ totp_secret: null, totp_confirmed_at: null, totp_last_step: null, updated_at: new Date(), version: sql`version + 1` }).where('id', '=', userId).execute();
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
}

/** A member of staff by the identity provider's subject, or by email for their first sign-in through it. */
export async function staffForProvider(db: Executor, issuer: string, subject: string, email: string | null) {
  const columns = ['id', 'email', 'active', 'is_demo', 'oidc_issuer', 'oidc_subject'] as const;
  const bySubject = await db.selectFrom('staff_users').select(columns).where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
  if (bySubject || !email) return { bySubject, byEmail: undefined };
  return { bySubject, byEmail: await db.selectFrom('staff_users').select(columns).where('email', '=', email).executeTakeFirst() };
}

export async function linkStaffToProvider(db: Executor, userId: string, issuer: string, subject: string) {
  await db.updateTable('staff_users').set({ oidc_issuer: issuer, oidc_subject: subject, updated_at: new Date(), version: sql`version + 1` }).where('id', '=', userId).execute();
}
