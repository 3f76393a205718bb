import type { Role } from '../db/schema.js';
import { type Actor, isStaff } from './actor.js';

/**
 * What each staff role may open: the first gate on every staff route. Whether a member of staff
 * may use a particular record (their team's person, a plan waiting for the panel) is the record
 * policy's question, in the file for that kind of record beside this one.
 */
export const ROLE_NAMES: Record<Role, string> = {
  'social-worker': 'Social worker',
  'team-manager': 'Team manager',
  'panel-member': 'Panel member',
  'finance-officer': 'Finance officer',
  analyst: 'Analyst',
  administrator: 'Administrator',
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

const CASEWORK: readonly Role[] = ['social-worker', 'team-manager'];

export const abilities = {
  /** People in the user's teams: list, search, view. */
  'people:read': CASEWORK,
  /** Create, edit and close people's records, representatives and carer links. */
  'people:write': CASEWORK,
  /** A person's record history from the audit trail. */
  'people:history': ['team-manager'],
  /** Start, answer and complete needs assessments for people in the user's teams. */
  'assessments:write': CASEWORK,
  /** Open a support plan: casework staff for their teams, panel members for plans waiting for the panel. */
  'plans:read': ['social-worker', 'team-manager', 'panel-member'],
  /** Write and change support plans, record when support starts, and record reviews. */
  'plans:write': CASEWORK,
  /** Agree or return a support plan within the role's delegated limit (the panel's from any team). */
  'plans:sign-off': ['social-worker', 'team-manager', 'panel-member'],
  /** Allocate and reallocate the team's people to its workers; see every worker's caseload. */
  'caseload:allocate': ['team-manager'],
  /** Open the record of someone outside the user's teams (duty, out of hours), only by giving a reason. */
  'people:duty': CASEWORK,
  /** Record a safeguarding concern on a person and the action taken. */
  'safeguarding:write': CASEWORK,
  /** Direct payments: agreements, payment runs, statements, monitoring, audits and reclaims, for every team. */
  'payments:manage': ['finance-officer'],
  /** Calibrate the RAS, model affordability and review equity, from files or the database (no names). */
  'analytics:run': ['analyst'],
  /** Import and publish the council's charging rules for each financial year. */
  'charging:rules': ['finance-officer', 'administrator'],
  /** Record financial assessments: casework staff for their teams' people, finance officers for everyone's. */
  'charging:assess': ['social-worker', 'team-manager', 'finance-officer'],
  /** Recalculate everyone's contribution when a new year's charging rules are published. */
  'charging:uprate': ['finance-officer'],
  /** Import, compare and publish Resource Allocation System schemes. */
  'schemes:manage': ['analyst', 'administrator'],
  /** Decide exceptional-need cases referred to the panel, whichever team the person is in. */
  'panel:decide': ['panel-member'],
  /** Search the directory of providers, personal assistants and support organisations. */
  'directory:read': ['social-worker', 'team-manager', 'panel-member', 'finance-officer', 'analyst', 'administrator'],
  /** Add and change directory entries and record their checks. */
  'directory:manage': ['team-manager', 'administrator'],
  /** Propose a personal assistant for the directory (a manager decides); see one's own proposals. */
  'directory:propose': ['social-worker', 'team-manager', 'administrator'],
  /** Aggregate figures with no names in them; the statutory returns (the CLD extract, ASCOF, their data quality). */
  'reports:read': ['analyst', 'team-manager'],
  /** The people counted in a statutory figure, by name: for their own teams' people only. */
  'returns:people': ['team-manager'],
  /** Notices that an account was given access to the manager's teams' cases. */
  'case-access:review': ['team-manager'],
  /** Bring the caseload and its history in from the council's previous system (counts shown, never records). */
  'migration:import': ['administrator'],
  /** Staff accounts and teams. Administrators never open case records. */
  'users:manage': ['administrator'],
  'teams:manage': ['administrator'],
  /** The scheduled jobs' last runs and the daily backups (issue 18). */
  'jobs:manage': ['administrator'],
  /** Register the council's other systems as clients of the open API, and revoke them (issue 18). */
  'api-clients:manage': ['administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Ability = keyof typeof abilities;

/** The staff member's role has the ability. People using the service hold no staff ability. */
export function has(actor: Actor | undefined, ability: Ability): boolean {
  return isStaff(actor) && (abilities[ability] as readonly Role[]).includes(actor.role);
}

/** The role's name, as the header shows who is signed in. */
export function describeActor(actor: Actor): string {
  return isStaff(actor) ? `${actor.displayName} (${ROLE_NAMES[actor.role]})` : actor.displayName;
}
