import type { PaymentRun } from '../../db/schema.js';
import { type PaymentDue, paymentsDue } from '../../domain/direct-payments/schedule.js';
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

/** A payment the run would make (or made): the period's amount, less any reclaim netted from it. */
export interface RunPayment extends PaymentDue {
  agreementId: string;
  reference: string;
  payee: string;
  account: string;
  nettedPence: number;
  paidPence: number;
}

/** Every payment due by `runOn` and not yet paid, for every agreement, with reclaims netted. */
export async function duePayments(db: Executor, runOn: string): Promise<RunPayment[]> {
  const agreements = await agreementsStartedBy(db, runOn);
  if (agreements.length === 0) return [];
  const ids = agreements.map((a) => a.id);
  const [suspensions, paid, netting] = await Promise.all([suspensionsOf(db, ids), paidPeriods(db, ids), reclaimsAwaitingNetting(db, ids)]);
  const paidAlready = new Set(paid.map((p) => `${p.agreement_id}|${p.period_start}`));
  const result: RunPayment[] = [];
  for (const a of agreements) {
    let toNet = netting.filter((n) => n.agreement_id === a.id).reduce((sum, n) => sum + (n.decided_pence ?? 0), 0);
    const terms = { startOn: a.start_on, endOn: a.end_on, netWeeklyPence: a.net_weekly_pence, frequency: a.frequency, suspensions: suspensions.filter((s) => s.agreement_id === a.id).map((s) => ({ fromOn: s.from_on, toOn: s.to_on })) };
    for (const due of paymentsDue(terms, runOn)) {
      if (paidAlready.has(`${a.id}|${due.periodStart}`)) continue;
      const nettedPence = Math.min(toNet, due.amountPence);
      toNet -= nettedPence;
      result.push({ ...due, agreementId: a.id, reference: a.reference, payee: a.recipient_name, account: a.account_details, nettedPence, paidPence: due.amountPence - nettedPence });
    }
  }
  return result;
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
  return payments.map((p) => ({ agreementId: p.agreement_id, reference: p.reference, payee: p.recipient_name, account: p.account_details, periodStart: p.period_start, periodEnd: p.period_end, days: p.days, amountPence: p.amount_pence, nettedPence: p.netted_pence, paidPence: p.amount_pence - p.netted_pence }));
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
    const inserted = await insertPaymentOnce(ctx.db, { runId, agreementId: p.agreementId, periodStart: p.periodStart, periodEnd: p.periodEnd, days: p.days, amountPence: p.amountPence, nettedPence: p.nettedPence });
    if (!inserted) continue;
    await postMovement(ctx.db, { agreementId: p.agreementId, postedOn: p.periodStart > run.run_on ? run.run_on : p.periodStart, kind: 'payment', amountPence: p.amountPence, source: `payment:${inserted.id}` });
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
  const rows = payments.filter((p) => p.paidPence > 0).map((p) => csvRow([p.payee, p.account, String(p.paidPence), `${p.reference} ${p.periodStart}`]));
  return `payee,account_reference,amount_pence,reference\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}

export { paymentRunById };
