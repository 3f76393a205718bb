import { has } from './abilities.js';
import type { Actor } from './actor.js';
import { type PersonFacts, inTeamWith } from './people.js';

/**
 * Financial assessments: casework staff for their teams' people; finance officers for everyone's
 * (a council's financial assessment officers work across teams, like its payments).
 */
export interface FinancialAssessmentFacts {
  person: PersonFacts;
}

const reads = (actor: Actor, f: FinancialAssessmentFacts) => has(actor, 'charging:assess') && (has(actor, 'payments:manage') || inTeamWith(actor, 'charging:assess', f.person));

export const chargingRules = {
  'financial-assessment:read': reads,
  /** Record or change one: only while the person's record is open. */
  'financial-assessment:write': (actor: Actor, f: FinancialAssessmentFacts) => reads(actor, f) && f.person.closed_on === null,
};
