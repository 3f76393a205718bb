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
  });

  it('only finance officers reach direct payments', async () => {
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    expect((await worker.get('/direct-payments')).statusCode).toBe(403);
    const upload = await worker.postFiles('/statements/import', {}, { statement: { name: 's.csv', content: 'x' } });
    expect(upload.statusCode).toBe(403);
  });
});
