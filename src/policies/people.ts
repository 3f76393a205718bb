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

/** A worker who opened someone outside their teams by giving a reason (duty, out of hours), while that lasts. */
export function openedWithReason(actor: Actor, person: Pick<PersonFacts, 'id'>): boolean {
  return isStaff(actor) && has(actor, 'people:read') && (actor.openedPeople ?? []).includes(person.id);
}

/** Read the person's record and what hangs off it: their team, or a reason given to open it. */
export function mayRead(actor: Actor, person: PersonFacts): boolean {
  return inTeamWith(actor, 'people:read', person) || openedWithReason(actor, person);
}

/** Rules for a person's record. A person outside the actor's teams reads exactly like a missing one. */
export const personRules = {
  'person:read': mayRead,
  /** Open someone outside the actor's teams, giving a reason (their own team's people need none). */
  'person:open-with-reason': (actor: Actor, person: PersonFacts) => has(actor, 'people:duty') && !inTeamWith(actor, 'people:read', person),
  /** Read and write case notes and documents: the team, or a duty worker who gave a reason. */
  'person:notes': (actor: Actor, person: PersonFacts) => (inTeamWith(actor, 'people:write', person) || (openedWithReason(actor, person) && has(actor, 'people:write'))) && person.closed_on === null,
  'person:read-notes': mayRead,
  /** Allocate the person to a worker in their team (the team's manager). */
  'person:allocate': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'caseload:allocate', person) && person.closed_on === null,
  /** Move the person to another team, with a reason: the old team loses access. */
  'person:transfer': (actor: Actor, person: PersonFacts) => inTeamWith(actor, 'people:write', person) && person.closed_on === null,
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
