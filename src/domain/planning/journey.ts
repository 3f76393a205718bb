import { addDays, addMonths } from '../directory/checks.js';

/**
 * Where a person is in the seven steps of self-directed support (seed 002), and the reviews the
 * rules expect: light-touch 6–8 weeks after sign-off, at least every 12 months, and a direct
 * payment within its first 6 months (Direct Payments Regulations 2014 reg 7).
 */
export const STEPS = {
  'self-assessment': 'Self-assessment',
  'indicative-budget': 'Indicative budget',
  plan: 'Support plan',
  agreed: 'Plan agreed',
  'organising-support': 'Organising support',
  'living-with-support': 'Living with support',
  review: 'Review',
} as const;
export type Step = keyof typeof STEPS;
export const STEP_ORDER = Object.keys(STEPS) as Step[];

export interface JourneyFacts {
  /** The latest completed assessment, and whether it is waiting for the panel. */
  completedAssessmentId: string | null;
  assessmentInProgress: boolean;
  /** A plan being written or waiting for sign-off. */
  openPlan: boolean;
  /** The assessment the latest agreed plan was built on (none for arrangements migrated from the previous system), and when support starts. */
  agreedPlan: { assessmentId: string | null; supportStartsOn: string | null } | null;
  /** The earliest review not yet done whose window has opened. */
  reviewDue: boolean;
}

export function journeyStep(f: JourneyFacts, today: string): Step {
  if (f.openPlan) return 'plan';
  if (f.reviewDue) return 'review';
  // Migrated arrangements carry on until the person is assessed in Selfdirect.
  const carriedOn = f.agreedPlan !== null && f.agreedPlan.assessmentId === null && f.completedAssessmentId === null && !f.assessmentInProgress;
  if (!carriedOn && (f.assessmentInProgress || f.completedAssessmentId === null)) return 'self-assessment';
  if (!f.agreedPlan || (!carriedOn && f.agreedPlan.assessmentId !== f.completedAssessmentId)) return 'indicative-budget';
  if (!f.agreedPlan.supportStartsOn) return 'agreed';
  return f.agreedPlan.supportStartsOn > today ? 'organising-support' : 'living-with-support';
}

export const REVIEW_KINDS = {
  'light-touch': 'Light-touch review after sign-off',
  'direct-payment': 'First direct payment review',
  annual: 'Annual review',
  'after-reclaim': 'Review after unspent money was reclaimed',
} as const;
export type ReviewKind = keyof typeof REVIEW_KINDS;

export interface ScheduledReview {
  kind: ReviewKind;
  /** The review's window opens (it shows as due)… */
  dueFrom: string;
  /** …and after this it is overdue. */
  dueBy: string;
}

/** The reviews a newly agreed plan needs. A direct payment review only when direct payments are new to the person. */
export function reviewsAfterSignOff(agreedOn: string, directPaymentIsNew: boolean): ScheduledReview[] {
  const reviews: ScheduledReview[] = [{ kind: 'light-touch', dueFrom: addDays(agreedOn, 42), dueBy: addDays(agreedOn, 56) }];
  if (directPaymentIsNew) reviews.push({ kind: 'direct-payment', dueFrom: addMonths(agreedOn, 4), dueBy: addMonths(agreedOn, 6) });
  reviews.push(annualReviewAfter(agreedOn));
  return reviews;
}

/** The next annual review: within 12 months, shown as due from the month before. */
export function annualReviewAfter(date: string): ScheduledReview {
  return { kind: 'annual', dueFrom: addMonths(date, 11), dueBy: addMonths(date, 12) };
}

export type ReviewState = 'scheduled' | 'due' | 'overdue';

export function reviewState(review: Pick<ScheduledReview, 'dueFrom' | 'dueBy'>, today: string): ReviewState {
  if (today > review.dueBy) return 'overdue';
  if (today >= review.dueFrom) return 'due';
  return 'scheduled';
}
