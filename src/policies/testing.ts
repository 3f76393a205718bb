/** Actors and records for the policy tests. */
import type { Role } from '../db/schema.js';
import type { Actor, StaffActor } from './actor.js';

export const NORTH = 'north-team';
export const SOUTH = 'south-team';
export const staff = (role: Role, teamIds: string[] = [NORTH]): StaffActor => ({ kind: 'staff', id: `${role}-id`, email: `${role}@example`, displayName: role, role, teamIds });
export const person = (team_id = NORTH, closed_on: string | null = null) => ({ id: 'p1', team_id, closed_on });
export const plan = (status: 'draft' | 'awaiting-sign-off' | 'agreed', sign_off_level: 'worker' | 'manager' | 'panel' | null = null, extra: { team?: string; latest?: boolean; closed?: boolean } = {}) => ({
  plan: { status, sign_off_level },
  person: person(extra.team ?? NORTH, extra.closed ? '2026-01-01' : null),
  latest: extra.latest ?? true,
});
export const citizen: Actor = { kind: 'person', id: 'c1', displayName: 'Peggy', personId: 'p1' };
export const representative: Actor = { kind: 'representative', id: 'r1', displayName: 'Anna', grants: [{ personId: 'p1', parts: ['plan'] }] };

