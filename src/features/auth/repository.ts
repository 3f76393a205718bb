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
  return db.selectFrom('staff_users').select(['id', 'password_hash', 'active', 'is_demo']).where('email', '=', email).executeTakeFirst();
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

export async function insertSession(db: Executor, s: { tokenHash: string; userId: string; expiresAt: Date }) {
  await db.insertInto('staff_sessions').values({ token_hash: s.tokenHash, user_id: s.userId, last_seen_at: new Date(), expires_at: s.expiresAt }).execute();
}

export async function sessionByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom('staff_sessions').select(['token_hash', 'user_id', 'last_seen_at', 'expires_at', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
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
