import type { Role } from '../../db/schema.js';
import { roundHalfUpNumber } from '../ras/exact.js';
import { WEEKS_PER_YEAR } from './plan.js';

/**
 * Who may agree a plan, from the council's delegated limits (configuration). A worker agrees a
 * plan within the indicative budget; a team manager up to a limit above it (the lesser of a
 * percentage of the indicative budget and a weekly amount); the panel beyond that and for every
 * exceptional need. Nothing here caps a budget: a higher figure only needs a higher sign-off.
 */
export type SignOffLevel = 'worker' | 'manager' | 'panel';

export const SIGN_OFF_LEVELS: Record<SignOffLevel, string> = {
  worker: 'a social worker',
  manager: 'a team manager',
  panel: 'the panel',
};

const RANK: Record<SignOffLevel, number> = { worker: 1, manager: 2, panel: 3 };

export interface SignOffLimits {
  /** A manager may agree up to this percentage of the indicative budget above it… */
  managerPercent: number;
  /** …or this many pence a week above it, whichever is less. */
  managerWeeklyPence: number;
}

export const DEFAULT_SIGN_OFF_LIMITS: SignOffLimits = { managerPercent: 10, managerWeeklyPence: 10_000 };

/** How far above the indicative weekly budget a manager may agree, in pence a week. */
export function managerAllowanceWeekly(indicativeWeeklyPence: number, limits: SignOffLimits): number {
  return Math.min(roundHalfUpNumber(indicativeWeeklyPence * limits.managerPercent, 100), limits.managerWeeklyPence);
}

export interface SignOffCase {
  planAnnualPence: number;
  indicativeWeeklyPence: number;
  /** The plan records an exceptional need, or the assessment is waiting for the panel. */
  exceptional: boolean;
}

export function requiredLevel(c: SignOffCase, limits: SignOffLimits): { level: SignOffLevel; reason: string } {
  if (c.exceptional) return { level: 'panel', reason: 'The plan meets an exceptional need, which the panel decides' };
  const over = c.planAnnualPence - c.indicativeWeeklyPence * WEEKS_PER_YEAR;
  if (over <= 0) return { level: 'worker', reason: 'The plan is within the indicative personal budget' };
  const allowance = managerAllowanceWeekly(c.indicativeWeeklyPence, limits) * WEEKS_PER_YEAR;
  if (over <= allowance) return { level: 'manager', reason: 'The plan costs more than the indicative budget, within a team manager’s limit' };
  return { level: 'panel', reason: 'The plan costs more than a team manager may agree above the indicative budget' };
}

/** The sign-off level each role holds by delegation; other roles agree no plans. */
const AUTHORITY: Partial<Record<Role, SignOffLevel>> = { 'social-worker': 'worker', 'team-manager': 'manager', 'panel-member': 'panel' };

export function authorityOf(role: Role): SignOffLevel | null {
  return AUTHORITY[role] ?? null;
}

export function mayAgree(role: Role, required: SignOffLevel): boolean {
  const authority = authorityOf(role);
  return authority !== null && RANK[authority] >= RANK[required];
}
