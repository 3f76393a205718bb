import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/directory/checks.js';
import { confirmPaymentRun, createPaymentRun } from '../../src/features/direct-payments/payment-runs.js';
import { londonToday } from '../../src/web/format.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { runCommand } from '../helpers/context.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 13, what to build 2: a hospital stay suspends a direct payment, often before anyone knows
 * for how long. A suspension may have no last day; payments stay suspended until the officer
 * resumes them from a day, and the next run pays exactly the days due since.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const dates = (prefix: string, iso: string | null) => {
  const [y, m, d] = iso ? iso.split('-') : ['', '', ''];
  return { [`${prefix}-day`]: d!, [`${prefix}-month`]: m!, [`${prefix}-year`]: y! };
};

describe('a suspension with no last day, then resumed', () => {
  it('pays nothing while it lasts, resumes from the day given, and pays each day once', async () => {
    const db = t.database.db;
    const today = londonToday();
    const make = factories(db);
    const officer = await make.financeOfficer();
    const start = addDays(today, -35);
    // £70 a week, weekly: £10 a day.
    const { agreement } = await make.directPayment(officer.id, { startOn: start, frequency: 'weekly', lines: [make.line({ management: 'direct-payment', quantityHundredths: 700, unitCostPence: 1_000 })] });
    await db.updateTable('dp_agreements').set({ net_weekly_pence: 7_000 }).where('id', '=', agreement.id).execute();
    const finance = new Visitor(t.app);
    await finance.signIn(DEMO.finance);

    // From the account page, as an officer would.
    const before = html(await finance.get(`/direct-payments/${agreement.id}`));
    expect(before('a:contains("Suspend payments for a period")').attr('href')).toBe(`/direct-payments/${agreement.id}/suspend`);
    expect(html(await finance.get(`/direct-payments/${agreement.id}/suspend`))('main').text()).toContain('Leave this empty if nobody knows yet');
    const suspended = await finance.post(`/direct-payments/${agreement.id}/suspend`, { ...dates('from_on', addDays(today, -21)), ...dates('to_on', null), reason: 'In hospital' });
    expect(suspended.statusCode, errorSummary(suspended).join('; ')).toBe(303);
    const run = async () => {
      const made = await runCommand(db, officer.actor, today, (ctx) => createPaymentRun(ctx, today));
      await runCommand(db, officer.actor, today, (ctx) => confirmPaymentRun(ctx, made.id));
    };
    const paid = async () => Number((await db.selectFrom('dp_payments').select(sql<number>`coalesce(sum(amount_pence + adjustment_pence), 0)`.as('n')).where('agreement_id', '=', agreement.id).executeTakeFirstOrThrow()).n);
    await run();
    // Paid for the 14 days before the suspension, and nothing since.
    expect(await paid()).toBe(14_000);

    const account = html(await finance.get(`/direct-payments/${agreement.id}`));
    expect(account('main').text()).toContain('until resumed: In hospital');
    const resume = account('a:contains("Resume")').attr('href')!;
    const form = html(await finance.get(resume));
    expect(form('h1').text()).toBe(`Resume payments to ${agreement.reference}`);
    const version = form('input[name="version"]').val() as string;

    const early = await finance.post(resume, { ...dates('resume_on', addDays(today, -21)), version });
    expect(errorSummary(early)[0]).toMatch(/^Payments were suspended from .*: they must start again after that$/);
    const resumed = await finance.post(resume, { ...dates('resume_on', addDays(today, -10)), version });
    expect(resumed.statusCode, errorSummary(resumed).join('; ')).toBe(303);
    const stale = await finance.post(resume, { ...dates('resume_on', addDays(today, -12)), version });
    expect(stale.statusCode).toBe(409);
    expect(await db.selectFrom('dp_suspensions').select('to_on').where('agreement_id', '=', agreement.id).executeTakeFirstOrThrow()).toEqual({ to_on: addDays(today, -11) });

    await run();
    // From start to 6 days ahead (42 days, paid weekly in advance), less the 11 days in hospital: 31 days at £10.
    expect(await paid()).toBe(31_000);
    const periods = await db.selectFrom('dp_payments').select('period_start').where('agreement_id', '=', agreement.id).execute();
    expect(new Set(periods.map((p) => p.period_start)).size).toBe(periods.length);
    expect((await db.selectFrom('audit_events').select('action').where('subject_id', '=', agreement.id).where('action', 'in', ['direct-payment.suspended', 'direct-payment.resumed']).execute()).map((e) => e.action).sort()).toEqual(['direct-payment.resumed', 'direct-payment.suspended']);
  });
});
