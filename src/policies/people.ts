import type { Ability } from './abilities.js';
import { has } from './abilities.js';
import { type Actor, isStaff } from './actor.js';

/** What a person's record must show for a policy to decide: the team that holds it, and whether it is closed. */
export interface PersonFacts {
  id: string;
  team_id: string;
  closed_on: string | null;
}

/** A member of staff with the ability, for a person in one of their teams. */
export function inTeamWith(actor: Actor, ability: Ability, person: Pick<PersonFacts, 'team_id'>): boolean {
  return isStaff(actor) && has(actor, ability) && actor.teamIds.includes(person.team_id);
}

/** Rules for a person's record. A person outside the actor's teams reads exactly like a missing one. */
export const personRules = {
  'person:read': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'people:read', person),
  'person:write': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'people:write', person),
  /** Change the details, representatives or carers: only while the record is open. */
  'person:change': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'people:write', person) && person.closed_on === null,
  'person:history': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'people:history', person),
  'person:start-plan': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'plans:write', person) && person.closed_on === null,
  'person:raise-concern': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'safeguarding:write', person) && person.closed_on === null,
  'person:see-concerns': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'safeguarding:write', person),
  'person:assess': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'assessments:write', person) && person.closed_on === null,
  /** Put a person in this team (creating or moving a record). */
  'person:place-in-team': (actor: Actor, person: Pick<PersonFacts, 'team_id'>) => inTeamWith(actor, 'people:write', person),
};

/** The teams whose people the actor may list and search: none for anyone but casework staff. */
export function teamsVisibleTo(actor: Actor): string[] {
  return isStaff(actor) && has(actor, 'people:read') ? actor.teamIds : [];
}
