import type { Person, Review } from '../../db/schema.js';
import { type ReviewReport, recordReviewEvent } from '../statutory-returns/casework-events.js';
import { REVIEW_KINDS, annualReviewAfter } from '../../domain/planning/journey.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { openDraftPlan } from '../support-plans/start-plan.js';
import { annualReviewWaiting, completeReviewAtVersion, scheduleReviews } from './repository.js';

export interface ReviewInput {
  reviewedOn: string;
  working: string;
  notWorking: string | null;
  outcomesAchieved: string;
  result: 'no-change' | 'plan-revision' | 'reassessment';
  /** What the statutory return says of it. */
  report: ReviewReport;
}

/**
 * Records a review: what is working, what is not and the outcomes achieved, ending in no change,
 * a plan revision or a reassessment. An annual review (or any review, if no annual one is
 * waiting) schedules the next within 12 months. A review never changes a budget: a revision is a
 * new draft plan that goes through sign-off like any other.
 */
export async function recordReview(ctx: Context, { review, person }: { review: Review; person: Person }, version: number, input: ReviewInput): Promise<{ revisionId: string | null }> {
  if (review.status !== 'scheduled') throw new ConflictError('This review has already been recorded or was cancelled');
  if (person.closed_on) throw new ConflictError('This record is closed');
  if (input.reviewedOn > ctx.today) throw new ValidationError([{ field: 'reviewed_on', message: 'The date of the review must be today or in the past' }]);
  const { report, ...recorded } = input;
  const updated = await completeReviewAtVersion(ctx.db, review.id, version, { ...recorded, recordedBy: ctx.actor.id });
  if (!updated) throw new ConflictError('Someone else recorded this review while you were working on it');
  if (review.kind === 'annual' || !(await annualReviewWaiting(ctx.db, person.id))) {
    await scheduleReviews(ctx.db, [{ personId: person.id, planId: review.plan_id, ...annualReviewAfter(input.reviewedOn) }]);
  }
  await recordReviewEvent(ctx.db, { id: review.id, personId: person.id, reviewedOn: input.reviewedOn, result: input.result, description: REVIEW_KINDS[review.kind] }, report);
  const revision = input.result === 'plan-revision' ? await openDraftPlan(ctx.db, ctx.actor, person) : null;
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'review.recorded',
    subjectType: 'review',
    subjectId: review.id,
    personId: person.id,
    after: { kind: review.kind, reviewed_on: input.reviewedOn, result: input.result, revision_id: revision?.id ?? null },
  });
  return { revisionId: revision?.id ?? null };
}
