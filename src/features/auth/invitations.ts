import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ValidationError } from '../../errors.js';
import type { Executor } from '../../web/route.js';
import { type AuditActor, recordAudit } from '../audit/audit-trail.js';
import { DEMO_PASSWORD, hashPassword, passwordProblem } from './passwords.js';
import { endSessionsOf } from './repository.js';

/**
 * Invitations: a new account, or one whose owner needs a new password, gets a link that works
 * once, for a week. Whoever follows it sets the account's password; no one else ever does. The
 * token is shown once (to be passed on) and only its hash is kept.
 */
export const INVITATION_DAYS = 7;
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/invitations/${token}`;
}

/**
 * Withdraws the account's earlier invitations and clears its password (a new invitation is how a
 * forgotten password is replaced), ends its sessions, and issues a new invitation.
 */
export async function inviteStaffUser(db: Executor, by: AuditActor, userId: string, reason: 'new-account' | 'new-password'): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  await db.updateTable('staff_invitations').set({ withdrawn_at: new Date() }).where('user_id', '=', userId).where('accepted_at', 'is', null).where('withdrawn_at', 'is', null).execute();
  if (reason === 'new-password') {
    await db.updateTable('staff_users').set({ password_hash: null, updated_at: new Date(), version: sql`version + 1` }).where('id', '=', userId).execute();
    await endSessionsOf(db, userId);
  }
  await db.insertInto('staff_invitations').values({ user_id: userId, token_hash: sha256(token), created_by: by.id, expires_at: expiresAt }).execute();
  await recordAudit(db, by, { action: 'staff-user.invited', subjectType: 'staff-user', subjectId: userId, after: { reason, expires_at: expiresAt.toISOString() } });
  return { token, expiresAt };
}

/** The account an invitation link is for, while it can still be used. */
export async function openInvitation(db: Executor, token: string) {
  return db
    .selectFrom('staff_invitations')
    .innerJoin('staff_users', 'staff_users.id', 'staff_invitations.user_id')
    .select(['staff_invitations.id', 'staff_invitations.user_id', 'staff_users.email', 'staff_users.display_name', 'staff_users.active'])
    .where('staff_invitations.token_hash', '=', sha256(token))
    .where('staff_invitations.accepted_at', 'is', null)
    .where('staff_invitations.withdrawn_at', 'is', null)
    .where('staff_invitations.expires_at', '>', new Date())
    .where('staff_users.active', '=', true)
    .executeTakeFirst();
}
export type OpenInvitation = NonNullable<Awaited<ReturnType<typeof openInvitation>>>;

/** The latest invitation of each account: for the administrators' list and form. */
export async function latestInvitationOf(db: Executor, userId: string) {
  return db.selectFrom('staff_invitations').select(['created_at', 'expires_at', 'accepted_at', 'withdrawn_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/** The owner sets their password: once, then the link is spent. */
export async function acceptInvitation(db: Executor, invitation: OpenInvitation, input: { password: string; confirm: string }, options: { allowDemoPassword: boolean }) {
  const problems: { field: string; message: string }[] = [];
  const problem = passwordProblem(input.password);
  if (problem) problems.push({ field: 'password', message: problem });
  else if (input.password === DEMO_PASSWORD && !options.allowDemoPassword) problems.push({ field: 'password', message: 'This password is published. Choose another password' });
  else if (input.password.toLowerCase().includes(invitation.email.split('@')[0]!.toLowerCase())) problems.push({ field: 'password', message: 'Password must not contain your email address' });
  if (!problem && input.confirm !== input.password) problems.push({ field: 'confirm', message: 'Enter the same password again' });
  if (problems.length) throw new ValidationError(problems);
  const accepted = await db.updateTable('staff_invitations').set({ accepted_at: new Date() }).where('id', '=', invitation.id).where('accepted_at', 'is', null).where('withdrawn_at', 'is', null).executeTakeFirst();
  if (Number(accepted.numUpdatedRows) !== 1) throw new ValidationError([{ field: 'password', message: 'This invitation has just been used. Sign in, or ask your administrator for a new one' }]);
  await db.updateTable('staff_users').set({ password_hash: await hashPassword(input.password), updated_at: new Date(), version: sql`version + 1` }).where('id', '=', invitation.user_id).execute();
  await recordAudit(db, { id: invitation.user_id, label: invitation.email }, { action: 'staff-user.invitation-accepted', subjectType: 'staff-user', subjectId: invitation.user_id });
}
