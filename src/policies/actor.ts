import type { Role } from '../db/schema.js';

/**
 * Who is making a request. A member of staff works through roles and teams; a person using the
 * service, or their representative, only ever reaches the records (and parts of records) they
 * were given. Policies take any actor; a staff rule simply refuses the others.
 */
export interface StaffActor {
  kind: 'staff';
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamIds: string[];
  /** People outside their teams they opened by giving a reason (duty, out of hours), while that lasts. */
  openedPeople?: readonly string[];
}

/** The parts of a person's record a representative can be given (the portal issue fills these in). */
export type RecordPart = 'assessment' | 'plan' | 'money' | 'messages';

/** A person using the service for themselves. */
export interface PersonActor {
  kind: 'person';
  id: string;
  displayName: string;
  personId: string;
}

/** A family member, advocate or authorised person, for the people and parts they were given. */
export interface RepresentativeActor {
  kind: 'representative';
  id: string;
  displayName: string;
  grants: { personId: string; parts: RecordPart[] }[];
}

export type CitizenActor = PersonActor | RepresentativeActor;
export type Actor = StaffActor | CitizenActor;

export const isStaff = (actor: Actor | undefined): actor is StaffActor => actor?.kind === 'staff';
