import type { Role } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { type CaseAccess, caseAccessGiven } from '../../policies/staff-accounts.js';
import type { Executor } from '../../web/route.js';
import type { AuditActor } from '../audit/audit-trail.js';
import { recordAudit } from '../audit/audit-trail.js';

/**
 * When an account is given access to a team's cases, the team's managers are told on their home
 * page, so an administrator cannot quietly give themselves or anyone else a way into case records.
 * The notices table belongs to this file.
 */
export async function noteCaseAccessGiven(db: Executor, by: AuditActor, user: { id: string; role: Role }, before: CaseAccess | null, after: CaseAccess) {
  const given = caseAccessGiven(before, after);
  const teams = given === 'every-team' ? (await db.selectFrom('teams').select('id').execute()).map((t) => t.id) : given;
  if (teams.length === 0) return;
  await db
    .insertInto('case_access_notices')
    .values(teams.map((team_id) => ({ team_id, user_id: user.id, role: user.role, change: before ? ('access-given' as const) : ('account-created' as const), given_by: by.label })))
    .execute();
}

/** Unseen notices for the manager's teams, newest first, with whether the invitation was accepted. */
export async function unseenNoticesFor(db: Executor, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('case_access_notices')
    .innerJoin('staff_users', 'staff_users.id', 'case_access_notices.user_id')
    .innerJoin('teams', 'teams.id', 'case_access_notices.team_id')
    .select([
      'case_access_notices.id',
      'case_access_notices.team_id',
      'case_access_notices.role',
      'case_access_notices.change',
      'case_access_notices.given_by',
      'case_access_notices.given_at',
      'staff_users.display_name',
      'staff_users.email',
      'teams.name as team_name',
      (eb) => eb.selectFrom('staff_invitations').select((sub) => sub.fn.max('staff_invitations.accepted_at').as('at')).whereRef('staff_invitations.user_id', '=', 'case_access_notices.user_id').as('accepted_at'),
    ])
    .where('case_access_notices.team_id', 'in', [...teamIds])
    .where('case_access_notices.seen_at', 'is', null)
    .orderBy('case_access_notices.given_at', 'desc')
    .limit(50)
    .execute();
}

export async function noticeById(db: Executor, id: string) {
  return db.selectFrom('case_access_notices').select(['id', 'team_id', 'user_id', 'seen_at']).where('id', '=', id).executeTakeFirst();
}

export async function markNoticeSeen(db: Executor, by: AuditActor, notice: { id: string; user_id: string; seen_at: Date | null }) {
  if (notice.seen_at) return;
  const updated = await db.updateTable('case_access_notices').set({ seen_by: by.id, seen_at: new Date() }).where('id', '=', notice.id).where('seen_at', 'is', null).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new NotFoundError();
  await recordAudit(db, by, { action: 'case-access-notice.seen', subjectType: 'staff-user', subjectId: notice.user_id, after: { notice: notice.id } });
}
