import type { Insertable } from 'kysely';
import type { DpFinalReconciliationsTable } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';

/** The final reconciliations of ended direct payments (the dp_final_reconciliations table): one per account, never changed. */

export async function finalReconciliationOf(db: Executor, agreementId: string) {
  return db.selectFrom('dp_final_reconciliations').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst();
}

/** Undefined when the account was reconciled already (by someone else, at the same moment). */
export async function insertFinalReconciliation(db: Executor, values: Omit<Insertable<DpFinalReconciliationsTable>, 'explanation'> & { explanation: string[] }) {
  return db
    .insertInto('dp_final_reconciliations')
    .values({ ...values, explanation: JSON.stringify(values.explanation) })
    .onConflict((oc) => oc.column('agreement_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function linkFinalReclaim(db: Executor, id: string, reclaimId: string) {
  await db.updateTable('dp_final_reconciliations').set({ reclaim_id: reclaimId }).where('id', '=', id).execute();
}

export async function isFinalReclaim(db: Executor, reclaimId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('dp_final_reconciliations').select('id').where('reclaim_id', '=', reclaimId).executeTakeFirst());
}

/** Final payments the council owes after a final reconciliation and has not paid yet. */
export async function finalPaymentsUnpaid(db: Executor, agreementIds: string[]) {
  if (agreementIds.length === 0) return [];
  return db
    .selectFrom('dp_final_reconciliations')
    .leftJoin('dp_payments', 'dp_payments.final_reconciliation_id', 'dp_final_reconciliations.id')
    .select(['dp_final_reconciliations.id', 'dp_final_reconciliations.agreement_id', 'dp_final_reconciliations.amount_pence'])
    .where('dp_final_reconciliations.agreement_id', 'in', agreementIds)
    .where('dp_final_reconciliations.outcome', '=', 'final-payment')
    .where('dp_payments.id', 'is', null)
    .execute();
}

/** Reclaims recorded as netted from a next payment that an ended account will never have: the person sends them back instead. */
export async function returnReclaimsAwaitingNetting(db: Executor, agreementId: string) {
  return db.updateTable('reclaims').set({ recorded_how: 'returned' }).where('agreement_id', '=', agreementId).where('status', '=', 'recorded').where('recorded_how', '=', 'netted').where('netted_payment_id', 'is', null).returning(['id', 'decided_pence', 'proposed_on']).execute();
}

/** The day the run that paid a final reconciliation's final payment ran, or null. */
export async function finalPaymentRunOf(db: Executor, finalReconciliationId: string): Promise<string | null> {
  const row = await db.selectFrom('dp_payments').innerJoin('payment_runs', 'payment_runs.id', 'dp_payments.run_id').select('payment_runs.run_on').where('dp_payments.final_reconciliation_id', '=', finalReconciliationId).executeTakeFirst();
  return row?.run_on ?? null;
}
