import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DpAgreement } from '../../src/db/schema.js';
import { addDays } from '../../src/domain/directory/checks.js';
import { endDirectPayment, loadPlanForAgreement, resumePayments, suspendPayments, varyDirectPayment } from '../../src/features/direct-payments/agreements.js';
import { monitorAccount } from '../../src/features/direct-payments/monitoring.js';
import { confirmPaymentRun, createPaymentRun, paymentsOf, settlementOf } from '../../src/features/direct-payments/payment-runs.js';
import { paymentsNotOnStatements } from '../../src/features/direct-payments/changes-repository.js';
import { decideReclaim, recordReclaim } from '../../src/features/direct-payments/reclaims.js';
import { finalFigures, recordFinalReconciliation } from '../../src/features/direct-payments/endings.js';
import { COUNCIL_PAYMENT_WINDOW_DAYS } from '../../src/domain/direct-payments/matching.js';
import { importStatement } from '../../src/features/direct-payments/statements.js';
import type { StaffActor } from '../../src/policies/index.js';
import { contextFor, runCommand } from '../helpers/context.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 13's synthetic life: three people over eighteen months, weekly payment runs, each run's
 * bank statement imported. Ann's plan is revised mid-period while a reclaim waits to be netted,
 * then her support moves to council-arranged; Bea goes into hospital (suspended with no end date, then resumed) and
 * falls behind with her contribution; Cy dies, and his final reconciliation sends back what is left once his PA is paid;
 * Ann's ends with a final payment for her agency's last invoice. At every month end
 * the ledger, the bank statement and the account summary agree to the penny (a reclaim recorded
 * but not yet netted is the only, named, difference); nobody is paid twice or after their end.
 */
const START = '2027-01-04';
const FINISH = '2028-07-03';
const policy = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }).monitoring;
let db: TestDatabase;
let dir: string;
let actor: StaffActor;
const accounts: Record<'ann' | 'bea' | 'cy', DpAgreement> = {} as never;
const reclaimRecordedOn: { agreementId: string; on: string; pence: number }[] = [];
let annV2: string;
let beaPlanContribution = 0;
/** The final reconciliations: Cy's (a final reclaim, sent back) and Ann's (a final payment from the council). */
const finals: Record<'cy' | 'ann', { amount: number; balance: number; outcome: string }> = {} as never;

beforeAll(async () => {
  db = await testDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-life-'));
  const make = factories(db.db);
  const officer = await make.financeOfficer();
  actor = officer.actor;
  const team = await make.team();
  const setUp = async (name: string, weeklyHundredths: number, frequency: DpAgreement['frequency'], contributionPence = 0) => {
    const person = await make.person(team.id, { given_name: name, family_name: 'Life' });
    const plan = await make.plan(person, (await make.assessment(person, officer.id)).id, officer.id, { status: 'agreed', contributionPence, lines: [make.line({ management: 'direct-payment', providerName: `${name} PA`, providerKind: 'personal-assistant', quantityHundredths: weeklyHundredths, unitCostPence: 1_000 })] });
    const agreement = await make.agreement(plan, officer.id, START);
    await db.db.updateTable('dp_agreements').set({ frequency, contribution_into_account: contributionPence > 0 }).where('id', '=', agreement.id).execute();
    return { ...agreement, frequency, contribution_into_account: contributionPence > 0 };
  };
  accounts.ann = await setUp('Ann', 1_000, 'four-weekly'); // £100 a week
  accounts.bea = await setUp('Bea', 900, 'weekly', 2_000); // £90 a week less £20 contribution
  beaPlanContribution = 2_000;
  accounts.cy = await setUp('Cy', 1_200, 'four-weekly'); // £120 a week

  const at = <T>(day: string, fn: (ctx: ReturnType<typeof contextFor>) => Promise<T>) => runCommand(db.db, actor, day, fn);
  const current = async (id: string) => db.db.selectFrom('dp_agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  let statementNumber = 0;
  for (let day = START; day <= FINISH; day = addDays(day, 7)) {
    // Events, on their day, before the run.
    if (day === '2027-03-29') {
      // A £50 reclaim on Ann's account, taken from this run's payment.
      const reclaim = await db.db.insertInto('reclaims').values({ agreement_id: accounts.ann.id, proposed_on: day, balance_pence: 1, surplus_pence: 1, proposed_pence: 5_000, explanation: JSON.stringify(['x']), status: 'approved', decided_pence: 5_000, decision_reason: 'x', decided_at: new Date() }).returningAll().executeTakeFirstOrThrow();
      await at(day, (ctx) => recordReclaim(ctx, { reclaim, agreement: accounts.ann }, reclaim.version, 'netted'));
      reclaimRecordedOn.push({ agreementId: accounts.ann.id, on: day, pence: 5_000 });
    }
    if (day === '2027-04-05') {
      // Ann's plan is revised: £150 a week from 12 April, mid-period (her period runs 29 March to 25 April).
      const ann = await db.db.selectFrom('people').selectAll().where('given_name', '=', 'Ann').executeTakeFirstOrThrow();
      const make2 = factories(db.db);
      const v2 = await make2.plan(ann, (await make2.assessment(ann, actor.id)).id, actor.id, { status: 'agreed', lines: [make2.line({ management: 'direct-payment', providerName: 'Ann PA', providerKind: 'personal-assistant', quantityHundredths: 1_500, unitCostPence: 1_000 })] });
      annV2 = v2.id;
      const forPlan = (await loadPlanForAgreement(db.db, v2.id))!;
      await at(day, (ctx) => varyDirectPayment(ctx, accounts.ann, forPlan, '2027-04-12'));
      accounts.ann = await current(accounts.ann.id);
    }
    // Bea goes into hospital on 3 May, nobody knows for how long; she comes home on the 24th.
    if (day === '2027-05-03') await at(day, (ctx) => suspendPayments(ctx, accounts.bea, { fromOn: '2027-05-03', toOn: null, reason: 'In hospital' }));
    if (day === '2027-05-24') {
      const stay = await db.db.selectFrom('dp_suspensions').selectAll().where('agreement_id', '=', accounts.bea.id).executeTakeFirstOrThrow();
      await at(day, (ctx) => resumePayments(ctx, accounts.bea, stay, stay.version, '2027-05-24'));
    }
    if (day === '2027-09-20') {
      // Cy died on 15 September; his account was paid for the period to 4 October.
      await at(day, (ctx) => endDirectPayment(ctx, accounts.cy, '2027-09-15', 'Died on 15 September 2027'));
      accounts.cy = await current(accounts.cy.id);
    }
    if (day === '2027-12-27') {
      // Ann's support moves to council-arranged home care from 1 January.
      await at(day, (ctx) => endDirectPayment(ctx, accounts.ann, '2027-12-31', 'Moved to council-arranged home care'));
      accounts.ann = await current(accounts.ann.id);
    }
    const rows: string[][] = [];
    if (day === '2027-10-04') {
      // Cy's final reconciliation: his PA's week of notice and holiday pay still to pay; the rest comes back.
      const final = await at(day, async (ctx) => recordFinalReconciliation(ctx, { agreement: accounts.cy, figures: await finalFigures(ctx.db, accounts.cy, ctx.today, ctx.config.monitoring), recorded: undefined }, { noticePence: 10_800, holidayPence: 5_000, redundancyPence: 0, otherPence: 0, notes: 'Payroll confirmed' }));
      finals.cy = { amount: Number(final.amount_pence), balance: Number(final.balance_pence), outcome: final.outcome };
      const proposed = await db.db.selectFrom('reclaims').selectAll().where('id', '=', final.reclaim_id!).executeTakeFirstOrThrow();
      const approved = await at(day, (ctx) => decideReclaim(ctx, { reclaim: proposed, agreement: accounts.cy, final: true }, proposed.version, { kind: 'approve', amountPence: null, reason: 'Checked' }));
      await at(day, (ctx) => recordReclaim(ctx, { reclaim: approved, agreement: accounts.cy, final: true }, approved.version, 'returned'));
      await db.db.updateTable('reclaims').set({ recorded_at: new Date(`${day}T09:00:00Z`) }).where('id', '=', approved.id).execute();
      rows.push([accounts.cy.reference, `NOTICE-${day}`, addDays(day, 2), '-15800', 'Cy PA', 'Notice and holiday pay', '']);
      rows.push([accounts.cy.reference, `RETURN-${day}`, addDays(day, 3), String(-final.amount_pence), 'Anytown Council', 'Money sent back', '']);
    }
    if (day === '2028-01-03') {
      // Ann's final reconciliation: the agency's last invoice is more than the account holds, so the council pays the rest.
      const { balance } = await monitorAccount(db.db, accounts.ann, day, policy);
      const final = await at(day, async (ctx) => recordFinalReconciliation(ctx, { agreement: accounts.ann, figures: await finalFigures(ctx.db, accounts.ann, ctx.today, ctx.config.monitoring), recorded: undefined }, { noticePence: 0, holidayPence: 0, redundancyPence: 0, otherPence: balance + 12_345, notes: 'Agency final invoice' }));
      finals.ann = { amount: Number(final.amount_pence), balance, outcome: final.outcome };
      rows.push([accounts.ann.reference, `INVOICE-${day}`, addDays(day, 3), String(-(balance + 12_345)), 'Ann PA', 'Final invoice', '']);
    }
    // The run, then the week's bank statement: the council's payments in, wages out, Bea's contributions in.
    const run = await at(day, (ctx) => createPaymentRun(ctx, day)).catch(() => null);
    if (run) {
      const preview = await paymentsOf(db.db, run);
      await at(day, (ctx) => confirmPaymentRun(ctx, run.id));
      for (const p of preview) if (p.paidPence > 0) rows.push([p.reference, `IN-${p.reference}-${p.periodStart}`, day, String(p.paidPence), 'Anytown Council', 'Direct payment', '']);
    }
    for (const [who, weekly] of [['ann', 10_000], ['bea', 9_000], ['cy', 12_000]] as const) {
      const a = accounts[who];
      if (a.end_on && addDays(day, 2) > a.end_on) continue;
      if (who === 'bea' && day >= '2027-05-03' && day <= '2027-05-23') continue;
      rows.push([a.reference, `W-${a.reference}-${day}`, addDays(day, 2), String(-Math.round(weekly * 0.9)), `${who === 'ann' ? 'Ann' : who === 'bea' ? 'Bea' : 'Cy'} PA`, 'Wages', '']);
    }
    // Bea pays her £20 contribution only every other week from June: a shortfall builds.
    const week = Math.round((Date.parse(day) - Date.parse(START)) / (7 * 86_400_000));
    if (day < '2027-06-01' || week % 2 === 0) rows.push([accounts.bea.reference, `C-${day}`, addDays(day, 1), String(beaPlanContribution), 'BEA LIFE', 'Contribution', '']);
    if (rows.length) {
      const file = path.join(dir, `statement-${statementNumber++}.csv`);
      writeFileSync(file, `account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n${rows.map((r) => r.join(',')).join('\n')}\n`);
      await importStatement(contextFor(db.db, actor, addDays(day, 6)), file);
    }
  }
}, 240_000);
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const monthEnds = () => {
  const ends: string[] = [];
  for (let d = new Date(`${START}T00:00:00Z`); d.toISOString().slice(0, 10) <= FINISH; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0))) {
    ends.push(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10));
  }
  return [...new Set(ends)];
};

describe('a direct payment through eighteen months of three lives', () => {
  it('at every month end the ledger, the bank statement and the account summary agree to the penny', async () => {
    expect(monthEnds().length).toBeGreaterThanOrEqual(18);
    for (const monthEnd of monthEnds()) {
      for (const a of Object.values(accounts)) {
        const ledger = Number((await db.db.selectFrom('ledger_entries').select(sql<number>`coalesce(sum(amount_pence), 0)`.as('n')).where('agreement_id', '=', a.id).where('account', '=', 'account').where('posted_on', '<=', monthEnd).executeTakeFirstOrThrow()).n);
        const bank = Number((await db.db.selectFrom('statement_lines').select(sql<number>`coalesce(sum(amount_pence), 0)`.as('n')).where('agreement_id', '=', a.id).where('posted_on', '<=', monthEnd).executeTakeFirstOrThrow()).n);
        // The one named difference: a reclaim recorded as netted, whose lower payment has not happened yet.
        const waiting = reclaimRecordedOn.filter((r) => r.agreementId === a.id && r.on <= monthEnd).reduce((sum, r) => sum + r.pence, 0);
        const nettedBy = Number((await db.db.selectFrom('dp_payments').select(sql<number>`coalesce(sum(netted_pence), 0)`.as('n')).innerJoin('payment_runs', 'payment_runs.id', 'dp_payments.run_id').where('agreement_id', '=', a.id).where('payment_runs.run_on', '<=', monthEnd).executeTakeFirstOrThrow()).n);
        expect(bank, `${a.reference} at ${monthEnd}`).toBe(ledger + waiting - nettedBy);
        const summary = await monitorAccount(db.db, a, monthEnd, policy);
        expect(summary.balance, `${a.reference} summary at ${monthEnd}`).toBe(ledger);
      }
    }
  });

  it('nobody is paid twice, nobody for a day after their end, and the revision paid each day at its own amount', async () => {
    const all = await db.db.selectFrom('dp_payments').selectAll().execute();
    // Ann's final payment, after her final reconciliation, is paid once, by the first run after it, for no days.
    expect(all.filter((p) => p.final_reconciliation_id).map((p) => [p.agreement_id, p.days, p.amount_pence])).toEqual([[accounts.ann.id, 0, 12_345]]);
    const payments = all.filter((p) => !p.final_reconciliation_id);
    const seen = new Set<string>();
    for (const p of payments) {
      expect(seen.has(`${p.agreement_id}|${p.period_start}`)).toBe(false);
      seen.add(`${p.agreement_id}|${p.period_start}`);
    }
    for (const a of Object.values(accounts)) {
      const mine = payments.filter((p) => p.agreement_id === a.id).sort((x, y) => (x.period_start < y.period_start ? -1 : 1));
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.period_start > mine[i - 1]!.period_end).toBe(true);
      if (a.end_on) expect(mine.filter((p) => p.period_start > a.end_on!)).toEqual([]);
    }
    // Ann: the period 29 March to 25 April was paid at £100 a week ahead; from 12 April it should have been £150:
    // 14 days × £50 more = £100, added to the next payment, from which the £50 reclaim was netted.
    const ann = payments.filter((p) => p.agreement_id === accounts.ann.id).sort((x, y) => (x.period_start < y.period_start ? -1 : 1));
    const next = ann.find((p) => p.period_start === '2027-04-26')!;
    expect(next).toMatchObject({ amount_pence: 60_000, adjustment_pence: 10_000 });
    expect(ann.find((p) => p.period_start === '2027-03-29')).toMatchObject({ amount_pence: 40_000, netted_pence: 5_000 });
    expect(await db.db.selectFrom('dp_agreements').select('id').where('person_id', '=', accounts.ann.person_id).execute()).toHaveLength(1);
    expect(annV2).toBeDefined();
  });

  it('Cy’s account, ended by his death mid-period, shows what was paid for days after it; Ann’s move ends hers; Bea is flagged short of her contribution, and nothing is reclaimed for it', async () => {
    // Cy's period 13 September to 10 October (28 days) was paid in full, £480; he died on 15 September: 3 days are due, £51.43.
    expect(await settlementOf(db.db, accounts.cy)).toBe(5_143 - 48_000);
    expect(accounts.ann.end_on).toBe('2027-12-31');
    const bea = await monitorAccount(db.db, accounts.bea, '2027-09-30', policy);
    expect(bea.contribution.flagged).toBe(true);
    expect(await db.db.selectFrom('reclaims').select('id').where('agreement_id', '=', accounts.bea.id).execute()).toEqual([]);
    // Bea's hospital stay: nothing paid for 3 to 23 May, and paying again from the 24th.
    const beaPayments = await db.db.selectFrom('dp_payments').selectAll().where('agreement_id', '=', accounts.bea.id).orderBy('period_start').execute();
    expect(beaPayments.filter((p) => p.period_start >= '2027-05-03' && p.period_start <= '2027-05-17')).toEqual([]);
    expect(beaPayments.find((p) => p.period_start === '2027-05-24')).toMatchObject({ amount_pence: 7_000 });
  });

  it('a death and a move, each reconciled at the end: what is left comes back, a shortfall is paid, and each account ends at nothing', async () => {
    // Cy: the balance less his PA's notice (£108) and holiday pay (£50) came back; then both were paid.
    expect(finals.cy).toMatchObject({ outcome: 'reclaim', amount: finals.cy.balance - 15_800 });
    expect(finals.ann).toEqual({ outcome: 'final-payment', amount: 12_345, balance: finals.ann.balance });
    for (const a of [accounts.cy, accounts.ann]) {
      const bank = Number((await db.db.selectFrom('statement_lines').select(sql<number>`coalesce(sum(amount_pence), 0)`.as('n')).where('agreement_id', '=', a.id).executeTakeFirstOrThrow()).n);
      expect((await monitorAccount(db.db, a, FINISH, policy)).balance, a.reference).toBe(0);
      expect(bank, a.reference).toBe(0);
    }
    // No review is made for a plan whose direct payment ended with the person's death.
    expect(await db.db.selectFrom('reviews').select('id').where('person_id', '=', accounts.cy.person_id).execute()).toEqual([]);
  });

  it('reconciles: every council payment is on a statement; one the bank never shows is named as an exception', async () => {
    for (const a of Object.values(accounts)) expect(await paymentsNotOnStatements(db.db, a.id, COUNCIL_PAYMENT_WINDOW_DAYS)).toEqual([]);
    const line = await db.db.selectFrom('statement_lines').select(['id', 'amount_pence']).where('agreement_id', '=', accounts.bea.id).where('matched_by', '=', 'council-payment').where('posted_on', '=', '2027-08-02').executeTakeFirstOrThrow();
    await db.db.deleteFrom('statement_lines').where('id', '=', line.id).execute();
    const missing = await paymentsNotOnStatements(db.db, accounts.bea.id, COUNCIL_PAYMENT_WINDOW_DAYS);
    expect(missing.map((m) => [m.run_on, Number(m.paid_pence)])).toEqual([['2027-08-02', line.amount_pence]]);
  });

  it('money sent back for a reclaim recorded as returned is that reclaim on the statement, not spending: ledger and bank move together', async () => {
    const bea = accounts.bea;
    const day = '2028-07-10';
    const sum = async (table: 'ledger_entries' | 'statement_lines') =>
      Number(
        (table === 'ledger_entries'
          ? await db.db.selectFrom('ledger_entries').select(sql<number>`coalesce(sum(amount_pence), 0)`.as('n')).where('agreement_id', '=', bea.id).where('account', '=', 'account').executeTakeFirstOrThrow()
          : await db.db.selectFrom('statement_lines').select(sql<number>`coalesce(sum(amount_pence), 0)`.as('n')).where('agreement_id', '=', bea.id).executeTakeFirstOrThrow()
        ).n,
      );
    const [ledgerBefore, bankBefore] = [await sum('ledger_entries'), await sum('statement_lines')];
    const reclaim = await db.db.insertInto('reclaims').values({ agreement_id: bea.id, proposed_on: day, balance_pence: 1, surplus_pence: 1, proposed_pence: 3_000, explanation: JSON.stringify(['x']), status: 'approved', decided_pence: 3_000, decision_reason: 'x', decided_at: new Date() }).returningAll().executeTakeFirstOrThrow();
    await runCommand(db.db, actor, day, (ctx) => recordReclaim(ctx, { reclaim, agreement: bea }, reclaim.version, 'returned'));
    // Recorded on the simulated day (the command stamps the real moment).
    await db.db.updateTable('reclaims').set({ recorded_at: new Date(`${day}T12:00:00Z`) }).where('id', '=', reclaim.id).execute();
    const file = path.join(dir, 'returned.csv');
    writeFileSync(file, `account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n${bea.reference},RET-1,${day},-3000,Anytown Council,Reclaim,\n`);
    await importStatement(contextFor(db.db, actor, day), file);
    const line = await db.db.selectFrom('statement_lines').select(['matched_by', 'reclaim_id', 'flags']).where('transaction_id', '=', 'RET-1').executeTakeFirstOrThrow();
    expect(line).toEqual({ matched_by: 'reclaim-return', reclaim_id: reclaim.id, flags: [] });
    expect((await sum('ledger_entries')) - ledgerBefore).toBe(-3_000);
    expect((await sum('statement_lines')) - bankBefore).toBe(-3_000);
  });

});
