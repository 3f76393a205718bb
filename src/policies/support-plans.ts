import type { SupportPlan } from '../db/schema.js';
import { type SignOffLevel, authorityOf, mayAgree } from '../domain/planning/sign-off.js';
import { has } from './abilities.js';
import { type Actor, isStaff } from './actor.js';
import { type PersonFacts, inTeamWith, mayRead } from './people.js';

/** What the plan rules look at: the version's status and sign-off level, its person, and whether it is the newest version. */
export interface PlanFacts {
  plan: Pick<SupportPlan, 'status' | 'sign_off_level'>;
  person: PersonFacts;
  /** The newest version of the person's plan. */
  latest?: boolean;
}

/** A plan waiting for the panel: the one kind panel members open, from any team. */
const panelCase = (f: PlanFacts) => f.plan.status === 'awaiting-sign-off' && f.plan.sign_off_level === 'panel';

const isPanelMember = (actor: Actor) => has(actor, 'panel:decide');

const casework = (actor: Actor, f: PlanFacts) => !isPanelMember(actor) && inTeamWith(actor, 'people:read', f.person);

export const planRules = {
  /** Read the plan: casework staff for their teams' people; panel members only for the panel's cases. */
  'plan:read': (actor: Actor, f: PlanFacts) => (isPanelMember(actor) ? panelCase(f) : mayRead(actor, f.person)),
  /** Open it for changing (the version must also be a draft for a change to save). */
  'plan:write': (actor: Actor, f: PlanFacts) => inTeamWith(actor, 'plans:write', f.person),
  /** Change this version now: a draft, for an open record. */
  'plan:edit': (actor: Actor, f: PlanFacts) => inTeamWith(actor, 'plans:write', f.person) && f.plan.status === 'draft' && f.person.closed_on === null,
  /** Open the sign-off page. */
  'plan:sign-off': (actor: Actor, f: PlanFacts) => (isPanelMember(actor) ? panelCase(f) : inTeamWith(actor, 'plans:sign-off', f.person)),
  /** Agree or return it: waiting for sign-off at a level within the actor's delegated authority. */
  'plan:decide': (actor: Actor, f: PlanFacts) =>
    planRules['plan:sign-off'](actor, f) && f.plan.status === 'awaiting-sign-off' && f.plan.sign_off_level !== null && isStaff(actor) && mayAgree(actor.role, f.plan.sign_off_level),
  /** Start a new version of the newest agreed one. */
  'plan:revise': (actor: Actor, f: PlanFacts) => inTeamWith(actor, 'plans:write', f.person) && f.plan.status === 'agreed' && f.latest === true && f.person.closed_on === null,
  /** Record when the support in the newest agreed version starts. */
  'plan:record-support-start': (actor: Actor, f: PlanFacts) => inTeamWith(actor, 'plans:write', f.person) && f.plan.status === 'agreed' && f.latest === true,
  /** The person's safeguarding banner and casework links: casework staff, not the panel. */
  'plan:see-casework': casework,
};

/** Whether an actor could agree a plan needing this level (for saying where a submitted plan goes next). */
export function mayAgreeAt(actor: Actor, level: SignOffLevel): boolean {
  return isStaff(actor) && mayAgree(actor.role, level);
}

/**
 * The plans an actor's sign-off queue holds: the levels within their authority, for their teams;
 * the panel's level for panel members, from every team. Null when they sign off nothing.
 */
export function signOffQueueScope(actor: Actor): { levels: SignOffLevel[]; teamIds: string[] | 'every-team' } | null {
  if (!isStaff(actor) || !has(actor, 'plans:sign-off')) return null;
  const authority = authorityOf(actor.role);
  if (!authority) return null;
  if (isPanelMember(actor)) return { levels: ['panel'], teamIds: 'every-team' };
  const levels = (['worker', 'manager'] as const).filter((level) => mayAgree(actor.role, level));
  return { levels, teamIds: actor.teamIds };
}
