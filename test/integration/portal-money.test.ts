import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPence } from '../../src/domain/money/pence.js';
import { monitorAccount } from '../../src/features/direct-payments/monitoring.js';
import { loadConfig } from '../../src/config.js';
import { daysBetween, paymentsDue } from '../../src/domain/direct-payments/schedule.js';
import { lineCost, regularDirectPaymentLines } from '../../src/domain/planning/plan.js';
import { roundHalfUpNumber } from '../../src/domain/ras/exact.js';
import { formatDate } from '../../src/web/format.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { portalVisitor } from '../helpers/portal.js';

/**
 * Issue 14, what to build 6: the person's money — balance, money in, spending, and for each line
 * of their own plan what was allocated, spent and left; flagged payments explained in words or
 * with a receipt (its type checked from its content, kept in the database), which staff then see.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());
const db = () => t.database.db;
const text = (r: Parameters<typeof html>[0]) => html(r)('main').text().replace(/\s+/g, ' ');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a receipt photo')]);

describe('their money in My Selfdirect', () => {
  it('shows spending by plan line, takes an explanation with a receipt, and shows it to staff', async () => {
    const peggy = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const agreement = await db().selectFrom('dp_agreements').selectAll().where('person_id', '=', peggy.id).executeTakeFirstOrThrow();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.95.0.1');
    const link = html(await helen.get('/my'))('a:contains("Peggy’s money")').attr('href');
    expect(link).toBe(`/my/people/${peggy.id}/money`);
    const page = await helen.get(link!);
    expect(page.statusCode).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const summary = await monitorAccount(db(), agreement, today, loadConfig({ ...process.env }).monitoring);
    const $ = html(page);
    expect($('main').text()).toContain(formatPence(summary.balance));
    // This payment period: each regular line's money for the period's days, and what was spent on it in the period.
    const period = paymentsDue({ startOn: agreement.start_on, endOn: agreement.end_on, netWeeklyPence: agreement.net_weekly_pence, frequency: agreement.frequency, suspensions: [] }, today).at(-1)!;
    const days = daysBetween(period.periodStart, period.periodEnd) + 1;
    expect($('main').text()).toContain(`This payment period: ${formatDate(period.periodStart)} to ${formatDate(period.periodEnd)}.`);
    const plan = await db().selectFrom('support_plans').select('lines').where('id', '=', agreement.plan_id).executeTakeFirstOrThrow();
    const rows = $('table.govuk-table tbody tr').map((_, tr) => $(tr).find('th, td').map((__, c) => $(c).text().trim()).get().join(' | ')).get();
    for (const l of regularDirectPaymentLines(plan.lines)) {
      const allocated = roundHalfUpNumber(lineCost(l) * days, 7);
      const spent = -(await db().selectFrom('statement_lines').select(['amount_pence']).where('agreement_id', '=', agreement.id).where('plan_line_id', '=', l.id).where('posted_on', '>=', period.periodStart).where('posted_on', '<=', today).execute()).reduce((n, r) => n + r.amount_pence, 0);
      expect(rows).toContain(`${l.description} (${l.providerName}) | ${formatPence(allocated)} | ${formatPence(spent)} | ${allocated >= spent ? formatPence(allocated - spent) : `${formatPence(spent - allocated)} over`}`);
    }

    // The cash withdrawal the demo flags, explained.
    const atm = await db().selectFrom('statement_lines').select(['id', 'flags']).where('agreement_id', '=', agreement.id).where('transaction_id', '=', 'ATM-1').executeTakeFirstOrThrow();
    expect(text(page)).toContain('Why we ask: Cash taken out.');
    const explain = `/my/statement-lines/${atm.id}/explain`;
    expect($(`a[href="${explain}"]`)).toHaveLength(1);
    await helen.get(explain);
    expect(errorSummary(await helen.postFiles(explain, { explanation: '' }, {}))).toEqual(['Tell us what the money was for, or add a receipt']);
    await helen.get(explain);
    const disguised = await helen.postFiles(explain, { explanation: 'Cash for the hairdresser' }, { receipt: { name: 'receipt.pdf', content: '#!/bin/sh\necho not a receipt' } });
    expect(disguised.statusCode).toBe(400);
    expect(errorSummary(disguised)).toEqual(['The file must be a photo (JPG, PNG or HEIC) or a PDF']);
    await helen.get(explain);
    const sent = await helen.postFiles(explain, { explanation: 'Cash for the hairdresser, who only takes cash' }, { receipt: { name: 'IMG_0042.PNG', content: PNG } });
    expect(sent.statusCode, errorSummary(sent).join('; ')).toBe(303);
    const saved = await db().selectFrom('transaction_explanations').selectAll().where('statement_line_id', '=', atm.id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ receipt_type: 'image/png', receipt_bytes: PNG.length, as_label: 'Helen Ashworth, daughter, representative (family member)' });
    expect(Buffer.from(saved.receipt!).equals(PNG)).toBe(true);
    expect(text(await helen.get(link!))).toContain('Helen Ashworth, daughter, representative (family member) told us on');

    // The finance officer sees it on the account, and opens the receipt.
    const finance = new Visitor(t.app);
    await finance.signIn(DEMO.finance);
    const account = html(await finance.get(`/direct-payments/${agreement.id}`));
    expect(account('main').text()).toContain('explained in My Selfdirect on');
    const receiptHref = account('a:contains("Open the receipt")').attr('href');
    expect(receiptHref).toBe(`/receipts/${saved.id}`);
    const receipt = await finance.get(receiptHref!);
    expect(receipt.headers['content-type']).toBe('image/png');
    expect(receipt.rawPayload.equals(PNG)).toBe(true);
    const actions = (await db().selectFrom('audit_events').select('action').where('subject_id', '=', atm.id).orderBy('seq').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['portal.transaction-viewed', 'statement.explained', 'statement.receipt-viewed']));
  });

  it('another person’s payments, and payments nobody flagged, read as missing', async () => {
    const peggy = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const agreement = await db().selectFrom('dp_agreements').select('id').where('person_id', '=', peggy.id).executeTakeFirstOrThrow();
    const plain = await db().selectFrom('statement_lines').select('id').where('agreement_id', '=', agreement.id).where('transaction_id', 'like', 'PA-%').limit(1).executeTakeFirstOrThrow();
    const theirs = await db().selectFrom('statement_lines').select('id').where('agreement_id', '!=', agreement.id).limit(1).executeTakeFirst();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.95.0.2');
    expect((await helen.get(`/my/statement-lines/${plain.id}/explain`)).statusCode).toBe(404);
    if (theirs) expect((await helen.get(`/my/statement-lines/${theirs.id}/explain`)).statusCode).toBe(404);
    const other = await db().selectFrom('people').select('id').where('preferred_name', 'is', null).limit(1).executeTakeFirstOrThrow();
    expect((await helen.get(`/my/people/${other.id}/money`)).statusCode).toBe(404);
  });
});
