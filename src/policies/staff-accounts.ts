import type { Role } from '../db/schema.js';
import { has } from './abilities.js';
import { type Actor, isStaff } from './actor.js';

/** Roles whose work is a team's casework, so an account with one must belong to a team. */
const TEAM_ROLES: ReadonlySet<Role> = new Set<Role>(['social-worker', 'team-manager']);

export function roleNeedsTeam(role: Role): boolean {
  return TEAM_ROLES.has(role);
}

export interface StaffAccountChange {
  id: string;
  role: Role;
  active: boolean;
}

export const staffAccountRules = {
  'staff-account:manage': (actor: Actor, _account: object) => has(actor, 'users:manage'),
  /** Administrators may not remove their own administrator access (another administrator must). */
  'staff-account:keep-own-access': (actor: Actor, change: StaffAccountChange) =>
    !isStaff(actor) || change.id !== actor.id || (change.active && has({ ...actor, role: change.role }, 'users:manage')),
  'team:manage': (actor: Actor, _team: object) => has(actor, 'teams:manage'),
  /** A notice of new access to a team's cases: that team's managers. */
  'case-access-notice:see': (actor: Actor, notice: { team_id: string }) => has(actor, 'case-access:review') && isStaff(actor) && actor.teamIds.includes(notice.team_id),
  /** Team names for the user form: those who manage users or teams. */
  'team:list': (actor: Actor, _team: object) => has(actor, 'teams:manage') || has(actor, 'users:manage'),
};

/** Roles that open records across every team: panel members (plans for the panel) and finance officers (direct payments). */
const EVERY_TEAM_ROLES: ReadonlySet<Role> = new Set<Role>(['panel-member', 'finance-officer']);

export interface CaseAccess {
  role: Role;
  active: boolean;
  teamIds: readonly string[];
}

/**
 * The teams whose cases an account can open after a change and could not before ('every-team'
 * for a role that reaches every team): each of those teams' managers is told.
 */
export function caseAccessGiven(before: CaseAccess | null, after: CaseAccess): string[] | 'every-team' {
  if (!after.active) return [];
  // A team's whole casework and every team's plans or payments are different access: each is told when new.
  const had = (team: string) => Boolean(before?.active && TEAM_ROLES.has(before.role) && before.teamIds.includes(team));
  if (EVERY_TEAM_ROLES.has(after.role)) return before?.active && EVERY_TEAM_ROLES.has(before.role) ? [] : 'every-team';
  if (!TEAM_ROLES.has(after.role)) return [];
  return [...new Set(after.teamIds)].filter((team) => !had(team)).sort();
}
