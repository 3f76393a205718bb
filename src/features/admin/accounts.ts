import { isUuid } from '../../db/ids.js';
import type { Role } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { can } from '../../policies/index.js';
import { roleNeedsTeam } from '../../policies/staff-accounts.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { DEMO_PASSWORD, hashPassword } from '../auth/passwords.js';
import { endSessionsOf } from '../auth/repository.js';
import { type StaffAccount, countTeams, emailInUse, insertStaffUser, setTeamsOf, updateStaffUserAtVersion } from './repository.js';

/** Staff accounts, created and changed by administrators. */

export interface NewStaffUser {
  email: string;
  display_name: string;
  role: Role;
  team_ids: string[];
  password: string | null;
}

async function checkAccount(ctx: Context, input: { role: Role; team_ids: string[]; password: string | null }) {
  const problems: { field: string; message: string }[] = [];
  if (input.password === DEMO_PASSWORD && !ctx.config.allowDemoData) problems.push({ field: 'password', message: 'The demo password cannot be used here. Choose another password' });
  if (roleNeedsTeam(input.role) && input.team_ids.length === 0) problems.push({ field: 'team_ids', message: 'Select at least one team for a social worker or team manager' });
  const unique = [...new Set(input.team_ids)];
  if (unique.length && (!unique.every(isUuid) || (await countTeams(ctx.db, unique)) !== unique.length)) problems.push({ field: 'team_ids', message: 'Select teams from the list' });
  if (problems.length) throw new ValidationError(problems);
}

export async function createStaffAccount(ctx: Context, input: NewStaffUser) {
  await checkAccount(ctx, input);
  if (await emailInUse(ctx.db, input.email)) throw new ValidationError([{ field: 'email', message: 'There is already an account with this email address' }]);
  const user = await insertStaffUser(ctx.db, { email: input.email, displayName: input.display_name, role: input.role, passwordHash: await hashPassword(input.password ?? '') });
  await setTeamsOf(ctx.db, user.id, input.team_ids);
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'staff-user.created',
    subjectType: 'staff-user',
    subjectId: user.id,
    after: { email: input.email, display_name: input.display_name, role: input.role, team_ids: [...new Set(input.team_ids)].sort() },
  });
  return user;
}

/** Changing role, teams, access or password ends the user's sessions, so the change takes effect at once. */
export async function updateStaffAccount(ctx: Context, before: StaffAccount, input: { display_name: string; role: Role; team_ids: string[]; active: boolean; password: string | null; version: number }) {
  await checkAccount(ctx, input);
  if (!can(ctx.actor, 'staff-account:keep-own-access', { id: before.id, role: input.role, active: input.active })) {
    throw new ValidationError([{ field: 'role', message: 'You cannot remove your own administrator access. Ask another administrator' }]);
  }
  if (before.version !== input.version) throw new ConflictError();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  if (!(await updateStaffUserAtVersion(ctx.db, before.id, input.version, { displayName: input.display_name, role: input.role, active: input.active, passwordHash }))) throw new ConflictError();
  await setTeamsOf(ctx.db, before.id, input.team_ids);
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'staff-user.updated',
    subjectType: 'staff-user',
    subjectId: before.id,
    before: { display_name: before.display_name, role: before.role, active: before.active, team_ids: before.team_ids },
    after: { display_name: input.display_name, role: input.role, active: input.active, team_ids: [...new Set(input.team_ids)].sort(), ...(passwordHash ? { password: 'reset' } : {}) },
  });
  await endSessionsOf(ctx.db, before.id);
}
