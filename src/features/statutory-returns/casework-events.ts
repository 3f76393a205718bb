import { isCodeValue } from '../../domain/cld/code-lists.js';
import type { Executor } from '../../web/route.js';
import { ownEventReference } from './plan-services.js';
import { insertCldEvents } from './repository.js';

/**
 * The CLD events Selfdirect's casework makes: a completed assessment is an Assessment event, a
 * recorded review a Review event, each written in the same transaction as the record it reports.
 */

export interface AssessmentReport {
  assessmentType: string;
  methodOfAssessment: string;
  eligibleNeedsIdentified: string;
}

/** Eligible needs lead to support planning; none, to information and advice. */
export function assessmentOutcome(eligible: string): string {
  return eligible === 'Yes' ? 'Progress to support planning or services' : 'NFA: Information and advice or signposting';
}

export async function recordAssessmentEvent(db: Executor, assessment: { id: string; personId: string; startedOn: string; completedOn: string; description: string }, report: AssessmentReport) {
  for (const [list, value] of [['Assessment_Type', report.assessmentType], ['Method_of_Assessment', report.methodOfAssessment], ['Yes_No', report.eligibleNeedsIdentified]] as const) {
    if (!isCodeValue(list, value)) throw new Error(`${value} is not a CLD ${list}`);
  }
  await insertCldEvents(db, [
    {
      event_reference: ownEventReference('A'),
      person_id: assessment.personId,
      event_type: 'Assessment',
      start_date: assessment.startedOn,
      end_date: assessment.completedOn,
      description: assessment.description,
      outcome: assessmentOutcome(report.eligibleNeedsIdentified),
      assessment_type: report.assessmentType,
      method_of_assessment: report.methodOfAssessment,
      eligible_needs_identified: report.eligibleNeedsIdentified,
      source: 'assessment',
      source_id: assessment.id,
      updated_at: new Date(),
    },
  ]);
}

export interface ReviewReport {
  reviewReason: string;
  methodOfReview: string;
  reviewOutcomesAchieved: string;
}

const REVIEW_OUTCOMES: Record<string, string> = {
  'no-change': 'Continuation of support or services',
  'plan-revision': 'Progress to support planning or services',
  reassessment: 'Progress to assessment, review or reassessment',
};

export async function recordReviewEvent(db: Executor, review: { id: string; personId: string; reviewedOn: string; result: string; description: string }, report: ReviewReport) {
  await insertCldEvents(db, [
    {
      event_reference: ownEventReference('R'),
      person_id: review.personId,
      event_type: 'Review',
      start_date: review.reviewedOn,
      end_date: review.reviewedOn,
      description: review.description,
      outcome: REVIEW_OUTCOMES[review.result] ?? 'Continuation of support or services',
      review_reason: report.reviewReason,
      method_of_review: report.methodOfReview,
      review_outcomes_achieved: report.reviewOutcomesAchieved,
      source: 'review',
      source_id: review.id,
      updated_at: new Date(),
    },
  ]);
}
