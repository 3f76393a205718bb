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
  /** Team names for the user form: those who manage users or teams. */
  'team:list': (actor: Actor, _team: object) => has(actor, 'teams:manage') || has(actor, 'users:manage'),
};
