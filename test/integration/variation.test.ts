import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanForAgreement, varyDirectPayment } from '../../src/features/direct-payments/agreements.js';
import { confirmPaymentRun, createPaymentRun } from '../../src/features/direct-payments/payment-runs.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { runCommand } from '../helpers/context.js';
import { testDatabase } from '../helpers/database.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 13, defect 1: agreeing version 2 of a plan made a second direct payment beside the first,
 * silently ended the first, lost a reclaim waiting to be netted and restarted monitoring from
 * nothing. Now the new version varies the account already paying.
 */
const dates = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: d!, [`${prefix}-month`]: m!, [`${prefix}-year`]: y! };
};

describe('a new plan version varies the direct payment', () => {
  it('pays the part period at each amount, puts right what was paid ahead, nets the waiting reclaim, and keeps one account', async () => {
    const own = await testDatabase();
    try {
      const make = factories(own.db);
      const officer = await make.financeOfficer();
      const actor = officer.actor;
      const { person, plan: v1, agreement } = await make.directPayment(officer.id, { startOn: '2027-01-04', lines: [make.line({ management: 'direct-payment', quantityHundredths: 500, unitCostPence: 1500 })] });
      const assessment = v1.assessment_id!;
      expect(agreement.net_weekly_pence).toBe(7_500);
      const run = async (day: string) => {
        const created = await runCommand(own.db, actor, day, (ctx) => createPaymentRun(ctx, day));
        await runCommand(own.db, actor, day, (ctx) => confirmPaymentRun(ctx, created.id));
      };
      await run('2027-01-04'); // 4 January to 31 January, paid ahead: 4 × £75
      // A reclaim of £120, recorded as taken from the next payment.
      await own.db.insertInto('reclaims').values({ agreement_id: agreement.id, proposed_on: '2027-01-10', balance_pence: 50_000, surplus_pence: 20_000, proposed_pence: 12_000, explanation: JSON.stringify(['x']), status: 'recorded', decided_pence: 12_000, decision_reason: 'x', decided_at: new Date(), recorded_how: 'netted', recorded_at: new Date() }).execute();

      const v2 = await make.plan(person, assessment, officer.id, { status: 'agreed', lines: [make.line({ management: 'direct-payment', quantityHundredths: 800, unitCostPence: 1500 })] });
      const forPlan = (await loadPlanForAgreement(own.db, v2.id))!;
      await runCommand(own.db, actor, '2027-01-18', (ctx) => varyDirectPayment(ctx, agreement, forPlan, '2027-01-18'));
      await run('2027-02-01');

      const accounts = await own.db.selectFrom('dp_agreements').selectAll().where('person_id', '=', person.id).execute();
      expect(accounts).toHaveLength(1);
      expect(accounts[0]).toMatchObject({ plan_id: v2.id, net_weekly_pence: 12_000, end_on: null });
      const payments = await own.db.selectFrom('dp_payments').select(['period_start', 'amount_pence', 'adjustment_pence', 'netted_pence']).where('agreement_id', '=', agreement.id).orderBy('period_start').execute();
      // The January period should have been 14 days at £75 and 14 at £120: £390, not the £300 paid.
      expect(payments).toEqual([
        { period_start: '2027-01-04', amount_pence: 30_000, adjustment_pence: 0, netted_pence: 0 },
        { period_start: '2027-02-01', amount_pence: 48_000, adjustment_pence: 9_000, netted_pence: 12_000 },
      ]);
      const netted = await own.db.selectFrom('reclaims').select('netted_payment_id').where('agreement_id', '=', agreement.id).executeTakeFirstOrThrow();
      expect(netted.netted_payment_id).not.toBeNull();
      // The ledger carried on: every payment into the one account, and it balances.
      const paidIn = await own.db.selectFrom('ledger_entries').select(sql<number>`sum(amount_pence)`.as('n')).where('agreement_id', '=', agreement.id).where('account', '=', 'account').where('kind', '=', 'payment').executeTakeFirstOrThrow();
      expect(Number(paidIn.n)).toBe(30_000 + 57_000);

      // A second variation must come after the first; one before the account started is refused.
      await expect(runCommand(own.db, actor, '2027-02-02', (ctx) => varyDirectPayment(ctx, { ...accounts[0]! }, forPlan, '2027-01-10'))).rejects.toThrow();
    } finally {
      await own.close();
    }
  });
});

describe('varying over the web', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('lists the new version to vary, not to set up; refuses a second account without a reason; varies; shows one current version', async () => {
    const db = t.database.db;
    const current = await db.selectFrom('dp_agreements').innerJoin('people', 'people.id', 'dp_agreements.person_id').select(['dp_agreements.id', 'dp_agreements.reference', 'dp_agreements.plan_id', 'people.id as person_id', 'people.given_name', 'people.family_name']).orderBy('dp_agreements.reference').executeTakeFirstOrThrow();
    const make = factories(db);
    const staff = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
    const person = (await db.selectFrom('people').selectAll().where('id', '=', current.person_id).executeTakeFirstOrThrow());
    const v1 = await db.selectFrom('support_plans').select('assessment_id').where('id', '=', current.plan_id).executeTakeFirstOrThrow();
    const v2 = await make.plan(person, v1.assessment_id!, staff.id, { status: 'agreed', lines: [make.line({ management: 'direct-payment', quantityHundredths: 800, unitCostPence: 1500 })] });

    const v = new Visitor(t.app);
    await v.signIn(DEMO.finance);
    const index = html(await v.get('/direct-payments'));
    const link = index('a').filter((_, a) => index(a).text().includes(`${current.given_name} ${current.family_name}`) && index(a).attr('href') === `/direct-payments/new/${v2.id}`);
    expect(link.text()).toBe(`Vary ${current.reference} for ${current.given_name} ${current.family_name}`);

    const form = await v.get(`/direct-payments/new/${v2.id}`);
    expect(html(form)('h1').text()).toBe(`Vary ${current.reference} for the new plan`);
    const second = await v.post(`/direct-payments/new/${v2.id}`, { recipient_kind: 'person', recipient_name: 'X', account_kind: 'bank-account', account_details: '12345678', prepaid_card_choice: 'declined', ...dates('start_on', '2026-12-01'), frequency: 'four-weekly', contingency: '0' });
    expect(errorSummary(second)).toEqual([`${current.reference} is still paying: vary it for this plan, or say why a second account is needed`]);
    await v.get(`/direct-payments/new/${v2.id}`);
    const varied = await v.post(`/direct-payments/new/${v2.id}/vary`, dates('from_on', '2026-12-08'));
    expect(varied.statusCode, errorSummary(varied).join('; ')).toBe(303);
    expect(varied.headers.location).toBe(`/direct-payments/${current.id}`);
    expect(await db.selectFrom('dp_agreements').select('id').where('person_id', '=', current.person_id).execute()).toHaveLength(1);
    expect(html(await v.get('/direct-payments'))('main').text()).not.toContain(`Vary ${current.reference}`);

    const variation = await db.selectFrom('dp_variations').selectAll().where('agreement_id', '=', current.id).executeTakeFirstOrThrow();
    expect(html(await v.get(varied.headers.location!))(`a[href="/dp-variations/${variation.id}/notice"]`).length).toBe(1);
    const notice = html(await v.get(`/dp-variations/${variation.id}/notice`))('main').text().replace(/\s+/g, ' ');
    expect(notice).toContain('From 8 December 2026, it will be £120.00 a week.');
    expect(notice).toContain('each payment will be £480.00');

    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const personPage = html(await worker.get(`/people/${current.person_id}`));
    const statuses = personPage('table').filter((_, el) => personPage(el).find('caption').text() === 'Support plans').find('tbody tr td:nth-of-type(1)').map((_, td) => personPage(td).text().trim()).get();
    expect(statuses.filter((s) => s === 'Agreed')).toHaveLength(1);
    expect(statuses.some((s) => /^Replaced by version \d+/.test(s))).toBe(true);
  });
});

describe('a new plan with no direct payment (support moved to council-arranged)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('lists the direct payment still paying to end, and ends it from the day chosen', async () => {
    const db = t.database.db;
    const current = await db.selectFrom('dp_agreements').innerJoin('people', 'people.id', 'dp_agreements.person_id').select(['dp_agreements.id', 'dp_agreements.reference', 'dp_agreements.plan_id', 'people.id as person_id', 'people.given_name', 'people.family_name']).orderBy('dp_agreements.reference').executeTakeFirstOrThrow();
    const make = factories(db);
    const staff = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
    const person = await db.selectFrom('people').selectAll().where('id', '=', current.person_id).executeTakeFirstOrThrow();
    const v1 = await db.selectFrom('support_plans').select('assessment_id').where('id', '=', current.plan_id).executeTakeFirstOrThrow();
    await make.plan(person, v1.assessment_id!, staff.id, { status: 'agreed', lines: [make.line({ management: 'council-managed' })] });

    const v = new Visitor(t.app);
    await v.signIn(DEMO.finance);
    const index = html(await v.get('/direct-payments'));
    const link = index('a').filter((_, a) => index(a).text() === `End ${current.reference} for ${current.given_name} ${current.family_name}`);
    expect(link.attr('href')).toBe(`/direct-payments/${current.id}/end`);
    await v.get(link.attr('href')!);
    const missing = await v.post(`/direct-payments/${current.id}/end`, dates('end_on', '2026-12-20'));
    expect(errorSummary(missing)).toEqual(['Select what has happened', 'Enter why the direct payment ends, like “Moved to council-arranged home care”']);
    const ended = await v.post(`/direct-payments/${current.id}/end`, { ...dates('end_on', '2026-12-20'), ended_because: 'council-arranged', reason: 'Moved to council-arranged home care' });
    expect(ended.statusCode, errorSummary(ended).join('; ')).toBe(303);
    expect(await db.selectFrom('dp_agreements').select(['end_on', 'ended_because']).where('id', '=', current.id).executeTakeFirstOrThrow()).toEqual({ end_on: '2026-12-20', ended_because: 'council-arranged' });
    expect(html(await v.get('/direct-payments'))('main').text()).not.toContain(`End ${current.reference}`);
    expect(html(await v.get(`/direct-payments/${current.id}`))('main').text()).toContain('This direct payment ended on 20 December 2026.');
  });
});
