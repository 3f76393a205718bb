import { isUuid } from '../../db/ids.js';
import type { Role } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { can } from '../../policies/index.js';
import { roleNeedsTeam } from '../../policies/staff-accounts.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { invitationLink, inviteStaffUser } from '../auth/invitations.js';
import { queueMessage } from '../outbox/repository.js';
import { formatDateTime } from '../../web/format.js';
import { endSessionsOf } from '../auth/repository.js';
import { noteCaseAccessGiven } from './access-notices.js';
import { type StaffAccount, countTeams, emailInUse, insertStaffUser, setTeamsOf, updateStaffUserAtVersion } from './repository.js';

/**
 * Staff accounts, created and changed by administrators, who never set a password: a new account
 * is invited, and a forgotten password is replaced by a new invitation. Giving an account access
 * to a team's cases is shown to that team's managers.
 */

export interface NewStaffUser {
  email: string;
  display_name: string;
  role: Role;
  team_ids: string[];
}

async function checkAccount(ctx: Context, input: { role: Role; team_ids: string[] }) {
  const problems: { field: string; message: string }[] = [];
  if (roleNeedsTeam(input.role) && input.team_ids.length === 0) problems.push({ field: 'team_ids', message: 'Select at least one team for a social worker or team manager' });
  const unique = [...new Set(input.team_ids)];
  if (unique.length && (!unique.every(isUuid) || (await countTeams(ctx.db, unique)) !== unique.length)) problems.push({ field: 'team_ids', message: 'Select teams from the list' });
  if (problems.length) throw new ValidationError(problems);
}

export async function createStaffAccount(ctx: Context, input: NewStaffUser) {
  await checkAccount(ctx, input);
  if (await emailInUse(ctx.db, input.email)) throw new ValidationError([{ field: 'email', message: 'There is already an account with this email address' }]);
  const user = await insertStaffUser(ctx.db, { email: input.email, displayName: input.display_name, role: input.role, passwordHash: null });
  await setTeamsOf(ctx.db, user.id, input.team_ids);
  const by = auditActor(ctx.actor);
  await recordAudit(ctx.db, by, {
    action: 'staff-user.created',
    subjectType: 'staff-user',
    subjectId: user.id,
    after: { email: input.email, display_name: input.display_name, role: input.role, team_ids: [...new Set(input.team_ids)].sort() },
  });
  await noteCaseAccessGiven(ctx.db, by, { id: user.id, role: input.role }, null, { role: input.role, active: true, teamIds: input.team_ids });
  const invitation = await inviteStaffUser(ctx.db, by, user.id, 'new-account');
  await emailInvitation(ctx, { email: input.email, name: input.display_name }, invitation);
  return { id: user.id, name: input.display_name, ...invitation };
}

/** Replaces the account's password with a new invitation: the old password stops working, and its sessions end. */
export async function sendNewInvitation(ctx: Context, account: StaffAccount) {
  if (!can(ctx.actor, 'staff-account:manage', account)) throw new ValidationError([{ field: 'invitation', message: 'You cannot invite this account' }]);
  const invitation = await inviteStaffUser(ctx.db, auditActor(ctx.actor), account.id, 'new-password');
  await emailInvitation(ctx, { email: account.email, name: account.display_name }, invitation);
  return { id: account.id, name: account.display_name, ...invitation };
}

/** The invitation goes by email through the outbox too; its link is removed from the outbox once sent. */
async function emailInvitation(ctx: Context, to: { email: string; name: string }, invitation: { token: string; expiresAt: Date }) {
  await queueMessage(ctx, {
    template: 'staff-invitation',
    to: to.email,
    personalisation: { name: to.name, council: ctx.config.councilName, link: invitationLink(ctx.config.publicUrl, invitation.token), expires: formatDateTime(invitation.expiresAt) },
    secret: ['link'],
  });
}

/** Changing role, teams or access ends the user's sessions, so the change takes effect at once. */
export async function updateStaffAccount(ctx: Context, before: StaffAccount, input: { display_name: string; role: Role; team_ids: string[]; active: boolean; version: number }) {
  await checkAccount(ctx, input);
  if (!can(ctx.actor, 'staff-account:keep-own-access', { id: before.id, role: input.role, active: input.active })) {
    throw new ValidationError([{ field: 'role', message: 'You cannot remove your own administrator access. Ask another administrator' }]);
  }
  if (before.version !== input.version) throw new ConflictError();
  if (!(await updateStaffUserAtVersion(ctx.db, before.id, input.version, { displayName: input.display_name, role: input.role, active: input.active }))) throw new ConflictError();
  await setTeamsOf(ctx.db, before.id, input.team_ids);
  const by = auditActor(ctx.actor);
  await noteCaseAccessGiven(ctx.db, by, { id: before.id, role: input.role }, { role: before.role, active: before.active, teamIds: before.team_ids }, { role: input.role, active: input.active, teamIds: input.team_ids });
  await recordAudit(ctx.db, by, {
    action: 'staff-user.updated',
    subjectType: 'staff-user',
    subjectId: before.id,
    before: { display_name: before.display_name, role: before.role, active: before.active, team_ids: before.team_ids },
    after: { display_name: input.display_name, role: input.role, active: input.active, team_ids: [...new Set(input.team_ids)].sort() },
  });
  await endSessionsOf(ctx.db, before.id);
}
