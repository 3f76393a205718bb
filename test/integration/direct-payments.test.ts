import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createAgreement, loadPlanForAgreement, suspendPayments } from '../../src/features/direct-payments/agreements.js';
import { monitorAccount, monitorAll } from '../../src/features/direct-payments/monitoring.js';
import { confirmPaymentRun, createPaymentRun, paymentFile, paymentRunById, paymentsOf } from '../../src/features/direct-payments/payment-runs.js';
import { decideReclaim, proposeReclaim, recordReclaim } from '../../src/features/direct-payments/reclaims.js';
import * as repo from '../../src/features/direct-payments/repository.js';
import { spendFile } from '../../src/features/direct-payments/spend.js';
import { importStatement, matchStatementLine } from '../../src/features/direct-payments/statements.js';
import { contextFor, runCommand } from '../helpers/context.js';
import { factories } from '../helpers/factories.js';
import { addDays } from '../../src/domain/directory/checks.js';
import { BatchFileError } from '../../src/batch/problems.js';
import type { StaffActor as Actor } from '../../src/policies/index.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

/**
 * A synthetic year of direct payments for three accounts: 4-weekly, weekly with a suspension, and
 * monthly. Payment runs every 4 weeks, monthly statements (some overlapping), matching and flags,
 * then the surplus, a reclaim netted from the next payment, and the review it creates.
 */
let database: TestDatabase;
let finance: Actor;
const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-dp-'));
const agreements: Record<string, { id: string; reference: string }> = {};
/** What each of the year's runs and imports did, for the tests to check. */
const year: { day: string; previewed: number; confirmed: number; rows: number; first: { added: number }; again: { added: number; alreadyImported: number } }[] = [];

async function actorFor(email: string): Promise<Actor> {
  const user = await database.db.selectFrom('staff_users').select(['id', 'email', 'display_name', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
  const teams = await database.db.selectFrom('staff_user_teams').select('team_id').where('user_id', '=', user.id).execute();
  return { kind: 'staff', id: user.id, email: user.email, displayName: user.display_name, role: user.role, teamIds: teams.map((t) => t.team_id) };
}

function statementFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  return file;
}

/** This test's people, by the name the test gives them. */
const people: Record<string, { id: string; reference: string }> = {};

async function agreedPlanFor(label: string, lines: object[], contribution: number) {
  const db = database.db;
  const make = factories(db);
  const team = await make.team();
  const person = await make.person(team.id, { given_name: label });
  people[label] = person;
  const assessment = await make.assessment(person, finance.id);
  const { budgetStatement } = await import('../../src/domain/planning/plan.js');
  const statement = budgetStatement({ lines: lines as never, contributionWeeklyPence: contribution, paymentFrequency: 'four-weekly' });
  return db
    .insertInto('support_plans')
    .values({ person_id: person.id, assessment_id: assessment.id, plan_number: 1, status: 'agreed', created_by: finance.id, updated_at: new Date(), lines: JSON.stringify(lines), contribution_weekly_pence: contribution, sign_off_level: 'worker', agreed_on: '2026-03-20', agreed_at: new Date(), agreed_by: finance.id, indicative_weekly_pence: 100_000, statement: JSON.stringify(statement) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const dpLine = (id: string, provider: string, hours: number, rate: number, extra: object = {}) => ({
  id, description: `Support from ${provider}`, directoryEntryId: null, providerName: provider, providerKind: 'personal-assistant', frequency: 'hours-a-week', quantityHundredths: hours * 100, unitCostPence: rate,
  needs: ['personal-care'], outcomes: [], management: 'direct-payment', fundingStream: 'social-care', paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: 'EL', payrollArrangement: 'Payroll', ...extra,
});

beforeAll(async () => {
  database = await testDatabase();
  finance = await actorFor('finance@anytown.example');
  // Derek is Margaret's husband and carer; here he has a direct payment of his own for a personal assistant.
  const margaretPlan = await agreedPlanFor('Derek', [dpLine('d1', 'Jo Bloggs', 7, 1450)], 2000);
  const priyaPlan = await agreedPlanFor('Priya', [dpLine('p1', 'Sam Jones', 10, 1500), dpLine('p2', 'Raj Banerjee', 4, 1200, { paysRelativeInHousehold: true })], 0);
  const thomasPlan = await agreedPlanFor('Thomas', [dpLine('t1', 'Helping Hands Agency', 20, 2000, { providerKind: 'organisation' })], 5000);
  const base = { recipientName: 'Account holder', accountKind: 'prepaid-card' as const, accountDetails: 'CARD-0001', prepaidCardChoice: 'accepted' as const, startOn: '2026-04-01', contingencyPence: 10_000 };
  for (const [key, planId, frequency, recipientKind] of [
    ['margaret', margaretPlan.id, 'four-weekly', 'person'],
    ['priya', priyaPlan.id, 'weekly', 'person'],
    ['thomas', thomasPlan.id, 'monthly', 'authorised-person'],
  ] as const) {
    const a = await dp.createAgreement(finance, planId, { ...base, frequency, recipientKind });
    agreements[key] = { id: a.id, reference: a.reference };
  }
  await dp.suspend(finance, agreements.priya!.id, { fromOn: '2026-06-01', toOn: '2026-06-14', reason: 'In hospital' });
  // The year every test below reads: a payment run every 4 weeks, each followed by its statement, imported twice.
    let day = '2026-04-01';
    for (let run = 0; run < 13; run++, day = addDays(day, 28)) {
      const created = await dp.createRun(finance, day);
      const preview = await dp.run(finance, created.id);
      const confirmed = await dp.confirmRun(finance, created.id);
      // Each run's statement: the council's payments arriving, wages, a cash withdrawal now and then, and something the plan does not cover.
      const rows: string[][] = [];
      for (const p of preview.payments) rows.push([p.reference, `IN-${p.periodStart}`, p.periodStart, String(p.paidPence), 'Anytown Council', 'Direct payment', '']);
      rows.push([agreements.margaret!.reference, `M-${run}`, addDays(day, 3), '-20000', 'JO BLOGGS', 'Wages', '']);
      rows.push([agreements.priya!.reference, `P-${run}`, addDays(day, 5), '-50000', 'Sam Jones', 'Wages', '']);
      rows.push([agreements.priya!.reference, `PR-${run}`, addDays(day, 6), '-4800', 'Raj Banerjee', 'Help', '']);
      rows.push([agreements.thomas!.reference, `T-${run}`, addDays(day, 2), '-120000', 'Helping Hands Agency Ltd', 'Invoice', '']);
      if (run % 4 === 0) rows.push([agreements.thomas!.reference, `TC-${run}`, addDays(day, 9), '-3000', 'ATM', 'Cash', '6011']);
      if (run === 6) rows.push([agreements.margaret!.reference, 'M-TV', addDays(day, 10), '-39900', 'Big Telly Shop', 'Television', '5732']);
      const file = statementFile(`statement-${run}.csv`, rows);
      // Imported at the end of the period, as it would be: a statement holds nothing after its day.
      const first = await dp.importStatement(finance, file, addDays(day, 27));
      const again = await dp.importStatement(finance, file, addDays(day, 27));
      year.push({ day, previewed: preview.payments.length, confirmed: confirmed.count, rows: rows.length, first, again });
    }
});
afterAll(async () => database?.close());

const policy = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }).monitoring;
const TODAY = '2026-12-01';
const agreementOf = async (id: string, db = database.db) => (await repo.agreementById(db, id))!;
const reclaimOf = async (db: typeof database.db, id: string) => {
  const reclaim = (await repo.reclaimById(db, id))!;
  return { reclaim, agreement: await agreementOf(reclaim.agreement_id, db) };
};

/** The direct payment commands, called as the routes call them, each in one transaction. */
const dp = {
  createAgreement: (actor: Actor, planId: string, input: Parameters<typeof createAgreement>[2]) => runCommand(database.db, actor, TODAY, async (ctx) => createAgreement(ctx, (await loadPlanForAgreement(ctx.db, planId))!, input)),
  suspend: (actor: Actor, id: string, input: Parameters<typeof suspendPayments>[2]) => runCommand(database.db, actor, TODAY, async (ctx) => suspendPayments(ctx, await agreementOf(id, ctx.db), input)),
  createRun: (actor: Actor, day: string) => runCommand(database.db, actor, day, (ctx) => createPaymentRun(ctx, day)),
  run: async (_actor: Actor, id: string) => ({ payments: await paymentsOf(database.db, (await paymentRunById(database.db, id))!) }),
  confirmRun: (actor: Actor, id: string) => runCommand(database.db, actor, TODAY, (ctx) => confirmPaymentRun(ctx, id)),
  paymentFile: async (_actor: Actor, id: string) => paymentFile(database.db, (await paymentRunById(database.db, id))!),
  importStatement: (actor: Actor, file: string, today = TODAY) => importStatement(contextFor(database.db, actor, today), file),
  account: async (_actor: Actor, id: string, asOf: string) => ({ summary: await monitorAccount(database.db, await agreementOf(id), asOf, policy), statement: await repo.statementLinesOf(database.db, id).execute() }),
  matchStatementLine: (actor: Actor, id: string, lineId: string | null) =>
    runCommand(database.db, actor, TODAY, async (ctx) => {
      const line = (await repo.statementLineById(ctx.db, id))!;
      return matchStatementLine(ctx, { line, agreement: await agreementOf(line.agreement_id, ctx.db) }, lineId);
    }),
  proposeReclaim: (actor: Actor, id: string, today: string) => runCommand(database.db, actor, today, async (ctx) => proposeReclaim(ctx, await agreementOf(id, ctx.db))),
  decideReclaim: async (actor: Actor, id: string, version: number, decision: Parameters<typeof decideReclaim>[3], today: string) => runCommand(database.db, actor, today, async (ctx) => decideReclaim(ctx, await reclaimOf(ctx.db, id), version, decision)),
  recordReclaim: async (actor: Actor, id: string, version: number, how: 'netted' | 'returned', today: string) => runCommand(database.db, actor, today, async (ctx) => recordReclaim(ctx, await reclaimOf(ctx.db, id), version, how)),
  monitorAll: (asOf: string) => monitorAll(database.db, asOf, policy),
  spendFile: (_actor: Actor, from: string, to: string) => spendFile(database.db, { from, to }),
};

describe('a year of direct payments', () => {
  it('agreements are paid net of the contribution, as the budget statement says', async () => {
    const rows = await database.db.selectFrom('dp_agreements').select(['reference', 'net_weekly_pence', 'frequency']).where('id', 'in', Object.values(agreements).map((a) => a.id)).orderBy('reference').execute();
    expect(rows.map((r) => r.net_weekly_pence)).toEqual([8_150, 19_800, 35_000]); // Derek £101.50 − £20; Priya £198; Thomas £400 − £50
  });

  it('runs payments every 4 weeks, imports monthly statements, and keeps the ledger balanced', async () => {
    for (const r of year) {
      expect(r.confirmed, r.day).toBe(r.previewed);
      expect(r.first.added, r.day).toBe(r.rows);
      expect(r.again, r.day).toMatchObject({ added: 0, alreadyImported: r.rows });
    }
    const payments = await database.db.selectFrom('dp_payments').innerJoin('dp_agreements', 'dp_agreements.id', 'dp_payments.agreement_id').select(['dp_agreements.reference', sql<number>`count(*)`.as('n'), sql<number>`sum(amount_pence)`.as('total')]).where('dp_agreements.id', 'in', Object.values(agreements).map((a) => a.id)).where('dp_payments.period_start', '<=', year.at(-1)!.day).groupBy('dp_agreements.reference').orderBy('dp_agreements.reference').execute();
    expect(payments.map((p) => Number(p.n))).toEqual([13, 48, 12]); // 4-weekly; 49 weekly periods less the one wholly suspended; monthly to March
    expect(Number(payments[1]!.total)).toBe(19_800 * 46 + 14_143 + 5_657); // two part weeks: 5 days and 2 days of £198, rounded once each

    const unbalanced = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount_pence) <> 0) t`.execute(database.db);
    expect(Number(unbalanced.rows[0]!.n)).toBe(0);
    // As of the day after the year's last run: later tests' runs and reclaims all fall after it.
    const asOf = '2027-03-09';
    for (const key of ['margaret', 'priya', 'thomas']) {
      const account = await dp.account(finance, agreements[key]!.id, asOf);
      expect(account.summary.balance).toBe(account.summary.paymentsIn - account.summary.spending - account.summary.reclaimed);
      const statementBalance = account.statement.filter((l) => l.posted_on <= asOf).reduce((sum, l) => sum + l.amount_pence, 0);
      expect(account.summary.balance, key).toBe(statementBalance); // the ledger agrees with the bank
    }
  });

  it('matches spending to plan lines and flags cash, a household relative, and what the plan does not cover', async () => {
    const ours = Object.values(agreements).map((a) => a.id);
    const flagged = await database.db.selectFrom('statement_lines').select(['transaction_id', 'flags', 'plan_line_id', 'matched_by']).where(sql<boolean>`cardinality(flags) > 0`).where('agreement_id', 'in', ours).orderBy('transaction_id').execute();
    expect(flagged.filter((f) => f.flags.includes('cash-withdrawal')).map((f) => f.transaction_id)).toEqual(['TC-0', 'TC-12', 'TC-4', 'TC-8']);
    expect(flagged.filter((f) => f.flags.includes('household-relative'))).toHaveLength(13);
    expect(flagged.filter((f) => f.flags.includes('not-in-plan')).map((f) => f.transaction_id)).toEqual(['M-TV']);
    const wages = await database.db.selectFrom('statement_lines').select(['plan_line_id', 'matched_by']).where('transaction_id', '=', 'P-0').executeTakeFirstOrThrow();
    expect(wages).toEqual({ plan_line_id: 'p1', matched_by: 'payee' });
    const council = await database.db.selectFrom('statement_lines').select('matched_by').where('counterparty', '=', 'Anytown Council').execute();
    expect(council.every((c) => c.matched_by === 'council-payment')).toBe(true);
    const tv = await database.db.selectFrom('statement_lines').select('id').where('transaction_id', '=', 'M-TV').executeTakeFirstOrThrow();
    await dp.matchStatementLine(finance, tv.id, 'd1');
    expect((await database.db.selectFrom('statement_lines').select(['flags', 'matched_by']).where('id', '=', tv.id).executeTakeFirstOrThrow())).toEqual({ flags: [], matched_by: 'officer' });
  });

  it('refuses a bad statement whole, naming the rows, and adds nothing', async () => {
    const before = await database.db.selectFrom('statement_lines').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const file = statementFile('bad.csv', [[agreements.margaret!.reference, 'NEW-1', '2026-11-01', '-100', 'Shop', '', ''], ['DP-9999', 'X', '2027-13-01', 'lots', 'Shop', '', '60']]);
    const error = await dp.importStatement(finance, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchFileError);
    expect((error as BatchFileError).problems.map((p) => `${p.line} ${p.column}`)).toEqual(['3 account_ref', '3 posted_on', '3 amount_pence', '3 merchant_category_code']);
    const after = await database.db.selectFrom('statement_lines').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('proposes a reclaim above the threshold, nets the decided amount from the next payment, and creates a review', async () => {
    const account = await dp.account(finance, agreements.margaret!.id, '2027-03-31');
    expect(account.summary.surplus.proposedReclaimPence).toBeGreaterThan(0);
    const reclaim = await dp.proposeReclaim(finance, agreements.margaret!.id, '2027-03-31');
    expect(reclaim.proposed_pence).toBe(account.summary.surplus.proposedReclaimPence);
    await expect(dp.proposeReclaim(finance, agreements.margaret!.id, '2027-03-31')).rejects.toThrow(/already has a reclaim/);
    const reduced = Math.floor(reclaim.proposed_pence / 2);
    const decided = await dp.decideReclaim(finance, reclaim.id, reclaim.version, { kind: 'reduce', amountPence: reduced, reason: 'Keep some back for a replacement wheelchair cushion' }, '2027-01-10');
    const recorded = await dp.recordReclaim(finance, reclaim.id, decided.version, 'netted', '2027-03-31');
    const review = await database.db.selectFrom('reviews').select(['kind', 'status', 'person_id']).where('id', '=', recorded.reviewId!).executeTakeFirstOrThrow();
    expect(review).toMatchObject({ kind: 'after-reclaim', status: 'scheduled' });
    const next = await dp.createRun(finance, '2027-04-01');
    await dp.confirmRun(finance, next.id);
    const payment = await database.db.selectFrom('dp_payments').select(['amount_pence', 'netted_pence']).where('run_id', '=', next.id).where('agreement_id', '=', agreements.margaret!.id).executeTakeFirstOrThrow();
    expect(payment).toEqual({ amount_pence: 32_600, netted_pence: reduced });
    const file = await dp.paymentFile(finance, next.id);
    expect(file).toContain(`Account holder,CARD-0001,${32_600 - reduced},${agreements.margaret!.reference} 2027-03-31`);
    const after = await dp.account(finance, agreements.margaret!.id, '2027-04-30');
    expect(after.summary.reclaimed).toBe(reduced);
  });

  it('pays once when a run is confirmed twice, or two runs for one day are confirmed at once', async () => {
    // A database of its own: a payment run pays every account, so this must not pay the year's.
    const own = await testDatabase();
    try {
      const make = factories(own.db);
      const officer = await make.staff('finance-officer');
      const actor: Actor = { kind: 'staff', id: officer.id, email: officer.email, displayName: 'Officer', role: 'finance-officer', teamIds: [] };
      const person = await make.person((await make.team()).id);
      const plan = await make.plan(person, (await make.assessment(person, officer.id)).id, officer.id, { status: 'agreed', lines: [make.line({ management: 'direct-payment' })] });
      await make.agreement(plan, officer.id, '2027-04-01');
      const run = (day: string) => runCommand(own.db, actor, day, (ctx) => createPaymentRun(ctx, day));
      const confirm = (id: string) => runCommand(own.db, actor, '2027-05-01', (ctx) => confirmPaymentRun(ctx, id));
      const a = await run('2027-05-01');
      // Pressing again opens the same run; two runs for one day can still exist (two officers at the
      // same moment), made here directly, and paying both still pays each period once.
      expect((await run('2027-05-01')).id).toBe(a.id);
      const b = await repo.insertPaymentRun(own.db, '2027-05-01', officer.id);
      const results = await Promise.all([confirm(a.id), confirm(a.id), confirm(b.id)]);
      expect(results.filter((r) => r.alreadyConfirmed)).toHaveLength(1);
      const paid = await own.db.selectFrom('dp_payments').select(['agreement_id', 'period_start', sql<number>`count(*)`.as('n')]).groupBy(['agreement_id', 'period_start']).having(sql`count(*)`, '>', 1).execute();
      expect(paid).toEqual([]);
      expect(results.reduce((sum, r) => sum + r.count, 0)).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it('monitors every account at once with the same figures as each account’s own page', async () => {
    const all = await dp.monitorAll('2027-06-30');
    for (const [key, a] of Object.entries(agreements)) {
      const one = await dp.account(finance, a.id, '2027-06-30');
      expect(all.get(a.id), key).toEqual({ balancePence: one.summary.balance, surplusPence: one.summary.surplus.surplusPence, proposedReclaimPence: one.summary.surplus.proposedReclaimPence });
    }
  });

  it('gives each person’s actual spend for the equity review', async () => {
    const file = await dp.spendFile(finance, '2026-04-01', '2027-03-31');
    const lines = file.trim().split('\n');
    expect(lines[0]).toBe('person_id,annual_spend_pence');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const derek = people.Derek!;
    expect(lines.find((l) => l.startsWith(`${derek.reference},`))).toBe(`${derek.reference},${13 * 20_000 + 39_900}`);
  });
});
