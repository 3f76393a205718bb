import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/** Issue 13: closing the record of someone with a direct payment, in the browser (axe at 320 px; then without JavaScript). */
describe.skipIf(!browserAvailable)(`closing a record ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
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
