import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/directory/checks.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

async function officer() {
  const v = new Visitor(t.app);
  await v.signIn(DEMO.finance);
  return v;
}

describe('direct payments over HTTP', () => {
  it('a run always has a date, a date with nothing due makes no run, pressing again opens the run waiting, and an unconfirmed run can be discarded', async () => {
    const v = await officer();
    await v.get('/payment-runs');
    expect(errorSummary(await v.post('/payment-runs', {}))).toEqual(['Enter the date of the run']);
    const nothing = await v.post('/payment-runs', { 'run_on-day': '1', 'run_on-month': '1', 'run_on-year': '2020' });
    expect(nothing.statusCode).toBe(400);
    expect(errorSummary(nothing)).toEqual(['Nothing is due to be paid on or before 1 January 2020, so no run was made']);
    const runs = async () => (await t.database.db.selectFrom('payment_runs').select('id').execute()).length;
    const before = await runs();
    const day = addDays(new Date().toISOString().slice(0, 10), 120).split('-');
    const date = { 'run_on-day': day[2]!, 'run_on-month': day[1]!, 'run_on-year': day[0]! };
    const first = await v.post('/payment-runs', date);
    await v.get('/payment-runs');
    const again = await v.post('/payment-runs', date);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await runs()).toBe(before + 1);
    const runPath = first.headers.location!;
    expect(html(await v.get(runPath))('button').text()).toContain('Discard this run');
    const discarded = await v.post(`${runPath}/discard`, {});
    expect(discarded.statusCode).toBe(303);
    expect(html(await v.get(discarded.headers.location!))('.govuk-notification-banner').text()).toMatch(/was discarded: nothing was paid by it/);
    expect((await v.get(runPath)).statusCode).toBe(404);
    expect(await runs()).toBe(before);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'subject_id']).where('action', '=', 'payment-run.discarded').execute();
    expect(audit.map((a) => a.subject_id)).toEqual([runPath.split('/').pop()]);
  });

  it('two officers confirming one run at the same moment pay once', async () => {
    const [a, b] = [await officer(), await officer()];
    const day = addDays(new Date().toISOString().slice(0, 10), 60).split('-');
    const created = await a.post('/payment-runs', { 'run_on-day': day[2]!, 'run_on-month': day[1]!, 'run_on-year': day[0]! });
    expect(created.statusCode).toBe(303);
    const runPath = created.headers.location!;
    const preview = await a.get(runPath);
    expect(html(preview)('table').text()).toMatch(/DP-\d+/);
    await b.get(runPath);
    const [first, second] = await Promise.all([a.post(`${runPath}/confirm`, {}), b.post(`${runPath}/confirm`, {})]);
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    const messages = [await a.get(runPath), await b.get(runPath)].map((r) => html(r)('.govuk-notification-banner').text());
    expect(messages.filter((m) => m.includes('Run confirmed'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('already confirmed'))).toHaveLength(1);
    const doubled = await t.database.db.selectFrom('dp_payments').select(['agreement_id', 'period_start']).groupBy(['agreement_id', 'period_start']).having(sql`count(*)`, '>', 1).execute();
    expect(doubled).toEqual([]);
    // A confirmed run cannot be discarded: its payments stand.
    const refused = await a.post(`${runPath}/discard`, {});
    expect(html(await a.get(refused.headers.location!))('.govuk-notification-banner').text()).toContain('This run was confirmed before it could be discarded');
    const file = await a.get(`${runPath}/payments.csv`);
    expect(file.body.split('\r\n')[0]).toBe('payee,account_reference,amount_pence,reference');
    expect(file.body).toContain('Margaret Ashworth,CARD-4417,');
  });

  it('imports a statement once: the same file again adds nothing; a bad file is refused naming the line', async () => {
    const v = await officer();
    const reference = (await t.database.db.selectFrom('dp_agreements').select('reference').executeTakeFirstOrThrow()).reference;
    const today = new Date().toISOString().slice(0, 10);
    const statement = `account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n${reference},H-1,${today},-2500,Jo Bloggs,Wages,\n${reference},H-2,${today},-1999,Corner Shop,Food,5411\n`;
    const first = await v.postFiles('/statements/import', {}, { statement: { name: 'statement.csv', content: statement } });
    expect(first.statusCode).toBe(303);
    expect(html(await v.get(first.headers.location!))('.govuk-notification-banner').text()).toContain('2 transactions added; 1 flagged; 1 waiting to be matched');
    const again = await v.postFiles('/statements/import', {}, { statement: { name: 'statement.csv', content: statement } });
    expect(html(await v.get(again.headers.location!))('.govuk-notification-banner').text()).toContain('0 transactions added (2 were already imported)');
    const bad = await v.postFiles('/statements/import', {}, { statement: { name: 'bad.csv', content: `${statement}${reference},H-3,yesterday,-1,Shop,,\n` } });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad)).toEqual(['Line 4, column posted_on: "yesterday" is not a date like 2026-04-01']);
    // Nothing dated after today, nor before the account started (issue 13, defect 5).
    const account = await t.database.db.selectFrom('dp_agreements').select(['reference', 'start_on']).where('reference', '=', reference).executeTakeFirstOrThrow();
    const tomorrow = addDays(today, 1);
    const early = addDays(account.start_on, -1);
    const dated = await v.postFiles('/statements/import', {}, { statement: { name: 'dated.csv', content: `${statement}${reference},H-4,${tomorrow},-1,Shop,,\n${reference},H-5,${early},-1,Shop,,\n` } });
    expect(errorSummary(dated)).toEqual([
      `Line 4, column posted_on: ${tomorrow} is after today: a statement can only hold what has happened`,
      `Line 5, column posted_on: ${early} is before ${reference} started on ${account.start_on}: check it is the right account`,
    ]);
    expect(await t.database.db.selectFrom('statement_lines').select('id').where('transaction_id', 'in', ['H-4', 'H-5']).execute()).toEqual([]);
  });

  it('a payment to a close relative who lives with the person is flagged as such, not only as outside the plan (defect 6)', async () => {
    const v = await officer();
    const db = t.database.db;
    const account = await db.selectFrom('dp_agreements').innerJoin('people', 'people.id', 'dp_agreements.person_id').select(['dp_agreements.reference', 'people.id', 'people.address_line_1', 'people.postcode']).where('people.given_name', '=', 'Margaret').executeTakeFirstOrThrow();
    const husband = await db.selectFrom('carer_links').innerJoin('people', 'people.id', 'carer_links.carer_person_id').select(['people.id', 'people.given_name', 'people.family_name']).where('carer_links.cared_for_person_id', '=', account.id).executeTakeFirstOrThrow();
    // He lives at the same address.
    await db.updateTable('people').set({ address_line_1: account.address_line_1 ?? '1 Mill Lane', postcode: account.postcode ?? 'AN1 1AA' }).where('id', 'in', [husband.id, account.id]).execute();
    const today = new Date().toISOString().slice(0, 10);
    const statement = `account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n${account.reference},REL-1,${today},-6000,${husband.given_name.toUpperCase()} ${husband.family_name.toUpperCase()},Transfer,\n`;
    const imported = await v.postFiles('/statements/import', {}, { statement: { name: 'statement.csv', content: statement } });
    expect(imported.statusCode, errorSummary(imported).join('; ')).toBe(303);
    const line = await db.selectFrom('statement_lines').select('flags').where('transaction_id', '=', 'REL-1').executeTakeFirstOrThrow();
    expect(line.flags).toEqual(['household-relative', 'not-in-plan']);
  });

  it('the account page is one computation as at a day: the summary, the months and what was paid ahead agree (defect 5)', async () => {
    const v = await officer();
    const account = await t.database.db.selectFrom('dp_agreements').select('id').orderBy('reference').executeTakeFirstOrThrow();
    const $ = html(await v.get(`/direct-payments/${account.id}`));
    const pounds = (s: string) => Math.round(Number(s.replace(/[£,\s]/g, '').replace('−', '-')) * 100);
    expect($('h2').text()).toMatch(/Balance as at \d+ \w+ \d{4}/);
    const summary = Object.fromEntries($('h2:contains("Balance as at") + .govuk-summary-list .govuk-summary-list__row').map((_, row) => [[$(row).find('dt').text().trim(), pounds($(row).find('dd').text())]]).get());
    const months = $('table').filter((_, el) => $(el).find('caption').text().startsWith('Balance over time')).find('tbody tr').map((_, tr) => [$(tr).find('th, td').map((__, c) => $(c).text().trim()).get()]).get() as unknown as string[][];
    expect(months.length).toBeGreaterThan(0);
    expect(months[0]![0]).toMatch(/^[A-Z][a-z]+ \d{4}$/);
    expect(months.reduce((sum, m) => sum + pounds(m[1]!), 0)).toBe(summary['Paid in']);
    expect(months.reduce((sum, m) => sum + pounds(m[2]!), 0)).toBe(summary.Spent);
    expect(pounds(months.at(-1)![4]!)).toBe(summary.Balance);
    // The run confirmed for a day two months ahead paid periods that have not started: said, not counted.
    expect($('main').text()).toMatch(/The council has also paid £[\d,.]+ for periods from \d+ \w+ \d{4}: it counts from then/);
  });

  it('only finance officers reach direct payments', async () => {
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    expect((await worker.get('/direct-payments')).statusCode).toBe(403);
    const upload = await worker.postFiles('/statements/import', {}, { statement: { name: 's.csv', content: 'x' } });
    expect(upload.statusCode).toBe(403);
  });
});
