import { randomUUID } from 'node:crypto';
import { type Updateable, sql } from 'kysely';
import type { DpAgreement, Reclaim, ReclaimsTable } from '../../db/schema.js';
import { type MovementKind, movement } from '../../domain/direct-payments/ledger.js';
import type { Flag } from '../../domain/direct-payments/matching.js';
import { updateAtVersion } from '../../db/versioned.js';
import type { Executor } from '../../web/route.js';

/**
 * The direct payment tables: agreements, suspensions, payment runs and payments, the ledger,
 * statement lines, reclaims and annual audits. Every query on them is here.
 */

// ----- agreements -----

export async function agreementById(db: Executor, id: string): Promise<DpAgreement | undefined> {
  return db.selectFrom('dp_agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function agreementForPlan(db: Executor, planId: string) {
  return db.selectFrom('dp_agreements').select('id').where('plan_id', '=', planId).executeTakeFirst();
}

/** Every agreement with its plan's lines, for monitoring them all at once. */
/** Each agreement's plan lines (of the given agreements only, when given). */
export async function agreementsWithPlanLines(db: Executor, only?: readonly string[]) {
  let query = db.selectFrom('dp_agreements').innerJoin('support_plans', 'support_plans.id', 'dp_agreements.plan_id').select(['dp_agreements.id', 'dp_agreements.contingency_pence', 'dp_agreements.net_weekly_pence', 'support_plans.lines']);
  if (only) query = query.where('dp_agreements.id', 'in', only.length ? [...only] : [NO_ID]);
  return query.execute();
}

/** An id no row has: `IN ()` is not SQL, so an empty list asks for this instead. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

export async function allAgreements(db: Executor) {
  return db.selectFrom('dp_agreements').selectAll().execute();
}

export async function agreementsStartedBy(db: Executor, runOn: string, only?: string) {
  let query = db.selectFrom('dp_agreements').selectAll().where('start_on', '<=', runOn);
  if (only) query = query.where('id', '=', only);
  return query.orderBy('reference').execute();
}

/** A page of the accounts list, by reference, with its person's name; and how many accounts there are. */
export async function agreementListing(db: Executor, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('dp_agreements')
      .innerJoin('people', 'people.id', 'dp_agreements.person_id')
      .selectAll('dp_agreements')
      .select(['people.given_name', 'people.family_name', 'people.reference as person_reference'])
      // The page's accounts found in the listing index alone (migration 0039), then read.
      .where('dp_agreements.id', 'in', (eb) =>
        eb
          .selectFrom('dp_agreements as listed')
          .select('listed.id')
          // References are DP-1, DP-2 … DP-10: in number order, not text order.
          .orderBy(sql`length(listed.reference)`)
          .orderBy('listed.reference')
          .limit(page.limit)
          .offset(page.offset),
      )
      .orderBy(sql`length(dp_agreements.reference)`)
      .orderBy('dp_agreements.reference')
      .execute(),
    db.selectFrom('dp_agreements').select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}




export async function insertAgreement(db: Executor, values: Omit<DpAgreement, 'id' | 'reference' | 'created_at' | 'end_on' | 'version' | 'ended_because'>) {
  return db
    .insertInto('dp_agreements')
    .values({ ...values, reference: sql<string>`'DP-' || nextval('dp_reference_seq')` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSuspension(db: Executor, suspension: { agreementId: string; fromOn: string; toOn: string | null; reason: string }) {
  await db.insertInto('dp_suspensions').values({ agreement_id: suspension.agreementId, from_on: suspension.fromOn, to_on: suspension.toOn, reason: suspension.reason }).execute();
}

export async function suspensionsOf(db: Executor, agreementIds: string[]) {
  if (agreementIds.length === 0) return [];
  return db.selectFrom('dp_suspensions').selectAll().where('agreement_id', 'in', agreementIds).orderBy('from_on').execute();
}

// ----- payment runs and payments -----

export async function recentPaymentRuns(db: Executor, limit = 50) {
  return db.selectFrom('payment_runs').selectAll().orderBy('run_on', 'desc').orderBy('created_at', 'desc').limit(limit).execute();
}

export async function paymentRunById(db: Executor, id: string) {
  return db.selectFrom('payment_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function draftRunFor(db: Executor, runOn: string) {
  return db.selectFrom('payment_runs').selectAll().where('run_on', '=', runOn).where('status', '=', 'draft').orderBy('created_at').limit(1).executeTakeFirst();
}

/** Removes a run that was never confirmed: undefined when it was confirmed (or removed) first. */
export async function deleteDraftRun(db: Executor, id: string) {
  return db.deleteFrom('payment_runs').where('id', '=', id).where('status', '=', 'draft').returning(['id', 'run_on']).executeTakeFirst();
}

export async function insertPaymentRun(db: Executor, runOn: string, createdBy: string) {
  return db.insertInto('payment_runs').values({ run_on: runOn, created_by: createdBy }).returningAll().executeTakeFirstOrThrow();
}

/** Moves a run from draft to confirmed in one guarded update: undefined when it was not a draft (any more). */
export async function markRunConfirmed(db: Executor, id: string, by: string) {
  return db.updateTable('payment_runs').set({ status: 'confirmed', confirmed_at: new Date(), confirmed_by: by }).where('id', '=', id).where('status', '=', 'draft').returningAll().executeTakeFirst();
}

export async function recordRunTotals(db: Executor, id: string, count: number, totalPence: number) {
  await db.updateTable('payment_runs').set({ payment_count: count, total_pence: totalPence }).where('id', '=', id).execute();
}

export async function paidPeriods(db: Executor, agreementIds: string[]) {
  if (agreementIds.length === 0) return [];
  return db.selectFrom('dp_payments').select(['agreement_id', 'period_start', 'amount_pence', 'adjustment_pence']).where('agreement_id', 'in', agreementIds).where('final_reconciliation_id', 'is', null).execute();
}





/** A period is paid once, by whichever run gets there first: undefined when it was already paid. */
export async function insertPaymentOnce(db: Executor, p: { runId: string; agreementId: string; periodStart: string; periodEnd: string; days: number; amountPence: number; adjustmentPence: number; nettedPence: number; finalReconciliationId: string | null }) {
  const values = { run_id: p.runId, agreement_id: p.agreementId, period_start: p.periodStart, period_end: p.periodEnd, days: p.days, amount_pence: p.amountPence, adjustment_pence: p.adjustmentPence, netted_pence: p.nettedPence, final_reconciliation_id: p.finalReconciliationId };
  return db
    .insertInto('dp_payments')
    .values(values)
    .onConflict((oc) => (p.finalReconciliationId ? oc.column('final_reconciliation_id').doNothing() : oc.columns(['agreement_id', 'period_start']).where('final_reconciliation_id', 'is', null).doNothing()))
    .returning('id')
    .executeTakeFirst();
}

export async function paymentsOfRun(db: Executor, runId: string) {
  return db
    .selectFrom('dp_payments')
    .innerJoin('dp_agreements', 'dp_agreements.id', 'dp_payments.agreement_id')
    .select(['dp_payments.agreement_id', 'dp_payments.period_start', 'dp_payments.period_end', 'dp_payments.days', 'dp_payments.amount_pence', 'dp_payments.netted_pence', 'dp_payments.adjustment_pence', 'dp_payments.final_reconciliation_id', 'dp_agreements.reference', 'dp_agreements.recipient_name', 'dp_agreements.account_details'])
    .where('run_id', '=', runId)
    .orderBy('dp_agreements.reference')
    .orderBy('dp_payments.period_start')
    .execute();
}

export async function paymentsToAgreement(db: Executor, agreementId: string) {
  return db
    .selectFrom('dp_payments')
    .innerJoin('payment_runs', 'payment_runs.id', 'dp_payments.run_id')
    .select(['dp_payments.period_start', 'dp_payments.period_end', 'dp_payments.amount_pence', 'dp_payments.netted_pence', 'payment_runs.run_on'])
    .where('agreement_id', '=', agreementId)
    .orderBy('period_start', 'desc')
    .execute();
}

/** The council's payment a statement's money in is for: the same net amount, its period starting in the window. */
export async function councilPaymentMatching(db: Executor, agreementId: string, amountPence: number, window: { from: string; to: string }) {
  return db
    .selectFrom('dp_payments')
    .select('id')
    .where('agreement_id', '=', agreementId)
    .where(sql<boolean>`amount_pence + adjustment_pence - netted_pence = ${amountPence}`)
    .where('period_start', '>=', window.from)
    .where('period_start', '<=', window.to)
    // Each payment is on one statement line: equal weekly amounts each find their own.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('statement_lines').select('statement_lines.id').whereRef('statement_lines.dp_payment_id', '=', 'dp_payments.id'))))
    .orderBy('period_start')
    .executeTakeFirst();
}

/** A reclaim recorded as returned by the person, of this amount, recorded before the day and not yet on a statement. */
export async function returnedReclaimMatching(db: Executor, agreementId: string, amountPence: number, on: string) {
  return db
    .selectFrom('reclaims')
    .select('id')
    .where('agreement_id', '=', agreementId)
    .where('status', '=', 'recorded')
    .where('recorded_how', '=', 'returned')
    .where('decided_pence', '=', amountPence)
    .where(sql<boolean>`recorded_at::date BETWEEN ${on}::date - 60 AND ${on}::date + 10`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('statement_lines').select('statement_lines.id').whereRef('statement_lines.reclaim_id', '=', 'reclaims.id'))))
    .orderBy('recorded_at')
    .executeTakeFirst();
}

// ----- the ledger -----

/** One balanced movement (see the ledger rules in the domain), as one ledger transaction. */
export async function postMovement(db: Executor, m: { agreementId: string; postedOn: string; kind: MovementKind; amountPence: number; source: string; planLineId?: string | null }) {
  const transactionId = randomUUID();
  await db
    .insertInto('ledger_entries')
    .values(movement(m.kind, m.amountPence).map((e) => ({ transaction_id: transactionId, agreement_id: m.agreementId, posted_on: m.postedOn, account: e.account, amount_pence: e.amountPence, kind: m.kind, source: m.source, plan_line_id: m.planLineId ?? null })))
    .execute();
}

/** Money in and out of one account by kind, up to a day. */
export async function accountTotalsByKind(db: Executor, agreementId: string, asOf: string) {
  return db
    .selectFrom('ledger_entries')
    .select(['kind', sql<number>`sum(amount_pence)`.as('total')])
    .where('agreement_id', '=', agreementId)
    .where('account', '=', 'account')
    .where('posted_on', '<=', asOf)
    .groupBy('kind')
    .execute();
}

/** Money into the account up to a day that was not the council's payment: the person's contribution. */
export async function moneyInFromOthers(db: Executor, agreementId: string, asOf: string): Promise<number> {
  const row = await db
    .selectFrom('statement_lines')
    .select(sql<number>`coalesce(sum(amount_pence), 0)`.as('n'))
    .where('agreement_id', '=', agreementId)
    .where('amount_pence', '>', 0)
    .where('matched_by', '<>', 'council-payment')
    .where('posted_on', '<=', asOf)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the account has dated after a day (payments made for periods ahead), by kind. */
export async function accountTotalsAfter(db: Executor, agreementId: string, asOf: string) {
  return db
    .selectFrom('ledger_entries')
    .select(['kind', sql<number>`sum(amount_pence)`.as('total'), sql<string>`min(posted_on)`.as('first_on')])
    .where('agreement_id', '=', agreementId)
    .where('account', '=', 'account')
    .where('posted_on', '>', asOf)
    .groupBy('kind')
    .execute();
}

/** Every account's balance up to a day. */
export async function accountBalances(db: Executor, asOf: string, only?: readonly string[]) {
  let query = db.selectFrom('ledger_entries').select(['agreement_id', sql<number>`sum(amount_pence)`.as('balance')]).where('account', '=', 'account').where('posted_on', '<=', asOf);
  if (only) query = query.where('agreement_id', 'in', only.length ? [...only] : [NO_ID]);
  return query.groupBy('agreement_id').execute();
}

/** The account's movements by month and kind up to a day: the same rows as its totals (`accountTotalsByKind`). */
export async function accountMonths(db: Executor, agreementId: string, asOf: string) {
  return db
    .selectFrom('ledger_entries')
    .select([sql<string>`to_char(posted_on, 'YYYY-MM')`.as('month'), 'kind', sql<number>`sum(amount_pence)`.as('total')])
    .where('agreement_id', '=', agreementId)
    .where('account', '=', 'account')
    .where('posted_on', '<=', asOf)
    .groupBy([sql`to_char(posted_on, 'YYYY-MM')`, 'kind'])
    .orderBy(sql`to_char(posted_on, 'YYYY-MM')`)
    .execute();
}

/** Spending per person (refunds count against it) between two days, people by their reference. */
export async function spendByPerson(db: Executor, from: string, to: string) {
  return db
    .selectFrom('ledger_entries')
    .innerJoin('dp_agreements', 'dp_agreements.id', 'ledger_entries.agreement_id')
    .innerJoin('people', 'people.id', 'dp_agreements.person_id')
    .select(['people.reference', sql<number>`sum(ledger_entries.amount_pence)`.as('spend')])
    .where('ledger_entries.account', '=', 'spend')
    .where('ledger_entries.posted_on', '>=', from)
    .where('ledger_entries.posted_on', '<=', to)
    .groupBy('people.reference')
    .orderBy('people.reference')
    .execute();
}

/**
 * Like for like, for the equity review: each person whose direct payment ran the whole period,
 * with what it spent over the period (0 when nothing), and how many had one for part of it only.
 */
export async function wholePeriodSpendByPerson(db: Executor, from: string, to: string) {
  const rows = await sql<{ reference: string; spend: number; whole: boolean }>`
    SELECT p.reference,
           coalesce((SELECT sum(l.amount_pence) FROM ledger_entries l JOIN dp_agreements d ON d.id = l.agreement_id
                     WHERE d.person_id = p.id AND l.account = 'spend' AND l.posted_on BETWEEN ${from} AND ${to}), 0) AS spend,
           EXISTS (SELECT 1 FROM dp_agreements d WHERE d.person_id = p.id AND d.start_on <= ${from} AND (d.end_on IS NULL OR d.end_on >= ${to})) AS whole
    FROM people p
    WHERE EXISTS (SELECT 1 FROM dp_agreements d WHERE d.person_id = p.id AND d.start_on <= ${to} AND (d.end_on IS NULL OR d.end_on >= ${from}))
    ORDER BY p.reference`.execute(db);
  return { wholePeriod: rows.rows.filter((r) => r.whole), partPeriod: rows.rows.filter((r) => !r.whole).length };
}

// ----- statement lines -----

/** An account's statement lines, newest first (a page at a time on its page: five years is over a thousand). */
export function statementLinesOf(db: Executor, agreementId: string) {
  return db.selectFrom('statement_lines').selectAll().where('agreement_id', '=', agreementId).orderBy('posted_on', 'desc').orderBy('transaction_id', 'desc');
}

export async function statementLineById(db: Executor, id: string) {
  return db.selectFrom('statement_lines').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Spending per plan line (null: unmatched), the council's own payments left out; from a day on, when given. */
export async function spendingByLine(db: Executor, agreementId: string, asOf: string, from?: string) {
  return db
    .selectFrom('statement_lines')
    .select(['plan_line_id', sql<number>`-sum(amount_pence)`.as('spent')])
    .where('agreement_id', '=', agreementId)
    .where('posted_on', '<=', asOf)
    .$if(from !== undefined, (qb) => qb.where('posted_on', '>=', from!))
    .where('matched_by', '<>', 'council-payment')
    .groupBy('plan_line_id')
    .execute();
}

/** What the account paid these plan lines in a period. */
export async function paidToLines(db: Executor, agreementId: string, lineIds: string[], after: string, upTo: string): Promise<number> {
  if (lineIds.length === 0) return 0;
  const row = await db
    .selectFrom('statement_lines')
    .select(sql<number>`coalesce(-sum(amount_pence), 0)`.as('pay'))
    .where('agreement_id', '=', agreementId)
    .where('plan_line_id', 'in', lineIds)
    .where('posted_on', '>', after)
    .where('posted_on', '<=', upTo)
    .executeTakeFirstOrThrow();
  return Math.max(0, Number(row.pay));
}

/** Every account's pay per plan line in a period. */
export async function paidToEveryLine(db: Executor, after: string, upTo: string, only?: readonly string[]) {
  let query = db
    .selectFrom('statement_lines')
    .select(['agreement_id', 'plan_line_id', sql<number>`-sum(amount_pence)`.as('pay')])
    .where('plan_line_id', 'is not', null)
    .where('posted_on', '>', after)
    .where('posted_on', '<=', upTo);
  if (only) query = query.where('agreement_id', 'in', only.length ? [...only] : [NO_ID]);
  return query.groupBy(['agreement_id', 'plan_line_id']).execute();
}

/** How many flagged transactions each of the given accounts has. */
export async function flaggedCounts(db: Executor, only: readonly string[]) {
  if (only.length === 0) return [];
  return db.selectFrom('statement_lines').select(['agreement_id', sql<number>`count(*)`.as('n')]).where('agreement_id', 'in', [...only]).where(sql<boolean>`cardinality(flags) > 0`).groupBy('agreement_id').execute();
}

/** A statement line, unless the account already has one with that transaction id (idempotent re-imports). */
export async function insertStatementLineOnce(
  db: Executor,
  line: { agreementId: string; accountRef: string; transactionId: string; postedOn: string; amountPence: number; counterparty: string; description: string; mcc: string | null; planLineId: string | null; matchedBy: 'payee' | 'council-payment' | 'reclaim-return' | 'none'; paymentId?: string | null; reclaimId?: string | null; flags: Flag[]; importedBy: { staff: string } | { client: string } },
) {
  return db
    .insertInto('statement_lines')
    .values({ agreement_id: line.agreementId, account_ref: line.accountRef, transaction_id: line.transactionId, posted_on: line.postedOn, amount_pence: line.amountPence, counterparty: line.counterparty, description: line.description, merchant_category_code: line.mcc, plan_line_id: line.planLineId, matched_by: line.matchedBy, dp_payment_id: line.paymentId ?? null, reclaim_id: line.reclaimId ?? null, flags: line.flags, imported_by: 'staff' in line.importedBy ? line.importedBy.staff : null, imported_by_client: 'client' in line.importedBy ? line.importedBy.client : null })
    .onConflict((oc) => oc.columns(['account_ref', 'transaction_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function setStatementLineMatch(db: Executor, id: string, lineId: string | null, flags: Flag[]) {
  await db.updateTable('statement_lines').set({ plan_line_id: lineId, matched_by: lineId ? 'officer' : 'none', flags }).where('id', '=', id).execute();
}

// ----- reclaims -----

export async function reclaimById(db: Executor, id: string): Promise<Reclaim | undefined> {
  return db.selectFrom('reclaims').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function reclaimsOf(db: Executor, agreementId: string) {
  return db.selectFrom('reclaims').selectAll().where('agreement_id', '=', agreementId).orderBy('proposed_on', 'desc').execute();
}

export async function openReclaimOf(db: Executor, agreementId: string) {
  return db.selectFrom('reclaims').select('id').where('agreement_id', '=', agreementId).where('status', 'in', ['proposed', 'approved', 'reduced']).executeTakeFirst();
}

/** Recorded reclaims to be netted from the next payment, not netted yet. */
export async function reclaimsAwaitingNetting(db: Executor, agreementIds: string[]) {
  if (agreementIds.length === 0) return [];
  return db.selectFrom('reclaims').select(['agreement_id', 'decided_pence']).where('agreement_id', 'in', agreementIds).where('status', '=', 'recorded').where('recorded_how', '=', 'netted').where('netted_payment_id', 'is', null).execute();
}

export async function markReclaimsNetted(db: Executor, agreementId: string, paymentId: string) {
  await db.updateTable('reclaims').set({ netted_payment_id: paymentId }).where('agreement_id', '=', agreementId).where('status', '=', 'recorded').where('recorded_how', '=', 'netted').where('netted_payment_id', 'is', null).execute();
}

export async function insertReclaim(db: Executor, r: { agreementId: string; proposedOn: string; balancePence: number; surplusPence: number; proposedPence: number; explanation: string[] }) {
  return db
    .insertInto('reclaims')
    .values({ agreement_id: r.agreementId, proposed_on: r.proposedOn, balance_pence: r.balancePence, surplus_pence: r.surplusPence, proposed_pence: r.proposedPence, explanation: JSON.stringify(r.explanation) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a reclaim only at the version the officer saw. */
export async function updateReclaimAtVersion(db: Executor, id: string, version: number, changes: Omit<Updateable<ReclaimsTable>, 'id' | 'version'>): Promise<Reclaim> {
  return (await updateAtVersion(db, 'reclaims', id, version, changes)) as Reclaim;
}

// ----- annual audits -----

export async function insertAuditDue(db: Executor, agreementId: string, dueOn: string) {
  await db.insertInto('dp_audits').values({ agreement_id: agreementId, due_on: dueOn }).onConflict((oc) => oc.columns(['agreement_id', 'due_on']).doNothing()).execute();
}

export async function auditById(db: Executor, id: string) {
  return db.selectFrom('dp_audits').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function auditsOf(db: Executor, agreementId: string) {
  return db.selectFrom('dp_audits').selectAll().where('agreement_id', '=', agreementId).orderBy('due_on', 'desc').execute();
}

/** Audits not yet done that are due by a day, with the account and person. */
export function auditsDueBy(db: Executor, dueBy: string) {
  return db
    .selectFrom('dp_audits')
    .innerJoin('dp_agreements', 'dp_agreements.id', 'dp_audits.agreement_id')
    .innerJoin('people', 'people.id', 'dp_agreements.person_id')
    .select(['dp_audits.id', 'dp_audits.due_on', 'dp_agreements.id as agreement_id', 'dp_agreements.reference', 'people.given_name', 'people.family_name'])
    .where('dp_audits.status', '=', 'due')
    .where('dp_audits.due_on', '<=', dueBy)
    .orderBy('dp_audits.due_on')
    .orderBy('dp_audits.id');
}

/** Completes a due audit once: undefined when it was already recorded. */
export async function completeAuditOnce(db: Executor, id: string, result: { outcome: 'no-concerns' | 'advice-given' | 'reclaim-proposed' | 'referred'; notes: string; completedOn: string; completedBy: string }) {
  return db
    .updateTable('dp_audits')
    .set({ status: 'completed', outcome: result.outcome, notes: result.notes, completed_on: result.completedOn, completed_by: result.completedBy, version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', '=', 'due')
    .returning('agreement_id')
    .executeTakeFirst();
}
