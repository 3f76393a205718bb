import type { DpAgreement } from '../../db/schema.js';
import { type Liabilities, finalReconciliation } from '../../domain/direct-payments/final-reconciliation.js';
import { formatPence } from '../../domain/money/pence.js';
import { ConflictError } from '../../errors.js';
import { formatDate } from '../../web/format.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { insertFinalReconciliation, linkFinalReclaim, returnReclaimsAwaitingNetting } from './endings-repository.js';
import { type MonitoringPolicy, monitorAccount } from './monitoring.js';
import { duePayments, settlementOf } from './payment-runs.js';
import { insertReclaim, openReclaimOf, reclaimsAwaitingNetting } from './repository.js';

/**
 * The end of a direct payment, reconciled (issue 13): once it has ended and every payment for the
 * days up to the end is made, the officer records what must still be paid from the account (a
 * personal assistant's notice, holiday and redundancy pay; bills for support already given). What
 * is left is proposed as a final reclaim, decided by finance like any other; a shortfall is a
 * final payment, paid once by the next payment run. Recorded once, audited, in one transaction.
 */
export interface FinalFigures {
  balancePence: number;
  overpaidPence: number;
  owedPence: number;
  /** Reclaims decided and recorded as netted from a next payment there will not be. */
  awaitingNettingPence: number;
  /** The plan's personal assistants' weekly pay, for notice and redundancy. */
  personalAssistantWeeklyPence: number;
  /** Estimates to start from: notice and holiday pay as monitoring keeps them back. */
  estimates: Liabilities;
  /** Why it cannot be reconciled yet, in words for the officer; empty when it can. */
  blockers: string[];
}

export async function finalFigures(db: Executor, agreement: DpAgreement, today: string, policy: MonitoringPolicy): Promise<FinalFigures> {
  const [summary, settlement, open, due, awaiting] = await Promise.all([
    monitorAccount(db, agreement, today, policy),
    agreement.end_on ? settlementOf(db, agreement) : Promise.resolve(0),
    openReclaimOf(db, agreement.id),
    agreement.end_on ? duePayments(db, today, agreement.id) : Promise.resolve([]),
    reclaimsAwaitingNetting(db, [agreement.id]),
  ]);
  const blockers: string[] = [];
  if (!agreement.end_on) blockers.push(`${agreement.reference} has not ended. End it first, from the day its last payment covers.`);
  else if (agreement.end_on > today) blockers.push(`${agreement.reference} ends on ${formatDate(agreement.end_on)}. Reconcile it from then.`);
  if (open) blockers.push('A reclaim on this account is waiting for a decision. Decide it first.');
  if (due.some((d) => !d.finalReconciliationId)) blockers.push('A payment for days up to the end has not been made yet. Confirm the payment run that pays it first.');
  return {
    balancePence: summary.balance,
    overpaidPence: Math.max(0, -settlement),
    owedPence: Math.max(0, settlement),
    awaitingNettingPence: awaiting.reduce((sum, r) => sum + Number(r.decided_pence ?? 0), 0),
    personalAssistantWeeklyPence: summary.personalAssistantWeeklyPence,
    estimates: { noticePence: summary.surplus.noticePence, holidayPence: summary.surplus.holidayPence, redundancyPence: 0, otherPence: 0 },
    blockers,
  };
}

/**
 * `account` is as read in this transaction: the figures (`finalFigures`) and any reconciliation
 * already recorded. Two officers at once are stopped by the one reconciliation per agreement.
 */
export async function recordFinalReconciliation(ctx: Context, account: { agreement: DpAgreement; figures: FinalFigures; recorded: unknown }, input: Liabilities & { notes: string }) {
  const { agreement, figures } = account;
  if (account.recorded) throw new ConflictError(`${agreement.reference} has had its final reconciliation already`);
  if (figures.blockers.length) throw new ConflictError(figures.blockers.join(' '));
  const { noticePence, holidayPence, redundancyPence, otherPence } = input;
  const result = finalReconciliation({ balancePence: figures.balancePence, overpaidPence: figures.overpaidPence, owedPence: figures.owedPence, liabilities: { noticePence, holidayPence, redundancyPence, otherPence } }, formatPence);
  // There is no next payment to take a netted reclaim from: it is sent back with what is left.
  const returned = await returnReclaimsAwaitingNetting(ctx.db, agreement.id);
  const explanation = [...result.explanation, ...(returned.length ? [`${formatPence(returned.reduce((sum, r) => sum + Number(r.decided_pence ?? 0), 0))} decided earlier, to come from a next payment, is to be sent back too.`] : [])];
  const recorded = await insertFinalReconciliation(ctx.db, {
    agreement_id: agreement.id,
    as_of: ctx.today,
    end_on: agreement.end_on!,
    balance_pence: figures.balancePence,
    overpaid_pence: figures.overpaidPence,
    owed_pence: figures.owedPence,
    notice_pence: noticePence,
    holiday_pence: holidayPence,
    redundancy_pence: redundancyPence,
    other_pence: otherPence,
    returned_pence: returned.reduce((sum, r) => sum + Number(r.decided_pence ?? 0), 0),
    outcome: result.outcome,
    amount_pence: result.amountPence,
    explanation,
    notes: input.notes,
    created_by: ctx.actor.id,
  });
  if (!recorded) throw new ConflictError(`${agreement.reference} has had its final reconciliation already`);
  const reclaim =
    result.outcome === 'reclaim'
      ? await insertReclaim(ctx.db, { agreementId: agreement.id, proposedOn: ctx.today, balancePence: figures.balancePence, surplusPence: result.positionPence, proposedPence: result.amountPence, explanation })
      : undefined;
  if (reclaim) await linkFinalReclaim(ctx.db, recorded.id, reclaim.id);
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'direct-payment.final-reconciliation',
    subjectType: 'dp-agreement',
    subjectId: agreement.id,
    personId: agreement.person_id,
    after: { outcome: result.outcome, amount_pence: result.amountPence, liabilities_pence: result.liabilitiesPence, reclaim_id: reclaim?.id ?? null, returned_reclaims: returned.map((r) => r.id) },
    reason: input.notes,
  });
  return { ...recorded, reclaim_id: reclaim?.id ?? null };
}
