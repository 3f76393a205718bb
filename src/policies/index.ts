import type { Actor } from './actor.js';
import { assessmentRules, concernRules, contactRules, reviewRules } from './casework.js';
import { chargingRules } from './charging.js';
import { directoryRules } from './directory.js';
import { financeRules } from './finance.js';
import { personRules } from './people.js';
import { staffAccountRules } from './staff-accounts.js';
import { portalRules } from './portal.js';
import { planRules } from './support-plans.js';

/**
 * `can(actor, action, record)`: every record-level rule, by action. Each kind of record has its
 * rules in its own file beside this one, with tests; routes name the action they need and the
 * pipeline asks before anything runs, presenters ask to decide which links to show. A citizen
 * portal adds its rules here without touching the staff ones.
 */
const rules = { ...personRules, ...planRules, ...assessmentRules, ...reviewRules, ...concernRules, ...contactRules, ...financeRules, ...chargingRules, ...directoryRules, ...staffAccountRules, ...portalRules };

type Rules = typeof rules;
export type Action = keyof Rules;
export type RecordFor<A extends Action> = Parameters<Rules[A]>[1];

export function can<A extends Action>(actor: Actor | undefined, action: A, record: RecordFor<A>): boolean {
  if (!actor) return false;
  return (rules[action] as (actor: Actor, record: RecordFor<A>) => boolean)(actor, record);
}

export { type Ability, ROLE_NAMES, ROLES, abilities, describeActor, has } from './abilities.js';
export { type Actor, type CitizenActor, type PersonActor, type RecordPart, type RepresentativeActor, type StaffActor, isStaff } from './actor.js';
