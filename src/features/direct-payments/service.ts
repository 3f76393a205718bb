import { randomUUID } from 'node:crypto';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database, DpAgreement } from '../../db/schema.js';
import { addDays, addMonths } from '../../domain/directory/checks.js';
import { type MovementKind, movement } from '../../domain/direct-payments/ledger.js';
import { type Flag, type PlanPayee, councilPaymentWindow, flagsAfterOfficerMatch, matchTransaction } from '../../domain/direct-payments/matching.js';
import { surplusOf } from '../../domain/direct-payments/monitoring.js';
import { type PaymentDue, daysBetween, paymentsDue } from '../../domain/direct-payments/schedule.js';
import { formatPence } from '../../domain/money/pence.js';
import { lineCost, regularDirectPaymentLines as directPaymentLines } from '../../domain/planning/plan.js';
import { RECLAIM_STATUS, decidedAmount, reviewAfterReclaim } from '../../domain/direct-payments/reclaims.js';
import { scheduleReviews } from '../reviews/repository.js';
import { agreedPlansAwaitingDirectPayment } from '../support-plans/repository.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { scanCsv, exactHeader, wholeNumber } from '../analytics/files.js';
import { isUuid } from '../people/repository.js';

export interface MonitoringPolicy {
  thresholdWeeks: number;
  holidayAccrualPercent: number;
  noticeWeeks: number;
}

export interface AgreementInput {
  recipientKind: DpAgreement['recipient_kind'];
  recipientName: string;
  accountKind: DpAgreement['account_kind'];
  accountDetails: string;
  prepaidCardChoice: DpAgreement['prepaid_card_choice'];
  startOn: string;
  frequency: DpAgreement['frequency'];
  contingencyPence: number;
}

export const STATEMENT_COLUMNS = ['account_ref', 'transaction_id', 'posted_on', 'amount_pence', 'counterparty', 'description', 'merchant_category_code'];

/** A payment the run would make (or made): the period's amount, less any reclaim netted from it. */
export interface RunPayment extends PaymentDue {
  agreementId: string;
  reference: string;
  payee: string;
  account: string;
  nettedPence: number;
  paidPence: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (d: string) => ISO_DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);


export function createDirectPaymentService(db: Kysely<Database>, policy: MonitoringPolicy) {
  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => db.transaction().execute(fn);

  function requireFinance(actor: StaffActor) {
    if (!has(actor, 'payments:manage')) throw new ForbiddenError();
  }

  async function post(trx: Transaction<Database>, agreementId: string, postedOn: string, kind: MovementKind, amountPence: number, source: string, planLineId: string | null = null) {
    const transactionId = randomUUID();
    await trx
      .insertInto('ledger_entries')
      .values(movement(kind, amountPence).map((e) => ({ transaction_id: transactionId, agreement_id: agreementId, posted_on: postedOn, account: e.account, amount_pence: e.amountPence, kind, source, plan_line_id: planLineId })))
      .execute();
  }

  async function agreementRow(trx: Kysely<Database>, id: string) {
    const found = isUuid(id) ? await trx.selectFrom('dp_agreements').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!found) throw new NotFoundError('direct payment agreement');
    return found;
  }

  /** Every payment due by `runOn` and not yet paid, for every agreement, with reclaims netted. */
  async function duePayments(trx: Kysely<Database>, runOn: string): Promise<RunPayment[]> {
    const agreements = await trx.selectFrom('dp_agreements').selectAll().where('start_on', '<=', runOn).orderBy('reference').execute();
    if (agreements.length === 0) return [];
    const ids = agreements.map((a) => a.id);
    const [suspensions, paid, netting] = await Promise.all([
      trx.selectFrom('dp_suspensions').select(['agreement_id', 'from_on', 'to_on']).where('agreement_id', 'in', ids).execute(),
      trx.selectFrom('dp_payments').select(['agreement_id', 'period_start']).where('agreement_id', 'in', ids).execute(),
      trx.selectFrom('reclaims').select(['agreement_id', 'decided_pence']).where('agreement_id', 'in', ids).where('status', '=', 'recorded').where('recorded_how', '=', 'netted').where('netted_payment_id', 'is', null).execute(),
    ]);
    const paidPeriods = new Set(paid.map((p) => `${p.agreement_id}|${p.period_start}`));
    const result: RunPayment[] = [];
    for (const a of agreements) {
      let toNet = netting.filter((n) => n.agreement_id === a.id).reduce((sum, n) => sum + (n.decided_pence ?? 0), 0);
      const terms = { startOn: a.start_on, endOn: a.end_on, netWeeklyPence: a.net_weekly_pence, frequency: a.frequency, suspensions: suspensions.filter((s) => s.agreement_id === a.id).map((s) => ({ fromOn: s.from_on, toOn: s.to_on })) };
      for (const due of paymentsDue(terms, runOn)) {
        if (paidPeriods.has(`${a.id}|${due.periodStart}`)) continue;
        const nettedPence = Math.min(toNet, due.amountPence);
        toNet -= nettedPence;
        result.push({ ...due, agreementId: a.id, reference: a.reference, payee: a.recipient_name, account: a.account_details, nettedPence, paidPence: due.amountPence - nettedPence });
      }
    }
    return result;
  }

  async function payeesFor(trx: Kysely<Database>, agreement: DpAgreement): Promise<PlanPayee[]> {
    const plan = await trx.selectFrom('support_plans').select('lines').where('id', '=', agreement.plan_id).executeTakeFirstOrThrow();
    return plan.lines.map((l) => ({ lineId: l.id, description: l.description, names: [l.providerName], organisation: l.providerKind === 'organisation', paysRelativeInHousehold: l.paysRelativeInHousehold, relativeDecision: Boolean(l.relativeDecision) }));
  }

  /** Balance, money in and out, spending per plan line against plan, and the surplus, as of a day. */
  async function monitoring(trx: Kysely<Database>, agreement: DpAgreement, asOf: string) {
    const ledger = await trx
      .selectFrom('ledger_entries')
      .select(['kind', sql<number>`sum(amount_pence)`.as('total')])
      .where('agreement_id', '=', agreement.id)
      .where('account', '=', 'account')
      .where('posted_on', '<=', asOf)
      .groupBy('kind')
      .execute();
    const byKind = (k: string) => Number(ledger.find((l) => l.kind === k)?.total ?? 0);
    const paymentsIn = byKind('payment');
    const spending = -byKind('spend');
    const reclaimed = -byKind('reclaim');
    const balance = paymentsIn - spending - reclaimed;
    const plan = await trx.selectFrom('support_plans').select('lines').where('id', '=', agreement.plan_id).executeTakeFirstOrThrow();
    const lines = directPaymentLines(plan.lines);
    const spentByLine = await trx
      .selectFrom('statement_lines')
      .select(['plan_line_id', sql<number>`-sum(amount_pence)`.as('spent')])
      .where('agreement_id', '=', agreement.id)
      .where('posted_on', '<=', asOf)
      .where('matched_by', '<>', 'council-payment')
      .groupBy('plan_line_id')
      .execute();
    const weeks = Math.max(0, daysBetween(agreement.start_on, asOf) + 1) / 7;
    const perLine = lines.map((l) => ({
      lineId: l.id,
      description: l.description,
      provider: l.providerName,
      plannedPence: Math.round(lineCost(l) * weeks),
      spentPence: Number(spentByLine.find((s) => s.plan_line_id === l.id)?.spent ?? 0),
    }));
    const unmatchedPence = Number(spentByLine.find((s) => s.plan_line_id === null)?.spent ?? 0);
    const personalAssistantLines = lines.filter((l) => l.providerKind === 'personal-assistant');
    const yearAgo = addMonths(asOf, -12);
    const paPay = personalAssistantLines.length
      ? await trx
          .selectFrom('statement_lines')
          .select(sql<number>`coalesce(-sum(amount_pence), 0)`.as('pay'))
          .where('agreement_id', '=', agreement.id)
          .where('plan_line_id', 'in', personalAssistantLines.map((l) => l.id))
          .where('posted_on', '>', yearAgo)
          .where('posted_on', '<=', asOf)
          .executeTakeFirstOrThrow()
      : { pay: 0 };
    const surplus = surplusOf(
      {
        balancePence: balance,
        contingencyPence: agreement.contingency_pence,
        personalAssistantPayPence: Math.max(0, Number(paPay.pay)),
        holidayAccrualPercent: policy.holidayAccrualPercent,
        personalAssistantWeeklyPence: personalAssistantLines.reduce((sum, l) => sum + lineCost(l), 0),
        noticeWeeks: policy.noticeWeeks,
        netWeeklyPence: agreement.net_weekly_pence,
        thresholdWeeks: policy.thresholdWeeks,
      },
      formatPence,
    );
    return { balance, paymentsIn, spending, reclaimed, perLine, unmatchedPence, surplus };
  }

  /**
   * Every account's balance, surplus and proposed reclaim as of a day, from three set-based
   * queries (balances, personal assistants' pay in the last 12 months, the agreements' plans) and
   * the same pure rule as one account's page. Used by the accounts list; benchmarked at 100,000
   * accounts against one hand-written SQL aggregate (bench/dp-monitoring.mjs).
   */
  async function monitorAll(asOf: string): Promise<Map<string, { balancePence: number; surplusPence: number; proposedReclaimPence: number }>> {
    const yearAgo = addMonths(asOf, -12);
    const [balances, pay, agreements] = await Promise.all([
      db.selectFrom('ledger_entries').select(['agreement_id', sql<number>`sum(amount_pence)`.as('balance')]).where('account', '=', 'account').where('posted_on', '<=', asOf).groupBy('agreement_id').execute(),
      db
        .selectFrom('statement_lines')
        .select(['agreement_id', 'plan_line_id', sql<number>`-sum(amount_pence)`.as('pay')])
        .where('plan_line_id', 'is not', null)
        .where('posted_on', '>', yearAgo)
        .where('posted_on', '<=', asOf)
        .groupBy(['agreement_id', 'plan_line_id'])
        .execute(),
      db.selectFrom('dp_agreements').innerJoin('support_plans', 'support_plans.id', 'dp_agreements.plan_id').select(['dp_agreements.id', 'dp_agreements.contingency_pence', 'dp_agreements.net_weekly_pence', 'support_plans.lines']).execute(),
    ]);
    const balanceOf = new Map(balances.map((b) => [b.agreement_id, Number(b.balance)]));
    const payOf = new Map<string, number>();
    for (const p of pay) payOf.set(`${p.agreement_id}|${p.plan_line_id}`, Number(p.pay));
    const result = new Map<string, { balancePence: number; surplusPence: number; proposedReclaimPence: number }>();
    for (const a of agreements) {
      const personalAssistants = directPaymentLines(a.lines).filter((l) => l.providerKind === 'personal-assistant');
      const balancePence = balanceOf.get(a.id) ?? 0;
      const s = surplusOf(
        {
          balancePence,
          contingencyPence: a.contingency_pence,
          personalAssistantPayPence: Math.max(0, personalAssistants.reduce((sum, l) => sum + (payOf.get(`${a.id}|${l.id}`) ?? 0), 0)),
          holidayAccrualPercent: policy.holidayAccrualPercent,
          personalAssistantWeeklyPence: personalAssistants.reduce((sum, l) => sum + lineCost(l), 0),
          noticeWeeks: policy.noticeWeeks,
          netWeeklyPence: a.net_weekly_pence,
          thresholdWeeks: policy.thresholdWeeks,
        },
        formatPence,
      );
      result.set(a.id, { balancePence, surplusPence: s.surplusPence, proposedReclaimPence: s.proposedReclaimPence });
    }
    return result;
  }

  /** Spending per person from the ledger (refunds count against it), people by their reference. */
  async function spendBetween(from: string, to: string): Promise<string> {
    const rows = await db
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
    return `person_id,annual_spend_pence\n${rows.map((r) => `${r.reference},${Math.max(0, Number(r.spend))}\n`).join('')}`;
  }

  return {
    monitorAll,

    /** Agreed plans with a direct payment and no agreement for that plan yet. */
    async awaitingAgreement(actor: StaffActor) {
      requireFinance(actor);
      return agreedPlansAwaitingDirectPayment(db);
    },

    async planForAgreement(actor: StaffActor, planId: string) {
      requireFinance(actor);
      const plan = isUuid(planId) ? await db.selectFrom('support_plans').selectAll().where('id', '=', planId).executeTakeFirst() : undefined;
      if (!plan || plan.status !== 'agreed' || !plan.statement?.directPayment) throw new NotFoundError('agreed plan with a direct payment');
      const person = await db.selectFrom('people').selectAll().where('id', '=', plan.person_id).executeTakeFirstOrThrow();
      const representatives = await db.selectFrom('representatives').select(['name', 'kind']).where('person_id', '=', person.id).where('ended_on', 'is', null).execute();
      return { plan, person, representatives, directPayment: plan.statement.directPayment };
    },

    /** Sets up the direct payment for an agreed plan: net of the contribution, as the budget statement says. */
    async createAgreement(actor: StaffActor, planId: string, input: AgreementInput) {
      requireFinance(actor);
      const { plan, person, directPayment } = await this.planForAgreement(actor, planId);
      return tx(async (trx) => {
        const existing = await trx.selectFrom('dp_agreements').select('id').where('plan_id', '=', plan.id).executeTakeFirst();
        if (existing) throw new ConflictError('This plan already has a direct payment agreement');
        // A new plan's agreement takes over from the person's earlier one.
        await trx.updateTable('dp_agreements').set({ end_on: addDays(input.startOn, -1), version: sql`version + 1` }).where('person_id', '=', person.id).where('end_on', 'is', null).where('start_on', '<', input.startOn).execute();
        const created = await trx
          .insertInto('dp_agreements')
          .values({
            reference: sql<string>`'DP-' || nextval('dp_reference_seq')`,
            person_id: person.id,
            plan_id: plan.id,
            recipient_kind: input.recipientKind,
            recipient_name: input.recipientName,
            account_kind: input.accountKind,
            account_details: input.accountDetails,
            prepaid_card_choice: input.prepaidCardChoice,
            start_on: input.startOn,
            net_weekly_pence: directPayment.netWeeklyPence,
            frequency: input.frequency,
            contingency_pence: input.contingencyPence,
            created_by: actor.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto('dp_audits').values({ agreement_id: created.id, due_on: addMonths(input.startOn, 12) }).execute();
        await recordAudit(trx, auditActor(actor), {
          action: 'direct-payment.agreed',
          subjectType: 'dp-agreement',
          subjectId: created.id,
          personId: person.id,
          after: { reference: created.reference, net_weekly_pence: created.net_weekly_pence, frequency: created.frequency, start_on: created.start_on, recipient_kind: created.recipient_kind, account_kind: created.account_kind, prepaid_card_choice: created.prepaid_card_choice },
        });
        return created;
      });
    },

    async list(actor: StaffActor, asOf: string) {
      requireFinance(actor);
      const agreements = await db
        .selectFrom('dp_agreements')
        .innerJoin('people', 'people.id', 'dp_agreements.person_id')
        .selectAll('dp_agreements')
        .select(['people.given_name', 'people.family_name', 'people.reference as person_reference'])
        .orderBy('dp_agreements.reference')
        .execute();
      const monitored = await monitorAll(asOf);
      const flagged = await db.selectFrom('statement_lines').select(['agreement_id', sql<number>`count(*)`.as('n')]).where(sql<boolean>`cardinality(flags) > 0`).groupBy('agreement_id').execute();
      return agreements.map((a) => ({ ...a, balance: monitored.get(a.id)?.balancePence ?? 0, proposedReclaim: monitored.get(a.id)?.proposedReclaimPence ?? 0, flagged: Number(flagged.find((f) => f.agreement_id === a.id)?.n ?? 0) }));
    },

    async account(actor: StaffActor, id: string, asOf: string) {
      requireFinance(actor);
      return tx(async (trx) => {
        const agreement = await agreementRow(trx, id);
        const person = await trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'reference']).where('id', '=', agreement.person_id).executeTakeFirstOrThrow();
        const [summary, payments, statement, reclaims, audits, suspensions, plan, months] = await Promise.all([
          monitoring(trx, agreement, asOf),
          trx.selectFrom('dp_payments').innerJoin('payment_runs', 'payment_runs.id', 'dp_payments.run_id').select(['dp_payments.period_start', 'dp_payments.period_end', 'dp_payments.amount_pence', 'dp_payments.netted_pence', 'payment_runs.run_on']).where('agreement_id', '=', id).orderBy('period_start', 'desc').execute(),
          trx.selectFrom('statement_lines').selectAll().where('agreement_id', '=', id).orderBy('posted_on', 'desc').orderBy('transaction_id', 'desc').execute(),
          trx.selectFrom('reclaims').selectAll().where('agreement_id', '=', id).orderBy('proposed_on', 'desc').execute(),
          trx.selectFrom('dp_audits').selectAll().where('agreement_id', '=', id).orderBy('due_on', 'desc').execute(),
          trx.selectFrom('dp_suspensions').selectAll().where('agreement_id', '=', id).orderBy('from_on').execute(),
          trx.selectFrom('support_plans').select(['lines', 'plan_number']).where('id', '=', agreement.plan_id).executeTakeFirstOrThrow(),
          trx
            .selectFrom('ledger_entries')
            .select([sql<string>`to_char(posted_on, 'YYYY-MM')`.as('month'), 'kind', sql<number>`sum(amount_pence)`.as('total')])
            .where('agreement_id', '=', id)
            .where('account', '=', 'account')
            .groupBy([sql`to_char(posted_on, 'YYYY-MM')`, 'kind'])
            .orderBy(sql`to_char(posted_on, 'YYYY-MM')`)
            .execute(),
        ]);
        await recordAudit(trx, auditActor(actor), { action: 'direct-payment.viewed', subjectType: 'dp-agreement', subjectId: id, personId: person.id });
        return { agreement, person, summary, payments, statement, reclaims, audits, suspensions, lines: plan.lines, planNumber: plan.plan_number, months };
      });
    },

    async suspend(actor: StaffActor, id: string, input: { fromOn: string; toOn: string; reason: string }) {
      requireFinance(actor);
      return tx(async (trx) => {
        const agreement = await agreementRow(trx, id);
        await trx.insertInto('dp_suspensions').values({ agreement_id: id, from_on: input.fromOn, to_on: input.toOn, reason: input.reason }).execute();
        await recordAudit(trx, auditActor(actor), { action: 'direct-payment.suspended', subjectType: 'dp-agreement', subjectId: id, personId: agreement.person_id, after: { from_on: input.fromOn, to_on: input.toOn }, reason: input.reason });
      });
    },

    // ----- payment runs -----

    async runs(actor: StaffActor) {
      requireFinance(actor);
      return db.selectFrom('payment_runs').selectAll().orderBy('run_on', 'desc').orderBy('created_at', 'desc').limit(50).execute();
    },

    async createRun(actor: StaffActor, runOn: string) {
      requireFinance(actor);
      return tx(async (trx) => {
        const run = await trx.insertInto('payment_runs').values({ run_on: runOn, created_by: actor.id }).returningAll().executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action: 'payment-run.created', subjectType: 'payment-run', subjectId: run.id, after: { run_on: runOn } });
        return run;
      });
    },

    /** A draft run shows what it would pay; a confirmed one what it paid. */
    async run(actor: StaffActor, id: string) {
      requireFinance(actor);
      const run = isUuid(id) ? await db.selectFrom('payment_runs').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
      if (!run) throw new NotFoundError('payment run');
      if (run.status === 'draft') return { run, payments: await duePayments(db, run.run_on) };
      const payments = await db
        .selectFrom('dp_payments')
        .innerJoin('dp_agreements', 'dp_agreements.id', 'dp_payments.agreement_id')
        .select(['dp_payments.agreement_id', 'dp_payments.period_start', 'dp_payments.period_end', 'dp_payments.days', 'dp_payments.amount_pence', 'dp_payments.netted_pence', 'dp_agreements.reference', 'dp_agreements.recipient_name', 'dp_agreements.account_details'])
        .where('run_id', '=', id)
        .orderBy('dp_agreements.reference')
        .orderBy('dp_payments.period_start')
        .execute();
      return {
        run,
        payments: payments.map((p) => ({ agreementId: p.agreement_id, reference: p.reference, payee: p.recipient_name, account: p.account_details, periodStart: p.period_start, periodEnd: p.period_end, days: p.days, amountPence: p.amount_pence, nettedPence: p.netted_pence, paidPence: p.amount_pence - p.netted_pence })),
      };
    },

    /**
     * Confirms a run: records each payment and its ledger movement, once. Confirming twice, or two
     * officers at once, pays once: the run moves from draft to confirmed in one guarded update, and
     * a period already paid by any run is skipped (unique per agreement and period).
     */
    async confirmRun(actor: StaffActor, id: string) {
      requireFinance(actor);
      if (!isUuid(id)) throw new NotFoundError('payment run');
      return tx(async (trx) => {
        const run = await trx
          .updateTable('payment_runs')
          .set({ status: 'confirmed', confirmed_at: new Date(), confirmed_by: actor.id })
          .where('id', '=', id)
          .where('status', '=', 'draft')
          .returningAll()
          .executeTakeFirst();
        if (!run) {
          const exists = isUuid(id) && (await trx.selectFrom('payment_runs').select('id').where('id', '=', id).executeTakeFirst());
          if (!exists) throw new NotFoundError('payment run');
          return { alreadyConfirmed: true, count: 0 };
        }
        const due = await duePayments(trx, run.run_on);
        let count = 0;
        let total = 0;
        for (const p of due) {
          const inserted = await trx
            .insertInto('dp_payments')
            .values({ run_id: id, agreement_id: p.agreementId, period_start: p.periodStart, period_end: p.periodEnd, days: p.days, amount_pence: p.amountPence, netted_pence: p.nettedPence })
            .onConflict((oc) => oc.columns(['agreement_id', 'period_start']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!inserted) continue;
          await post(trx, p.agreementId, p.periodStart > run.run_on ? run.run_on : p.periodStart, 'payment', p.amountPence, `payment:${inserted.id}`);
          if (p.nettedPence > 0) {
            await trx.updateTable('reclaims').set({ netted_payment_id: inserted.id }).where('agreement_id', '=', p.agreementId).where('status', '=', 'recorded').where('recorded_how', '=', 'netted').where('netted_payment_id', 'is', null).execute();
          }
          count++;
          total += p.paidPence;
        }
        await trx.updateTable('payment_runs').set({ payment_count: count, total_pence: total }).where('id', '=', id).execute();
        await recordAudit(trx, auditActor(actor), { action: 'payment-run.confirmed', subjectType: 'payment-run', subjectId: id, after: { run_on: run.run_on, payments: count, total_pence: total } });
        return { alreadyConfirmed: false, count };
      });
    },

    /** The payment file for the bank: payee, account or card reference, amount in pence, reference. */
    async paymentFile(actor: StaffActor, id: string): Promise<string> {
      const { run, payments } = await this.run(actor, id);
      if (run.status !== 'confirmed') throw new ConflictError('Confirm the run before downloading its payment file');
      const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      const rows = payments.filter((p) => p.paidPence > 0).map((p) => [p.payee, p.account, String(p.paidPence), `${p.reference} ${p.periodStart}`].map(cell).join(','));
      return `payee,account_reference,amount_pence,reference\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
    },

    // ----- statements -----

    /**
     * Imports an account statement: every row checked first, and a file with any bad row refused
     * whole; then, in one transaction, rows not seen before are added, matched to the plan,
     * flagged, and their spending posted to the ledger. Re-importing adds nothing.
     */
    async importStatement(actor: StaffActor, file: string) {
      requireFinance(actor);
      const agreements = new Map((await db.selectFrom('dp_agreements').selectAll().execute()).map((a) => [a.reference, a]));
      type Row = { accountRef: string; transactionId: string; postedOn: string; amountPence: number; counterparty: string; description: string; mcc: string | null };
      const rows: Row[] = [];
      const seen = new Set<string>();
      await scanCsv(file, exactHeader(STATEMENT_COLUMNS), (f, line, problems) => {
        const before = problems.length;
        const [accountRef, transactionId, postedOn, amountText, counterparty, description, mcc] = f as [string, string, string, string, string, string, string];
        if (!agreements.has(accountRef)) problems.push({ line, column: 'account_ref', message: `"${accountRef}" is not a direct payment account reference` });
        if (!transactionId) problems.push({ line, column: 'transaction_id', message: 'is empty' });
        else if (seen.has(`${accountRef}|${transactionId}`)) problems.push({ line, column: 'transaction_id', message: `"${transactionId}" appears more than once for this account` });
        if (!realDate(postedOn)) problems.push({ line, column: 'posted_on', message: `"${postedOn}" is not a date like 2026-04-01` });
        const amount = wholeNumber(amountText, Number.MIN_SAFE_INTEGER);
        if (amount === null || amount === 0) problems.push({ line, column: 'amount_pence', message: `"${amountText}" is not a whole number of pence other than 0` });
        if (mcc !== '' && !/^\d{4}$/.test(mcc)) problems.push({ line, column: 'merchant_category_code', message: `"${mcc}" is not a 4-digit merchant category code` });
        if (problems.length === before) {
          seen.add(`${accountRef}|${transactionId}`);
          rows.push({ accountRef, transactionId, postedOn, amountPence: amount!, counterparty, description, mcc: mcc || null });
        }
      });
      return tx(async (trx) => {
        const payees = new Map<string, PlanPayee[]>();
        let added = 0;
        let flagged = 0;
        let unmatched = 0;
        for (const row of rows) {
          const agreement = agreements.get(row.accountRef)!;
          if (!payees.has(agreement.id)) payees.set(agreement.id, await payeesFor(trx, agreement));
          let matchedBy: 'payee' | 'council-payment' | 'none' = 'none';
          let lineId: string | null = null;
          let flags: Flag[] = [];
          if (row.amountPence > 0) {
            const window = councilPaymentWindow(row.postedOn, addDays);
            const payment = await trx
              .selectFrom('dp_payments')
              .select('id')
              .where('agreement_id', '=', agreement.id)
              .where(sql<boolean>`amount_pence - netted_pence = ${row.amountPence}`)
              .where('period_start', '>=', window.from)
              .where('period_start', '<=', window.to)
              .executeTakeFirst();
            if (payment) matchedBy = 'council-payment';
          } else {
            const match = matchTransaction(row, payees.get(agreement.id)!);
            lineId = match.lineId;
            flags = match.flags;
            matchedBy = lineId ? 'payee' : 'none';
          }
          const inserted = await trx
            .insertInto('statement_lines')
            .values({ agreement_id: agreement.id, account_ref: row.accountRef, transaction_id: row.transactionId, posted_on: row.postedOn, amount_pence: row.amountPence, counterparty: row.counterparty, description: row.description, merchant_category_code: row.mcc, plan_line_id: lineId, matched_by: matchedBy, flags, imported_by: actor.id })
            .onConflict((oc) => oc.columns(['account_ref', 'transaction_id']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!inserted) continue;
          added++;
          if (flags.length) flagged++;
          if (row.amountPence < 0 && !lineId) unmatched++;
          // Money paid out is spending; money in that is not the council's payment is a refund (negative spending).
          if (matchedBy !== 'council-payment') await post(trx, agreement.id, row.postedOn, 'spend', -row.amountPence, `statement:${inserted.id}`, lineId);
        }
        await recordAudit(trx, auditActor(actor), { action: 'statement.imported', subjectType: 'statement', subjectId: randomUUID(), after: { rows: rows.length, added, flagged, unmatched } });
        return { rows: rows.length, added, alreadyImported: rows.length - added, flagged, unmatched };
      });
    },

    /** An officer matches a transaction to a plan line (or says it matches none). The ledger is untouched. */
    async matchStatementLine(actor: StaffActor, id: string, lineId: string | null) {
      requireFinance(actor);
      return tx(async (trx) => {
        const found = isUuid(id) ? await trx.selectFrom('statement_lines').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
        if (!found) throw new NotFoundError('statement line');
        const agreement = await agreementRow(trx, found.agreement_id);
        const payees = await payeesFor(trx, agreement);
        if (lineId && !payees.some((p) => p.lineId === lineId)) throw new ValidationError([{ field: 'line', message: 'Choose a line of the plan' }]);
        const flags = flagsAfterOfficerMatch(found.flags as Flag[], lineId, found.merchant_category_code);
        await trx.updateTable('statement_lines').set({ plan_line_id: lineId, matched_by: lineId ? 'officer' : 'none', flags }).where('id', '=', id).execute();
        await recordAudit(trx, auditActor(actor), { action: 'statement.matched', subjectType: 'statement-line', subjectId: id, personId: agreement.person_id, before: { plan_line_id: found.plan_line_id }, after: { plan_line_id: lineId } });
        return agreement;
      });
    },

    // ----- reclaims -----

    async proposeReclaim(actor: StaffActor, agreementId: string, today: string) {
      requireFinance(actor);
      return tx(async (trx) => {
        const agreement = await agreementRow(trx, agreementId);
        const open = await trx.selectFrom('reclaims').select('id').where('agreement_id', '=', agreementId).where('status', 'in', ['proposed', 'approved', 'reduced']).executeTakeFirst();
        if (open) throw new ConflictError('This account already has a reclaim waiting for a decision');
        const { balance, surplus } = await monitoring(trx, agreement, today);
        if (surplus.proposedReclaimPence <= 0) throw new ValidationError([{ field: 'reclaim', message: `There is nothing to reclaim: the unspent money (${formatPence(surplus.surplusPence)}) is within the ${policy.thresholdWeeks} weeks the account may keep` }]);
        const reclaim = await trx
          .insertInto('reclaims')
          .values({ agreement_id: agreementId, proposed_on: today, balance_pence: balance, surplus_pence: surplus.surplusPence, proposed_pence: surplus.proposedReclaimPence, explanation: JSON.stringify(surplus.explanation) })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action: 'reclaim.proposed', subjectType: 'reclaim', subjectId: reclaim.id, personId: agreement.person_id, after: { proposed_pence: reclaim.proposed_pence, surplus_pence: reclaim.surplus_pence } });
        return reclaim;
      });
    },

    async reclaim(actor: StaffActor, id: string) {
      requireFinance(actor);
      const reclaim = isUuid(id) ? await db.selectFrom('reclaims').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
      if (!reclaim) throw new NotFoundError('reclaim');
      const agreement = await agreementRow(db, reclaim.agreement_id);
      const person = await db.selectFrom('people').select(['id', 'given_name', 'family_name', 'reference', 'address_line_1', 'address_line_2', 'town', 'postcode']).where('id', '=', agreement.person_id).executeTakeFirstOrThrow();
      return { reclaim, agreement, person };
    },

    /** Approve, reduce or waive a proposed reclaim, each with a reason. */
    async decideReclaim(actor: StaffActor, id: string, version: number, decision: { kind: 'approve' | 'reduce' | 'waive'; amountPence: number | null; reason: string }, today: string) {
      requireFinance(actor);
      return tx(async (trx) => {
        const reclaim = isUuid(id) ? await trx.selectFrom('reclaims').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
        if (!reclaim) throw new NotFoundError('reclaim');
        if (reclaim.status !== 'proposed') throw new ConflictError('This reclaim has already been decided');
        const decided = decidedAmount(decision.kind, reclaim.proposed_pence, decision.amountPence);
        if (!decided.ok) throw new ValidationError([{ field: 'amount', message: decided.message }]);
        const amount = decided.pence;
        const status = RECLAIM_STATUS[decision.kind];
        const agreementRecord = await agreementRow(trx, reclaim.agreement_id);
        // A waived reclaim ends here: unspent money means the budget and plan should be looked at again.
        const [review] = status === 'waived' ? await scheduleReviews(trx, [{ personId: agreementRecord.person_id, planId: agreementRecord.plan_id, ...reviewAfterReclaim(today) }]) : [];
        const updated = await trx
          .updateTable('reclaims')
          .set({ status, decided_pence: amount, decision_reason: decision.reason, decided_at: new Date(), decided_by: actor.id, review_id: review?.id ?? null, version: sql`version + 1` })
          .where('id', '=', id)
          .where('version', '=', version)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw new ConflictError();
        const agreement = await agreementRow(trx, reclaim.agreement_id);
        await recordAudit(trx, auditActor(actor), { action: `reclaim.${status}`, subjectType: 'reclaim', subjectId: id, personId: agreement.person_id, after: { decided_pence: amount }, reason: decision.reason });
        return updated;
      });
    },

    /**
     * Records the money coming back (returned by the person, or netted from the next payment):
     * a ledger movement out of the account, and a review of the person's plan, created here.
     */
    async recordReclaim(actor: StaffActor, id: string, version: number, how: 'returned' | 'netted', today: string) {
      requireFinance(actor);
      return tx(async (trx) => {
        const reclaim = isUuid(id) ? await trx.selectFrom('reclaims').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
        if (!reclaim) throw new NotFoundError('reclaim');
        if (reclaim.status !== 'approved' && reclaim.status !== 'reduced') throw new ConflictError('Only an approved or reduced reclaim can be recorded');
        const agreement = await agreementRow(trx, reclaim.agreement_id);
        const [review] = await scheduleReviews(trx, [{ personId: agreement.person_id, planId: agreement.plan_id, ...reviewAfterReclaim(today) }]);
        const updated = await trx
          .updateTable('reclaims')
          .set({ status: 'recorded', recorded_how: how, recorded_at: new Date(), recorded_by: actor.id, review_id: review!.id, version: sql`version + 1` })
          .where('id', '=', id)
          .where('version', '=', version)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw new ConflictError();
        await post(trx, agreement.id, today, 'reclaim', reclaim.decided_pence!, `reclaim:${id}`);
        await recordAudit(trx, auditActor(actor), { action: 'reclaim.recorded', subjectType: 'reclaim', subjectId: id, personId: agreement.person_id, after: { how, amount_pence: reclaim.decided_pence, review_id: review!.id } });
        return { reclaim: updated, reviewId: review!.id };
      });
    },

    // ----- audits -----

    async auditsDue(actor: StaffActor, today: string) {
      requireFinance(actor);
      return db
        .selectFrom('dp_audits')
        .innerJoin('dp_agreements', 'dp_agreements.id', 'dp_audits.agreement_id')
        .innerJoin('people', 'people.id', 'dp_agreements.person_id')
        .select(['dp_audits.id', 'dp_audits.due_on', 'dp_agreements.id as agreement_id', 'dp_agreements.reference', 'people.given_name', 'people.family_name'])
        .where('dp_audits.status', '=', 'due')
        .where('dp_audits.due_on', '<=', addDays(today, 30))
        .orderBy('dp_audits.due_on')
        .execute();
    },

    async completeAudit(actor: StaffActor, id: string, input: { outcome: 'no-concerns' | 'advice-given' | 'reclaim-proposed' | 'referred'; notes: string }, today: string) {
      requireFinance(actor);
      return tx(async (trx) => {
        const audit = isUuid(id) ? await trx.selectFrom('dp_audits').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
        if (!audit) throw new NotFoundError('audit');
        const done = await trx.updateTable('dp_audits').set({ status: 'completed', outcome: input.outcome, notes: input.notes, completed_on: today, completed_by: actor.id, version: sql`version + 1` }).where('id', '=', id).where('status', '=', 'due').returning('agreement_id').executeTakeFirst();
        if (!done) throw new ConflictError('This audit has already been recorded');
        await trx.insertInto('dp_audits').values({ agreement_id: audit.agreement_id, due_on: addMonths(audit.due_on, 12) }).onConflict((oc) => oc.columns(['agreement_id', 'due_on']).doNothing()).execute();
        const agreement = await agreementRow(trx, audit.agreement_id);
        await recordAudit(trx, auditActor(actor), { action: 'direct-payment.audited', subjectType: 'dp-audit', subjectId: id, personId: agreement.person_id, after: { outcome: input.outcome } });
        return agreement;
      });
    },

    // ----- actual spend, for the equity review -----

    /** What each person's direct payment account spent between two days: `person_id,annual_spend_pence`. */
    async spendFile(actor: StaffActor, from: string, to: string): Promise<string> {
      if (!has(actor, 'payments:manage') && !has(actor, 'analytics:run')) throw new ForbiddenError();
      return spendBetween(from, to);
    },

    spendBetween,
  };
}

export type DirectPaymentService = ReturnType<typeof createDirectPaymentService>;

