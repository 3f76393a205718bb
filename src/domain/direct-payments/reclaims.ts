import { addDays } from '../directory/checks.js';
import { formatPence } from '../money/pence.js';

/**
 * Reclaims of unspent direct payment money. Whether the money comes back or the reclaim is
 * waived, unspent money means the plan and budget should be looked at again: a review due within
 * this many days of the decision that ends the reclaim.
 */
export const RECLAIM_REVIEW_WITHIN_DAYS = 28;

export function reviewAfterReclaim(decidedOn: string): { kind: 'after-reclaim'; dueFrom: string; dueBy: string } {
  return { kind: 'after-reclaim', dueFrom: decidedOn, dueBy: addDays(decidedOn, RECLAIM_REVIEW_WITHIN_DAYS) };
}

export type ReclaimDecision = 'approve' | 'reduce' | 'waive';

/** The amount a decision reclaims: the proposal, nothing, or a reduced amount strictly between. */
export function decidedAmount(decision: ReclaimDecision, proposedPence: number, reducedPence: number | null): { ok: true; pence: number } | { ok: false; message: string } {
  if (decision === 'approve') return { ok: true, pence: proposedPence };
  if (decision === 'waive') return { ok: true, pence: 0 };
  if (reducedPence === null || reducedPence <= 0 || reducedPence >= proposedPence) {
    return { ok: false, message: `A reduced amount must be more than £0.00 and less than the ${formatPence(proposedPence)} proposed` };
  }
  return { ok: true, pence: reducedPence };
}

export const RECLAIM_STATUS: Record<ReclaimDecision, 'approved' | 'reduced' | 'waived'> = { approve: 'approved', reduce: 'reduced', waive: 'waived' };
