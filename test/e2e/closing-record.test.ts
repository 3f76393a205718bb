import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/** Issue 13: a direct payment through a person's life in the browser — varied for a new plan, then ended when the record closes (axe at 320 px; without JavaScript). */
describe.skipIf(!browserAvailable)(`varying and ending a direct payment ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('varies the account already paying for a new plan version, and prints the variation notice', async () => {
    const db = b.t.database.db;
    const current = await db.selectFrom('dp_agreements').select(['id', 'reference', 'person_id', 'plan_id']).orderBy('reference').executeTakeFirstOrThrow();
    const make = factories(db);
    const person = await db.selectFrom('people').selectAll().where('id', '=', current.person_id).executeTakeFirstOrThrow();
    const by = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
    const v1 = await db.selectFrom('support_plans').select('assessment_id').where('id', '=', current.plan_id).executeTakeFirstOrThrow();
    await make.plan(person, v1.assessment_id, by.id, { status: 'agreed', lines: [make.line({ management: 'direct-payment', quantityHundredths: 800, unitCostPence: 1500 })] });

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
});
