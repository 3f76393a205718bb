import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/directory/checks.js';
import { londonToday } from '../../src/web/format.js';
import { finalFigures, recordFinalReconciliation } from '../../src/features/direct-payments/endings.js';
import { endDirectPayment } from '../../src/features/direct-payments/agreements.js';
import { confirmPaymentRun, createPaymentRun, duePayments } from '../../src/features/direct-payments/payment-runs.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { runCommand } from '../helpers/context.js';
import { factories } from '../helpers/factories.js';

/**
 * Issue 13, what to build 2 and 6: an ended direct payment's final reconciliation. The officer is
 * shown what the account holds and what is still owed, records the liabilities (a personal
 * assistant's notice and redundancy pay, with a calculator that needs no JavaScript), and what is
 * left becomes a final reclaim (returned, never netted, no review after a death) or a final
 * payment the next run pays once. The ending letter goes to the family, never says what is not
 * decided, and never shows the officer's notes.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const dates = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: d!, [`${prefix}-month`]: m!, [`${prefix}-year`]: y! };
};
const text = (response: Parameters<typeof html>[0]) => html(response)('main').text().replace(/\s+/g, ' ');

async function paidDirectPayment(weeklyPence: number, given: string) {
  const make = factories(t.database.db);
  const officer = await make.financeOfficer();
  const today = londonToday();
  const { agreement, person } = await make.directPayment(officer.id, {
    startOn: addDays(today, -56),
    frequency: 'weekly',
    person: { given_name: given, family_name: 'Final', preferred_name: null },
    lines: [make.line({ management: 'direct-payment', providerName: `${given}’s PA`, providerKind: 'personal-assistant', quantityHundredths: weeklyPence / 10, unitCostPence: 1_000 })],
  });
  const run = await runCommand(t.database.db, officer.actor, today, (ctx) => createPaymentRun(ctx, today));
  await runCommand(t.database.db, officer.actor, today, (ctx) => confirmPaymentRun(ctx, run.id));
  return { agreement, person, officer };
}

describe('the final reconciliation of an ended direct payment', () => {
  it('after a death: liabilities with the redundancy calculator, a final reclaim sent back, and an ending letter to the family', async () => {
    const db = t.database.db;
    const today = londonToday();
    const { agreement, person } = await paidDirectPayment(20_000, 'Rosa');
    const finance = new Visitor(t.app);
    await finance.signIn(DEMO.finance);

    const before = text(await finance.get(`/direct-payments/${agreement.id}/final`));
    expect(before).toContain(`${agreement.reference} has not ended. End it first`);
    expect(html(await finance.get(`/direct-payments/${agreement.id}/final`))('input[name="notice"]').length).toBe(0);

    // Ended on the guided page: what has happened, then the last day.
    const endPage = text(await finance.get(`/direct-payments/${agreement.id}/end`));
    expect(endPage).toContain('Going into hospital, or a short stay in a care home, does not end a direct payment');
    const ended = await finance.post(`/direct-payments/${agreement.id}/end`, { ended_because: 'died', ...dates('end_on', addDays(today, -3)), reason: 'Died in hospital' });
    expect(ended.statusCode, errorSummary(ended).join('; ')).toBe(303);

    // The ended account offers its final reconciliation, and no longer a suspension.
    const account = html(await finance.get(`/direct-payments/${agreement.id}`));
    expect(account('a:contains("Final reconciliation")').attr('href')).toBe(`/direct-payments/${agreement.id}/final`);
    expect(account('a:contains("Suspend payments")').length).toBe(0);
    const form = html(await finance.get(`/direct-payments/${agreement.id}/final`));
    const page = form('main').text().replace(/\s+/g, ' ');
    expect(page).toContain('(the person died)');
    // Nine weekly payments of £200; paid for 9 days after the end (2 of one week, 7 of the next): £257.14.
    expect(page).toContain('Balance of the account £1,800.00');
    expect(page).toContain('Of which paid for days after the end £257.14');
    expect(form('input[name="notice"]').val()).toBe('200.00');
    expect(form('input[name="pa_weekly"]').val()).toBe('200.00');

    // The calculator: nothing saved, the form comes back with the figure in it.
    const missing = await finance.post(`/direct-payments/${agreement.id}/final/redundancy`, { notice: '200.00', holiday: '0.00', redundancy: '0.00', other: '0.00', notes: '', pa_weekly: '200.00', pa_years: '', pa_age: '45' });
    expect(errorSummary(missing)).toEqual(['Enter how many full years they worked for the person']);
    const worked = html(await finance.post(`/direct-payments/${agreement.id}/final/redundancy`, { notice: '210.00', holiday: '0.00', redundancy: '0.00', other: '0.00', notes: '', pa_weekly: '200.00', pa_years: '4', pa_age: '45' }));
    // Four years at ages 44 to 41: a week and a half each, 6 weeks of £200.
    expect(worked('main').text()).toContain('Statutory redundancy pay is £1,200.00');
    expect(worked('input[name="redundancy"]').val()).toBe('1200.00');
    expect(worked('input[name="notice"]').val()).toBe('210.00');
    expect(await db.selectFrom('dp_final_reconciliations').select('id').where('agreement_id', '=', agreement.id).execute()).toEqual([]);

    const noNotes = await finance.post(`/direct-payments/${agreement.id}/final`, { notice: '200.00', holiday: '0.00', redundancy: '1200.00', other: 'lots' });
    expect(errorSummary(noNotes)).toEqual(['Enter the other bills in pounds and pence, like 240.00', 'Enter how you checked these figures, like “Payroll confirmed one week’s notice”']);
    const recorded = await finance.post(`/direct-payments/${agreement.id}/final`, { notice: '200.00', holiday: '0.00', redundancy: '1200.00', other: '0.00', notes: 'Payroll provider confirmed notice and redundancy' });
    expect(recorded.statusCode, errorSummary(recorded).join('; ')).toBe(303);
    const done = text(await finance.get(recorded.headers.location!));
    expect(done).toContain('Final reconciliation recorded: a final reclaim of £400.00 is proposed for finance to decide');
    expect(done).toContain('That leaves £400.00, which comes back to the council.');
    const again = await finance.post(`/direct-payments/${agreement.id}/final`, { notice: '0.00', holiday: '0.00', redundancy: '0.00', other: '0.00', notes: 'Twice' });
    expect(again.statusCode).toBe(409);
    expect(text(again)).toContain('has had its final reconciliation already');

    // The letter before finance has decided: the figures, and no promise.
    const early = text(await finance.get(`/direct-payments/${agreement.id}/final/letter`));
    expect(early).toContain(`To the family or executor of Rosa Final`);
    expect(early).toContain('We are very sorry to hear that Rosa has died.');
    expect(early).toContain('Please do not send anything yet.');
    expect(early).not.toContain('Payroll provider');

    // The final reclaim: decided, then only "returned" can be recorded; no review follows a death.
    const final = await db.selectFrom('dp_final_reconciliations').select(['reclaim_id', 'outcome', 'amount_pence']).where('agreement_id', '=', agreement.id).executeTakeFirstOrThrow();
    expect(final).toMatchObject({ outcome: 'reclaim', amount_pence: 40_000 });
    const reclaimUrl = `/reclaims/${final.reclaim_id}`;
    const decided = await finance.post(`${reclaimUrl}/decision`, { decision: 'approve', reason: 'Figures checked', version: '1' });
    expect(decided.statusCode, errorSummary(decided).join('; ')).toBe(303);
    const reclaimPage = html(await finance.get(reclaimUrl));
    expect(reclaimPage('input[name="how"]').map((_, i) => reclaimPage(i).attr('value')).get()).toEqual(['returned']);
    const netted = await finance.post(`${reclaimUrl}/record`, { how: 'netted', version: '2' });
    expect(errorSummary(netted)[0]).toContain('has ended, so there is no next payment to take it from');
    const returned = await finance.post(`${reclaimUrl}/record`, { how: 'returned', version: '2' });
    expect(returned.statusCode, errorSummary(returned).join('; ')).toBe(303);
    expect(await db.selectFrom('reviews').select('id').where('person_id', '=', person.id).execute()).toEqual([]);

    const letter = text(await finance.get(`/direct-payments/${agreement.id}/final/letter`));
    expect(letter).toContain('We have decided that £400.00 should come back to us.');
    expect(letter).toContain('Some bills still need paying from it: notice pay of £200.00 and redundancy pay of £1,200.00.');
    // Rosa used My Selfdirect, and so does her son: the copy of the ending letter goes to him, not to her account.
    const staff = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
    const son = await db.insertInto('representatives').values({ person_id: person.id, kind: 'family-member', name: 'Tom Final', relationship: 'Son', phone: null, email: 'tom@example.com', address: null }).returning('id').executeTakeFirstOrThrow();
    for (const [email, representativeId] of [['rosa@example.com', null], ['tom@example.com', son.id]] as const) {
      const portal = await db.insertInto('portal_accounts').values({ email, display_name: email }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('portal_grants').values({ account_id: portal.id, person_id: person.id, representative_id: representativeId, parts: ['money'], invited_by: staff.id }).execute();
    }
    const sent = await finance.post(`/direct-payments/${agreement.id}/final/letter/sent`, {});
    expect(sent.statusCode).toBe(303);
    expect(text(await finance.get(sent.headers.location!))).toContain('The end of Rosa’s direct payment');
    expect(await db.selectFrom('dp_letters').select('kind').where('agreement_id', '=', agreement.id).execute()).toEqual([{ kind: 'ending' }]);
    expect((await db.selectFrom('outbox_messages').select('recipient').where('template', '=', 'letter').where('person_id', '=', person.id).execute()).map((m) => m.recipient)).toEqual(['tom@example.com']);
    expect(await db.selectFrom('audit_events').select('action').where('subject_id', '=', agreement.id).where('action', '=', 'direct-payment.final-reconciliation').execute()).toHaveLength(1);
  });

  it('a shortfall is a final payment: the next run pays it once, named as final, and then nothing more', async () => {
    const db = t.database.db;
    const today = londonToday();
    const { agreement, officer } = await paidDirectPayment(10_000, 'Sol');
    await runCommand(db, officer.actor, today, (ctx) => endDirectPayment(ctx, agreement, addDays(today, -1), 'Council-arranged support from today', 'council-arranged'));
    const ended = await db.selectFrom('dp_agreements').selectAll().where('id', '=', agreement.id).executeTakeFirstOrThrow();
    // The agency's final invoice is £1,000 more than the account holds.
    const final = await runCommand(db, officer.actor, today, async (ctx) => recordFinalReconciliation(ctx, { agreement: ended, figures: await finalFigures(ctx.db, ended, ctx.today, ctx.config.monitoring), recorded: undefined }, { noticePence: 0, holidayPence: 0, redundancyPence: 0, otherPence: 90_000 + 100_000, notes: 'Agency invoice' }));
    expect(final).toMatchObject({ outcome: 'final-payment', amount_pence: 100_000 });

    const finance = new Visitor(t.app);
    await finance.signIn(DEMO.finance);
    await finance.get('/payment-runs');
    const made = await finance.post('/payment-runs', dates('run_on', today));
    expect(made.statusCode, errorSummary(made).join('; ')).toBe(303);
    const runPage = text(await finance.get(made.headers.location!));
    expect(runPage).toContain('Final payment, after the final reconciliation');
    const runId = made.headers.location!.split('/').at(-1)!;
    expect((await finance.post(`/payment-runs/${runId}/confirm`, {})).statusCode).toBe(303);
    const file = (await finance.get(`/payment-runs/${runId}/payments.csv`)).body;
    expect(file).toContain(`,100000,${agreement.reference} final`);
    const payments = await db.selectFrom('dp_payments').select(['days', 'amount_pence']).where('final_reconciliation_id', 'is not', null).where('agreement_id', '=', agreement.id).execute();
    expect(payments).toEqual([{ days: 0, amount_pence: 100_000 }]);
    expect(text(await finance.get(`/direct-payments/${agreement.id}/final`))).toContain('The final payment was paid by the run on');
    const letter = text(await finance.get(`/direct-payments/${agreement.id}/final/letter`));
    expect(letter).toContain('Dear Sol,');
    expect(letter).toContain('We will pay £1,000.00 into the account with our next payments');
    // Nothing more is due for it: a second run does not pay it again.
    expect((await duePayments(db, addDays(today, 30))).filter((p) => p.agreementId === agreement.id)).toEqual([]);
  });
});
