import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** The accounts list a page at a time (issue 19): figures worked out for the page's accounts only. */
let t: TestApp;
let v: Visitor;
beforeAll(async () => {
  t = await testApp();
  const make = factories(t.database.db);
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
});
