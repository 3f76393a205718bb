import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributionCheck, contributionPieces } from '../../src/domain/direct-payments/monitoring.js';
import { addDays } from '../../src/domain/directory/checks.js';
import { londonToday } from '../../src/web/format.js';
import { DEMO, type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';

/** Issue 13: the person's contribution paid into the account is checked, a shortfall flagged with a note to them, never reclaimed. */
describe('the contribution check', () => {
  it('expects the weekly contribution for each day so far, rounded once, and flags only beyond the grace', () => {
    expect(contributionCheck({ pieces: [{ weeklyPence: 2_000, days: 57 }], weeklyPence: 2_000, receivedPence: 3_000, graceWeeks: 4 })).toEqual({ expectedPence: 16_286, receivedPence: 3_000, shortfallPence: 13_286, flagged: true });
    expect(contributionCheck({ pieces: [{ weeklyPence: 2_000, days: 57 }], weeklyPence: 2_000, receivedPence: 9_000, graceWeeks: 4 })).toMatchObject({ shortfallPence: 7_286, flagged: false });
    expect(contributionCheck({ pieces: [{ weeklyPence: 0, days: 57 }], weeklyPence: 0, receivedPence: 0, graceWeeks: 0 })).toMatchObject({ expectedPence: 0, flagged: false });
    expect(contributionCheck({ pieces: [{ weeklyPence: 2_000, days: 14 }], weeklyPence: 2_000, receivedPence: 10_000, graceWeeks: 0 })).toMatchObject({ shortfallPence: 0, flagged: false });
  });

  it('prices each plan version’s contribution for its own days, and expects nothing for days the payments were suspended', () => {
    // £20 a week from 4 January; a new plan's £35 a week from 18 January; in hospital 25 to 31 January.
    const pieces = contributionPieces({
      startOn: '2027-01-04',
      lastDay: '2027-02-14',
      versions: [{ fromOn: '2027-01-04', weeklyPence: 2_000 }, { fromOn: '2027-01-18', weeklyPence: 3_500 }],
      suspensions: [{ fromOn: '2027-01-25', toOn: '2027-01-31' }],
    });
    expect(pieces).toEqual([{ weeklyPence: 2_000, days: 14 }, { weeklyPence: 3_500, days: 21 }]);
    // 2 weeks at £20 and 3 at £35: £145.00.
    expect(contributionCheck({ pieces, weeklyPence: 3_500, receivedPence: 14_500, graceWeeks: 0 })).toMatchObject({ expectedPence: 14_500, shortfallPence: 0, flagged: false });
    // A version that starts after the last day adds nothing.
    expect(contributionPieces({ startOn: '2027-01-04', lastDay: '2027-01-10', versions: [{ fromOn: '2027-01-04', weeklyPence: 2_000 }, { fromOn: '2027-02-01', weeklyPence: 9_000 }], suspensions: [] })).toEqual([{ weeklyPence: 2_000, days: 7 }]);
  });
});

describe('the account page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('says what has arrived, warns of a shortfall and offers a plain note to the person, proposing no reclaim for it', async () => {
    const db = t.database.db;
    const make = factories(db);
    const staff = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.finance).executeTakeFirstOrThrow();
    const person = await make.person((await make.team()).id, { preferred_name: 'Bert' });
    const plan = await make.plan(person, (await make.assessment(person, staff.id)).id, staff.id, { status: 'agreed', contributionPence: 2_000, lines: [make.line({ management: 'direct-payment' })] });
    const start = addDays(londonToday(), -56);
    const agreement = await make.agreement(plan, staff.id, start);
    await db.updateTable('dp_agreements').set({ contribution_into_account: true }).where('id', '=', agreement.id).execute();
    await db.insertInto('statement_lines').values({ agreement_id: agreement.id, account_ref: agreement.reference, transaction_id: 'C-1', posted_on: addDays(start, 7), amount_pence: 3_000, counterparty: 'B SMITH', description: 'Contribution', merchant_category_code: null, matched_by: 'none', flags: [], imported_by: staff.id }).execute();
    const v = new Visitor(t.app);
    await v.signIn(DEMO.finance);
    const page = html(await v.get(`/direct-payments/${agreement.id}`));
    const text = page('main').text().replace(/\s+/g, ' ');
    expect(text).toContain('The person’s contribution paid into the account: £30.00 of the £162.86 expected by');
    expect(text).toContain('£132.86 has not arrived: more than the weeks allowed. Talk to the person: a shortfall is never taken from their support.');
    const note = html(await v.get(page('a:contains("Note to the person about their contribution")').attr('href')!))('main').text().replace(/\s+/g, ' ');
    expect(note).toContain('Dear Bert,');
    expect(note).toContain('That leaves £132.86 to pay in.');
    expect(note).toContain('We will not cut your support because of this.');
    expect(await db.selectFrom('reclaims').select('id').where('agreement_id', '=', agreement.id).execute()).toEqual([]);
    // Where the contribution is collected another way (the demo's Margaret), nothing is expected in the account.
    const margaret = await db.selectFrom('dp_agreements').select('id').where('contribution_into_account', '=', false).orderBy('reference').executeTakeFirstOrThrow();
    expect(html(await v.get(`/direct-payments/${margaret.id}`))('main').text()).not.toContain('has not arrived');
  });
});
