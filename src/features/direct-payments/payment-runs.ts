import type { DpAgreement, PaymentRun } from '../../db/schema.js';
import { type AgreementTerms, type PaymentDue, UNTIL_RESUMED, outstanding, paymentsDue, settle } from '../../domain/direct-payments/schedule.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { formatDate } from '../../web/format.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { csvRow } from './csv.js';
import {
  agreementsStartedBy,
  deleteDraftRun,
  draftRunFor,
  insertPaymentOnce,
  insertPaymentRun,
  markReclaimsNetted,
  markRunConfirmed,
  paidPeriods,
  paymentRunById,
  paymentsOfRun,
  postMovement,
  reclaimsAwaitingNetting,
  recordRunTotals,
  suspensionsOf,
} from './repository.js';
import { variationsOf } from './changes-repository.js';
import { finalPaymentsUnpaid } from './endings-repository.js';

/** A payment the run would make (or made): the period's amount, any adjustment for periods already paid, less any reclaim netted. */
export interface RunPayment extends PaymentDue {
  agreementId: string;
  reference: string;
  payee: string;
  account: string;
  /** For periods already paid at another amount (a variation, a suspension or end recorded afterwards). */
  adjustmentPence: number;
  nettedPence: number;
  paidPence: number;
  /** A final payment after a final reconciliation (days 0), not a period's. */
  finalReconciliationId?: string | null;
}

/** An agreement's terms for the schedule: the amount it started at, and each variation since. */
export function termsOf(
  a: { start_on: string; end_on: string | null; net_weekly_pence: number; frequency: DpAgreement['frequency'] },
  suspensions: { from_on: string; to_on: string | null }[],
  variations: { from_on: string; net_weekly_pence: number; previous_weekly_pence: number }[],
): AgreementTerms {
  return {
    startOn: a.start_on,
    endOn: a.end_on,
    netWeeklyPence: variations.length ? variations[0]!.previous_weekly_pence : a.net_weekly_pence,
    frequency: a.frequency,
    suspensions: suspensions.map((s) => ({ fromOn: s.from_on, toOn: s.to_on ?? UNTIL_RESUMED })),
    variations: variations.map((v) => ({ fromOn: v.from_on, netWeeklyPence: v.net_weekly_pence })),
  };
}

/**
 * Every payment due by `runOn` and not yet paid, for every agreement, with reclaims netted. What
 * periods already paid should have been under the terms now (a variation, or a suspension or end
 * recorded after they were paid) and what was paid for them differ by an adjustment, added to (or
 * taken from) the next payments; a payment never goes below nothing, the rest waits for the next.
 * `only` limits it to one agreement (what one account still has due).
 */
export async function duePayments(db: Executor, runOn: string, only?: string): Promise<RunPayment[]> {
  const agreements = await agreementsStartedBy(db, runOn, only);
  if (agreements.length === 0) return [];
  const ids = agreements.map((a) => a.id);
  const [suspensions, paid, netting, variations, finals] = await Promise.all([suspensionsOf(db, ids), paidPeriods(db, ids), reclaimsAwaitingNetting(db, ids), variationsOf(db, ids), finalPaymentsUnpaid(db, ids)]);
  const result: RunPayment[] = [];
  for (const a of agreements) {
    const paidHere = new Map(paid.filter((p) => p.agreement_id === a.id).map((p) => [p.period_start, p]));
    let toNet = netting.filter((n) => n.agreement_id === a.id).reduce((sum, n) => sum + (n.decided_pence ?? 0), 0);
    const terms = termsOf(a, suspensions.filter((s) => s.agreement_id === a.id), variations.filter((v) => v.agreement_id === a.id));
    const lastPaid = [...paidHere.keys()].sort().at(-1);
    const schedule = paymentsDue(terms, lastPaid && lastPaid > runOn ? lastPaid : runOn);
    const paidBefore = [...paidHere.values()].map((p) => ({ periodStart: p.period_start, amountPence: Number(p.amount_pence), adjustmentPence: Number(p.adjustment_pence) }));
    for (const d of settle(schedule, paidBefore, runOn)) {
      const gross = d.amountPence + d.adjustmentPence;
      const nettedPence = Math.min(toNet, gross);
      toNet -= nettedPence;
      result.push({ ...d, agreementId: a.id, reference: a.reference, payee: a.recipient_name, account: a.account_details, nettedPence, paidPence: gross - nettedPence });
    }
    // What a final reconciliation found the account short of (a personal assistant's notice, say): paid once, in full.
    for (const f of finals.filter((f) => f.agreement_id === a.id)) {
      result.push({ agreementId: a.id, reference: a.reference, payee: a.recipient_name, account: a.account_details, periodStart: runOn, periodEnd: runOn, days: 0, amountPence: Number(f.amount_pence), adjustmentPence: 0, nettedPence: 0, paidPence: Number(f.amount_pence), finalReconciliationId: f.id });
    }
  }
  return result;
}

/**
 * What an account's paid periods should have been under its terms now, less what was paid: after
 * an end, the final settlement (negative: paid too much, to come back; positive: still owed).
 */
export async function settlementOf(db: Executor, agreement: DpAgreement): Promise<number> {
  const ids = [agreement.id];
  const [suspensions, paid, variations] = await Promise.all([suspensionsOf(db, ids), paidPeriods(db, ids), variationsOf(db, ids)]);
  const lastPaid = paid.map((p) => p.period_start).sort().at(-1);
  if (!lastPaid) return 0;
  const schedule = paymentsDue(termsOf(agreement, suspensions, variations), lastPaid);
  return outstanding(schedule, paid.map((p) => ({ periodStart: p.period_start, amountPence: Number(p.amount_pence), adjustmentPence: Number(p.adjustment_pence) })));
}

/**
 * Starts a run for a date. Pressing again for the same date opens the run already waiting, and a
 * date with nothing due makes no run at all: an empty run could only ever be clutter.
 */
export async function createPaymentRun(ctx: Context, runOn: string) {
  const waiting = await draftRunFor(ctx.db, runOn);
  if (waiting) return waiting;
  if ((await duePayments(ctx.db, runOn)).length === 0) {
    throw new ValidationError([{ field: 'run_on', message: `Nothing is due to be paid on or before ${formatDate(runOn)}, so no run was made` }]);
  }
  const run = await insertPaymentRun(ctx.db, runOn, ctx.actor.id);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'payment-run.created', subjectType: 'payment-run', subjectId: run.id, after: { run_on: runOn } });
  return run;
}

/** Discards a run that was never confirmed (nothing was paid by it): audited. */
export async function discardPaymentRun(ctx: Context, run: PaymentRun) {
  const removed = await deleteDraftRun(ctx.db, run.id);
  if (!removed) throw new ConflictError('This run was confirmed before it could be discarded: its payments stand');
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'payment-run.discarded', subjectType: 'payment-run', subjectId: run.id, before: { run_on: run.run_on, status: 'draft' } });
}

/** A draft run shows what it would pay; a confirmed one what it paid. */
export async function paymentsOf(db: Executor, run: PaymentRun): Promise<RunPayment[]> {
  if (run.status === 'draft') return duePayments(db, run.run_on);
  const payments = await paymentsOfRun(db, run.id);
  return payments.map((p) => ({ agreementId: p.agreement_id, reference: p.reference, payee: p.recipient_name, account: p.account_details, periodStart: p.period_start, periodEnd: p.period_end, days: p.days, amountPence: p.amount_pence, adjustmentPence: p.adjustment_pence, nettedPence: p.netted_pence, paidPence: p.amount_pence + p.adjustment_pence - p.netted_pence, finalReconciliationId: p.final_reconciliation_id }));
}

/**
 * Confirms a run: records each payment and its ledger movement, once. Confirming twice, or two
 * officers at once, pays once: the run moves from draft to confirmed in one guarded update, and
 * a period already paid by any run is skipped (unique per agreement and period).
 */
export async function confirmPaymentRun(ctx: Context, runId: string) {
  const run = await markRunConfirmed(ctx.db, runId, ctx.actor.id);
  if (!run) return { alreadyConfirmed: true, count: 0 };
  const due = await duePayments(ctx.db, run.run_on);
  let count = 0;
  let total = 0;
  for (const p of due) {
    const inserted = await insertPaymentOnce(ctx.db, { runId, agreementId: p.agreementId, periodStart: p.periodStart, periodEnd: p.periodEnd, days: p.days, amountPence: p.amountPence, adjustmentPence: p.adjustmentPence, nettedPence: p.nettedPence, finalReconciliationId: p.finalReconciliationId ?? null });
    if (!inserted) continue;
    // What went into the account: the period's amount and its adjustment (a netted reclaim was posted when it was recorded).
    const intoAccount = p.amountPence + p.adjustmentPence;
    if (intoAccount !== 0) await postMovement(ctx.db, { agreementId: p.agreementId, postedOn: p.periodStart > run.run_on ? run.run_on : p.periodStart, kind: 'payment', amountPence: intoAccount, source: `payment:${inserted.id}` });
    if (p.nettedPence > 0) await markReclaimsNetted(ctx.db, p.agreementId, inserted.id);
    count++;
    total += p.paidPence;
  }
  await recordRunTotals(ctx.db, runId, count, total);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'payment-run.confirmed', subjectType: 'payment-run', subjectId: runId, after: { run_on: run.run_on, payments: count, total_pence: total } });
  return { alreadyConfirmed: false, count };
}

/** The payment file for the bank: payee, account or card reference, amount in pence, reference (docs/payment-file.md). */
export async function paymentFile(db: Executor, run: PaymentRun): Promise<string> {
  if (run.status !== 'confirmed') throw new ConflictError('Confirm the run before downloading its payment file');
  const payments = await paymentsOf(db, run);
  const rows = payments.filter((p) => p.paidPence > 0).map((p) => csvRow([p.payee, p.account, String(p.paidPence), `${p.reference} ${p.finalReconciliationId ? 'final' : p.periodStart}`]));
  return `payee,account_reference,amount_pence,reference\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}

export { paymentRunById };
