import type { Assessment, Review } from '../db/schema.js';
import { has } from './abilities.js';
import type { Actor } from './actor.js';
import { type PersonFacts, inTeamWith, mayRead } from './people.js';

/** Rules for the records that hang off a person: assessments, reviews and safeguarding concerns. */

export interface AssessmentFacts {
  assessment: Pick<Assessment, 'status' | 'outcome'>;
  person: PersonFacts;
}

export const assessmentRules = {
  /** Casework staff for their teams' people. */
  'assessment:read': (actor: Actor, f: AssessmentFacts) => mayRead(actor, f.person),
  'assessment:write': (actor: Actor, f: AssessmentFacts) => inTeamWith(actor, 'assessments:write', f.person) && inTeamWith(actor, 'people:write', f.person),
  /** The panel, from any team, for an assessment referred to it. */
  'assessment:panel': (actor: Actor, f: AssessmentFacts) => has(actor, 'panel:decide') && f.assessment.outcome === 'panel-review',
};

export interface ReviewFacts {
  review: Pick<Review, 'status'>;
  person: PersonFacts;
}

export const reviewRules = {
  'review:read': (actor: Actor, f: ReviewFacts) => mayRead(actor, f.person),
  /** Open the form: casework staff who write plans, for their teams. */
  'review:write': (actor: Actor, f: ReviewFacts) => inTeamWith(actor, 'plans:write', f.person) && inTeamWith(actor, 'people:write', f.person),
  /** Record it now: it is still scheduled and the record is open. */
  'review:record': (actor: Actor, f: ReviewFacts) => reviewRules['review:write'](actor, f) && f.review.status === 'scheduled' && f.person.closed_on === null,
};

export interface ConcernFacts {
  person: PersonFacts;
}

export const concernRules = {
  'concern:write': (actor: Actor, f: ConcernFacts) => inTeamWith(actor, 'safeguarding:write', f.person) && inTeamWith(actor, 'people:write', f.person),
};

export interface ContactFacts {
  contact: { team_id: string };
}

/** A contact at the front door belongs to the duty team it came to, not only to the person's team. */
export const contactRules = {
  'contact:read': (actor: Actor, f: ContactFacts) => inTeamWith(actor, 'people:read', f.contact),
  'contact:write': (actor: Actor, f: ContactFacts) => inTeamWith(actor, 'people:write', f.contact),
};
