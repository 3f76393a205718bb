import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** The accounts list a page at a time (issue 19): figures worked out for the page's accounts only. */
let t: TestApp;
let v: Visitor;
let make: ReturnType<typeof factories>;
beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  const finance = await make.staff('finance-officer');
  const team = await make.team();
  const worker = await make.staff('social-worker', [team.id]);
  // The demo data has a few accounts: make up to 51.
  const { n } = await t.database.db.selectFrom('dp_agreements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  for (let i = Number(n); i < 51; i++) {
    const person = await make.person(team.id);
    const plan = await make.plan(person, (await make.assessment(person, worker.id)).id, worker.id, { status: 'agreed' });
    await make.agreement(plan, worker.id);
  }
  v = new Visitor(t.app);
  await v.signIn(finance.email, FACTORY_PASSWORD);
});
afterAll(async () => t?.close());

const rowsOf = (page: ReturnType<typeof html>) => page('table').filter((_, table) => page(table).find('caption').text().startsWith('Accounts')).find('tbody tr').length;

describe('the direct payments list', () => {
  it('shows 50 accounts a page: 51 accounts are two pages, the second with one', async () => {
    const first = html(await v.get('/direct-payments'));
    expect(rowsOf(first)).toBe(50);
    expect(first('caption').text()).toContain('Accounts 1 to 50 of 51');
    expect(first('.govuk-pagination__next a').attr('href')).toBe('/direct-payments?page=2');
    const second = html(await v.get('/direct-payments?page=2'));
    expect(rowsOf(second)).toBe(1);
    expect(second('caption').text()).toContain('Accounts 51 to 51 of 51');
    expect(second('.govuk-pagination__prev a').attr('href')).toBe('/direct-payments');
    expect(second('.govuk-pagination__next').length).toBe(0);
  });

  it('a page past the end shows the last page; a page that is not a number shows the first', async () => {
    expect(html(await v.get('/direct-payments?page=9'))('caption').text()).toContain('Accounts 51 to 51 of 51');
    expect(html(await v.get('/direct-payments?page=x'))('caption').text()).toContain('Accounts 1 to 50 of 51');
  });

  it('shows the first 10 annual audits due, with all of them a page at a time on their own page', async () => {
    const db = t.database.db;
    await db.deleteFrom('dp_audits').where('status', '=', 'due').execute();
    const agreements = await db.selectFrom('dp_agreements').select('id').orderBy('reference').limit(51).execute();
    const today = new Date().toISOString().slice(0, 10);
    for (const [i, a] of agreements.entries()) await make.dpAudit(a.id, i === 50 ? today : '2020-01-01');
    const index = html(await v.get('/direct-payments'));
    const audits = index('table').filter((_, table) => index(table).find('caption').text().startsWith('Annual audits due'));
    expect(audits.find('caption').text()).toContain('Annual audits due: the first 10 of 51');
    expect(audits.find('tbody tr').length).toBe(10);
    expect(index('a[href="/direct-payments/waiting/audits-due"]').text()).toContain('See all 51');
    const first = html(await v.get('/direct-payments/waiting/audits-due'));
    expect(first('h1').text()).toBe('Annual audits due');
    expect(first('tbody tr').length).toBe(50);
    expect(first('caption').text()).toContain('51 in all, showing 1 to 50');
    const second = html(await v.get('/direct-payments/waiting/audits-due?page=2'));
    expect(second('tbody tr').length).toBe(1);
    expect(second('caption').text()).toContain('showing 51 to 51');
    expect(html(await v.get('/direct-payments/waiting/audits-due?page=4'))('caption').text()).toContain('showing 51 to 51');
    expect((await v.get('/direct-payments/waiting/everything')).statusCode).toBe(404);
  });

  it("shows an account's transactions 25 a page, newest first, with each page's boundaries", async () => {
    const db = t.database.db;
    const finance = await db.selectFrom('staff_users').select('id').where('role', '=', 'finance-officer').executeTakeFirstOrThrow();
    const team = await make.team();
    const worker = await make.staff('social-worker', [team.id]);
    const person = await make.person(team.id);
    const agreement = await make.agreement(await make.plan(person, (await make.assessment(person, worker.id)).id, worker.id, { status: 'agreed' }), worker.id);
    const empty = html(await v.get(`/direct-payments/${agreement.id}`));
    expect(empty('#transactions + p').text()).toBe('No statements have been imported for this account yet.');
    for (let i = 0; i < 26; i++) await make.statementLine(agreement, finance.id, { amountPence: -(100 + i) });
    const cards = (page: ReturnType<typeof html>) => page('#transactions ~ .govuk-summary-card');
    const first = html(await v.get(`/direct-payments/${agreement.id}`));
    expect(cards(first).length).toBe(25);
    expect(first('#transactions + p').text()).toBe('26 transactions, newest first, showing 1 to 25.');
    expect(first('.govuk-pagination__next a').attr('href')).toBe(`/direct-payments/${agreement.id}?page=2`);
    const second = html(await v.get(`/direct-payments/${agreement.id}?page=2`));
    expect(cards(second).length).toBe(1);
    expect(second('#transactions + p').text()).toBe('26 transactions, newest first, showing 26 to 26.');
    expect(second('.govuk-pagination__prev a').attr('href')).toBe(`/direct-payments/${agreement.id}`);
    expect(second('.govuk-pagination__next').length).toBe(0);
    // Past the end: the last page.
    expect(html(await v.get(`/direct-payments/${agreement.id}?page=5`))('#transactions + p').text()).toContain('showing 26 to 26');
    // A transaction matched to a line a later version of the plan no longer has says so, never the line's id.
    await db.updateTable('statement_lines').set({ plan_line_id: 'line-of-an-old-version', matched_by: 'officer' }).where('agreement_id', '=', agreement.id).execute();
    const matched = html(await v.get(`/direct-payments/${agreement.id}`))('#transactions ~ .govuk-summary-card').first().text();
    expect(matched).toContain('A line of an earlier version of the plan');
    expect(matched).not.toContain('line-of-an-old-version');
  });
});
