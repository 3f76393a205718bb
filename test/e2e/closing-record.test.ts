import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/** Issue 13: a direct payment through a person's life in the browser — varied for a new plan, ended when the record closes, then reconciled (axe at 320 px; without JavaScript). */
describe.skipIf(!browserAvailable)(`varying and ending a direct payment ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('varies the account already paying for a new plan version, and prints the variation notice', async () => {
    const db = b.t.database.db;
    const current = await db.selectFrom('dp_agreements').select(['id', 'reference', 'person_id', 'plan_id']).orderBy('reference').executeTakeFirstOrThrow();
    const make = factories(db);
    const person = await db.selectFrom('people').selectAll().where('id', '=', current.person_id).executeTakeFirstOrThrow();
    const by = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
    const v1 = await db.selectFrom('support_plans').select('assessment_id').where('id', '=', current.plan_id).executeTakeFirstOrThrow();
    await make.plan(person, v1.assessment_id!, by.id, { status: 'agreed', lines: [make.line({ management: 'direct-payment', quantityHundredths: 800, unitCostPence: 1500 })] });

    const narrow = await b.page(true, 320);
    await signIn(narrow, b.base, DEMO.finance);
    await narrow.goto(`${b.base}/direct-payments`);
    await narrow.getByRole('link', { name: `Vary ${current.reference} for ${person.given_name} ${person.family_name}` }).click();
    await expectAccessible(narrow, 'vary a direct payment, 320 px');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.context().close();

    const p = await b.page(false);
    await signIn(p, b.base, DEMO.finance);
    await p.goto(`${b.base}/direct-payments`);
    await p.getByRole('link', { name: `Vary ${current.reference} for ${person.given_name} ${person.family_name}` }).click();
    await p.getByRole('button', { name: `Vary ${current.reference}` }).click();
    expect(await p.locator('h1').textContent()).toBe(`Direct payment ${current.reference}`);
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain(`${current.reference} varied: £120.00 a week`);
    await p.getByRole('link', { name: /Variation notice/ }).click();
    expect(await p.locator('h1').textContent()).toBe('Your direct payment is changing');
    await p.context().close();
    const js = await b.page(true);
    await signIn(js, b.base, DEMO.finance);
    await js.goto(`${b.base}/direct-payments/${current.id}`);
    await expectAccessible(js, 'account after a variation');
    await js.getByRole('link', { name: /Variation notice/ }).click();
    await expectAccessible(js, 'variation notice');
    await js.context().close();
  });

  it('shows what is open, refuses a missing date, and closes, ending the direct payment', async () => {
    const agreement = await b.t.database.db.selectFrom('dp_agreements').select(['person_id', 'reference']).orderBy('reference').executeTakeFirstOrThrow();
    const narrow = await b.page(true, 320);
    await signIn(narrow, b.base, DEMO.worker);
    await narrow.goto(`${b.base}/people/${agreement.person_id}/close`);
    expect(await narrow.locator('main').textContent()).toContain(agreement.reference);
    await expectAccessible(narrow, 'close a record with a direct payment, 320 px');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.context().close();

    const p = await b.page(false);
    await signIn(p, b.base, DEMO.worker);
    await p.goto(`${b.base}/people/${agreement.person_id}/close`);
    await p.getByLabel('Why is the record being closed?').fill('Moved to another council');
    for (const part of ['Day', 'Month', 'Year']) await p.getByLabel(part).fill('');
    await p.getByRole('button', { name: 'Close record' }).click();
    expect(await p.locator('.govuk-error-summary').textContent()).toContain('Enter the last day the direct payments pay for');
    const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).split('/');
    await p.getByLabel('Day').fill(today[0]!);
    await p.getByLabel('Month').fill(today[1]!);
    await p.getByLabel('Year').fill(today[2]!);
    await p.getByRole('button', { name: 'Close record' }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Record closed');
    await p.context().close();
    const ended = await b.t.database.db.selectFrom('dp_agreements').select('end_on').where('reference', '=', agreement.reference).executeTakeFirstOrThrow();
    expect(ended.end_on).not.toBeNull();
  });

  it('reconciles the ended direct payment: its figures, the redundancy calculator and the ending letter, without JavaScript', async () => {
    const agreement = await b.t.database.db.selectFrom('dp_agreements').select(['id', 'reference', 'end_on']).orderBy('reference').executeTakeFirstOrThrow();
    expect(agreement.end_on).not.toBeNull();
    const narrow = await b.page(true, 320);
    await signIn(narrow, b.base, DEMO.finance);
    await narrow.goto(`${b.base}/direct-payments/${agreement.id}`);
    await narrow.getByRole('link', { name: 'Final reconciliation' }).click();
    expect(await narrow.locator('h1').textContent()).toBe(`Final reconciliation of ${agreement.reference}`);
    await expectAccessible(narrow, 'final reconciliation, 320 px');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.context().close();

    const p = await b.page(false);
    await signIn(p, b.base, DEMO.finance);
    await p.goto(`${b.base}/direct-payments/${agreement.id}/final`);
    await p.getByLabel('Their weekly pay').fill('101.50');
    await p.getByLabel('Full years they worked for the person').fill('3');
    await p.getByLabel('Their age on the last day').fill('30');
    await p.getByRole('button', { name: 'Work out redundancy pay' }).click();
    // Aged 29, 28 and 27 in the three years: a week each.
    expect(await p.locator('main').textContent()).toContain('Statutory redundancy pay is £304.50');
    await p.getByLabel('Your notes').fill('Payroll service confirmed the notice and redundancy due');
    await p.getByRole('button', { name: 'Record the final reconciliation' }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Final reconciliation recorded');
    await p.getByRole('link', { name: 'The ending letter (printable)' }).click();
    expect(await p.locator('h1').textContent()).toBe('The end of your direct payment');
    expect(await p.locator('main').textContent()).not.toContain('Payroll service confirmed');
    await p.context().close();

    const js = await b.page(true);
    await signIn(js, b.base, DEMO.finance);
    await js.goto(`${b.base}/direct-payments/${agreement.id}/final`);
    await expectAccessible(js, 'final reconciliation recorded');
    await js.goto(`${b.base}/direct-payments/${agreement.id}/final/letter`);
    await expectAccessible(js, 'ending letter');
    await js.context().close();
  });
});
