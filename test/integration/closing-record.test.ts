import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/directory/checks.js';
import { londonToday } from '../../src/web/format.js';
import { endDirectPayment } from '../../src/features/direct-payments/agreements.js';
import { confirmPaymentRun, createPaymentRun } from '../../src/features/direct-payments/payment-runs.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { runCommand } from '../helpers/context.js';
import { testDatabase } from '../helpers/database.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 13, defect 2: closing a person's record left their direct payment paying. Now the close
 * page shows what is open, the direct payment ends on the day chosen, and no payment run pays a
 * day after it; an open safeguarding concern must be looked at first.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

async function signedIn(email: string) {
  const v = new Visitor(t.app);
  await v.signIn(email);
  return v;
}

const dateFields = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: d!, [`${prefix}-month`]: m!, [`${prefix}-year`]: y! };
};

describe('closing a record with a direct payment', () => {
  it('shows what is open, ends the direct payment on the day chosen, and no run pays after it', async () => {
    const db = t.database.db;
    const today = londonToday();
    const account = await db.selectFrom('dp_agreements').innerJoin('people', 'people.id', 'dp_agreements.person_id').select(['dp_agreements.id', 'dp_agreements.reference', 'people.id as person_id', 'people.version']).where('dp_agreements.end_on', 'is', null).orderBy('dp_agreements.reference').executeTakeFirstOrThrow();
    const worker = await signedIn(DEMO.worker);
    const page = await worker.get(`/people/${account.person_id}/close`);
    expect(page.statusCode).toBe(200);
    const $ = html(page);
    expect($('main').text()).toContain('Direct payments still paying');
    expect($('main').text()).toContain(account.reference);
    expect($('main').text()).toContain('Agreed support plan');
    expect($('main').text()).toMatch(/paid up to \d+ \w+ \d{4}/);

    const missing = await worker.post(`/people/${account.person_id}/close`, { version: String(account.version), closure_reason: 'Moved to another council', 'payments_end_on-day': '', 'payments_end_on-month': '', 'payments_end_on-year': '' });
    expect(errorSummary(missing)).toEqual(['Enter the last day the direct payments pay for']);
    const future = await worker.post(`/people/${account.person_id}/close`, { version: String(account.version), closure_reason: 'Moved to another council', ...dateFields('payments_end_on', addDays(today, 5)) });
    expect(errorSummary(future)).toEqual(['The last day paid for must be today or earlier: the record closes today']);

    const closed = await worker.post(`/people/${account.person_id}/close`, { version: String(account.version), closure_reason: 'Moved to another council', ...dateFields('payments_end_on', today) });
    expect(closed.statusCode, errorSummary(closed).join('; ')).toBe(303);
    expect(html(await worker.get(closed.headers.location!))('.govuk-notification-banner').text()).toContain('no payment run pays for a day after the last day you chose');
    expect(await db.selectFrom('dp_agreements').select('end_on').where('id', '=', account.id).executeTakeFirstOrThrow()).toEqual({ end_on: today });
    expect(await db.selectFrom('audit_events').select('action').where('subject_id', '=', account.id).where('action', '=', 'direct-payment.ended').execute()).toHaveLength(1);

    // A run two months on has nothing to pay this account (the demo's only one): it is refused as
    // having nothing due, and no payment for a period after the end exists.
    const finance = await signedIn(DEMO.finance);
    await finance.get('/payment-runs');
    const run = await finance.post('/payment-runs', dateFields('run_on', addDays(today, 60)));
    expect(errorSummary(run)[0]).toMatch(/^Nothing is due to be paid on or before/);
    const paid = await db.selectFrom('dp_payments').select(['period_start']).where('agreement_id', '=', account.id).execute();
    expect(paid.filter((p) => p.period_start > today)).toEqual([]);
    // The account says what was paid for days after the end: the final reconciliation's starting point.
    const accountPage = html(await finance.get(`/direct-payments/${account.id}`))('main').text().replace(/\s+/g, ' ');
    expect(accountPage).toMatch(/This direct payment ended on \d+ \w+ \d{4}\. (It was paid £[\d,.]+ for days after that|Every day up to then has been paid)/);
  });

  it('an open safeguarding concern must be looked at before the record closes', async () => {
    const db = t.database.db;
    const person = await db.selectFrom('people').innerJoin('teams', 'teams.id', 'people.team_id').select(['people.id', 'people.version']).where('teams.name', '=', 'North Locality Team').where('people.closed_on', 'is', null).orderBy('people.reference', 'desc').executeTakeFirstOrThrow();
    const worker = await signedIn(DEMO.worker);
    await worker.get(`/people/${person.id}/safeguarding/new`);
    const raised = await worker.post(`/people/${person.id}/safeguarding/new`, { ...dateFields('raised_on', londonToday()), concern: 'Bruising seen on a visit', action_taken: 'Referred to the safeguarding team', category: 'physical', risk: 'medium', section_42: 'not-decided', stage: 'concern-received' });
    expect(raised.statusCode, errorSummary(raised).join('; ')).toBe(303);
    const version = String((await db.selectFrom('people').select('version').where('id', '=', person.id).executeTakeFirstOrThrow()).version);
    const page = html(await worker.get(`/people/${person.id}/close`));
    expect(page('main').text()).toContain('Bruising seen on a visit');
    const refused = await worker.post(`/people/${person.id}/close`, { version, closure_reason: 'No longer needs support', ...dateFields('payments_end_on', londonToday()) });
    expect(errorSummary(refused)).toEqual(['Confirm you have looked at the open safeguarding concern before closing the record']);
    const closed = await worker.post(`/people/${person.id}/close`, { version, closure_reason: 'No longer needs support', concerns_checked: 'yes' });
    expect(closed.statusCode, errorSummary(closed).join('; ')).toBe(303);
  });

  it('a payment run pays an ended direct payment up to its last day, pro rata, and never after', async () => {
    const own = await testDatabase();
    try {
      const make = factories(own.db);
      const officer = await make.financeOfficer();
      const actor = officer.actor;
      const { agreement } = await make.directPayment(officer.id, { startOn: '2027-01-04', lines: [make.line({ management: 'direct-payment' })] });
      // Ends on a Wednesday, mid-period: the last payment is for 3 days of that week.
      await runCommand(own.db, actor, '2027-02-10', (ctx) => endDirectPayment(ctx, agreement, '2027-02-10', 'Died on 11 February 2027'));
      const run = await runCommand(own.db, actor, '2027-06-01', (ctx) => createPaymentRun(ctx, '2027-06-01'));
      await runCommand(own.db, actor, '2027-06-01', (ctx) => confirmPaymentRun(ctx, run.id));
      const paid = await own.db.selectFrom('dp_payments').select(['period_start', 'period_end', 'days', 'amount_pence']).where('agreement_id', '=', agreement.id).orderBy('period_start').execute();
      expect(paid.length).toBeGreaterThan(0);
      expect(paid.every((p) => p.period_end <= '2027-02-10')).toBe(true);
      const last = paid.at(-1)!;
      expect(last.period_end).toBe('2027-02-10');
      expect(last.days).toBeLessThan(paid[0]!.days);
    } finally {
      await own.close();
    }
  });
});
