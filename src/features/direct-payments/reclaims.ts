import type { DpAgreement, Reclaim } from '../../db/schema.js';
import { type ReclaimDecision, RECLAIM_STATUS, decidedAmount, reviewAfterReclaim } from '../../domain/direct-payments/reclaims.js';
import { formatPence } from '../../domain/money/pence.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { scheduleReviews } from '../reviews/repository.js';
import { monitorAccount } from './monitoring.js';
import { insertReclaim, openReclaimOf, postMovement, updateReclaimAtVersion } from './repository.js';

/**
 * A reclaim of the surplus above the threshold, with its explanation, for a finance officer to
 * decide. `figures` are the account's monitoring as of today, when the caller has them already.
 */
export async function proposeReclaim(ctx: Context, agreement: DpAgreement, figures?: Awaited<ReturnType<typeof monitorAccount>>) {
  if (await openReclaimOf(ctx.db, agreement.id)) throw new ConflictError('This account already has a reclaim waiting for a decision');
  const { balance, surplus } = figures ?? (await monitorAccount(ctx.db, agreement, ctx.today, ctx.config.monitoring));
  if (surplus.proposedReclaimPence <= 0) {
    throw new ValidationError([{ field: 'reclaim', message: `There is nothing to reclaim: the unspent money (${formatPence(surplus.surplusPence)}) is within the ${ctx.config.monitoring.thresholdWeeks} weeks the account may keep` }]);
  }
  const reclaim = await insertReclaim(ctx.db, { agreementId: agreement.id, proposedOn: ctx.today, balancePence: balance, surplusPence: surplus.surplusPence, proposedPence: surplus.proposedReclaimPence, explanation: surplus.explanation });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'reclaim.proposed', subjectType: 'reclaim', subjectId: reclaim.id, personId: agreement.person_id, after: { proposed_pence: reclaim.proposed_pence, surplus_pence: reclaim.surplus_pence } });
  return reclaim;
}

/** Approve, reduce or waive a proposed reclaim, each with a reason. A waived reclaim ends here, with a review of the plan. */
export async function decideReclaim(ctx: Context, { reclaim, agreement, final }: { reclaim: Reclaim; agreement: DpAgreement; final?: boolean }, version: number, decision: { kind: ReclaimDecision; amountPence: number | null; reason: string; letterReason?: string | null }) {
  if (reclaim.status !== 'proposed') throw new ConflictError('This reclaim has already been decided');
  const decided = decidedAmount(decision.kind, reclaim.proposed_pence, decision.amountPence);
  if (!decided.ok) throw new ValidationError([{ field: 'amount', message: decided.message }]);
  const status = RECLAIM_STATUS[decision.kind];
  // Unspent money means the budget and plan should be looked at again (not when the direct payment has ended for good).
  const [review] = status === 'waived' && !final ? await scheduleReviews(ctx.db, [{ personId: agreement.person_id, planId: agreement.plan_id, ...reviewAfterReclaim(ctx.today) }]) : [];
  const updated = await updateReclaimAtVersion(ctx.db, reclaim.id, version, { status, decided_pence: decided.pence, decision_reason: decision.reason, letter_reason: decision.letterReason ?? null, decided_at: new Date(), decided_by: ctx.actor.id, review_id: review?.id ?? null });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: `reclaim.${status}`, subjectType: 'reclaim', subjectId: reclaim.id, personId: agreement.person_id, after: { decided_pence: decided.pence }, reason: decision.reason });
  return updated;
}

/**
 * Records the money coming back (returned by the person, or netted from the next payment):
 * a ledger movement out of the account, and a review of the person's plan. A final reclaim, after
 * the direct payment ended, has no next payment to be netted from, and no plan to review.
 */
export async function recordReclaim(ctx: Context, { reclaim, agreement, final }: { reclaim: Reclaim; agreement: DpAgreement; final?: boolean }, version: number, how: 'returned' | 'netted') {
  if (reclaim.status !== 'approved' && reclaim.status !== 'reduced') throw new ConflictError('Only an approved or reduced reclaim can be recorded');
  if (final && how === 'netted') throw new ValidationError([{ field: 'how', message: `${agreement.reference} has ended, so there is no next payment to take it from: record it as returned when the money comes back` }]);
  const [review] = final ? [] : await scheduleReviews(ctx.db, [{ personId: agreement.person_id, planId: agreement.plan_id, ...reviewAfterReclaim(ctx.today) }]);
  const updated = await updateReclaimAtVersion(ctx.db, reclaim.id, version, { status: 'recorded', recorded_how: how, recorded_at: new Date(), recorded_by: ctx.actor.id, review_id: review?.id ?? null });
  await postMovement(ctx.db, { agreementId: agreement.id, postedOn: ctx.today, kind: 'reclaim', amountPence: reclaim.decided_pence!, source: `reclaim:${reclaim.id}` });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'reclaim.recorded', subjectType: 'reclaim', subjectId: reclaim.id, personId: agreement.person_id, after: { how, amount_pence: reclaim.decided_pence, review_id: review?.id ?? null } });
  return { reclaim: updated, reviewId: review?.id ?? null };
}
