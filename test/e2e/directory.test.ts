import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();


describe.skipIf(!browserAvailable)(`the directory in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('staff pages, forms and their errors are axe clean', async () => {
    const p = await b.page(true);
    await signIn(p, b.base, DEMO.manager);
    await p.getByRole('link', { name: 'Directory' }).first().click();
    await expectAccessible(p, 'directory');
    await p.locator('#service').selectOption('Personal care');
    await p.getByRole('button', { name: 'Filter' }).click();
    await expectAccessible(p, 'filtered directory');
    await p.goto(`${b.base}/directory`);
    await p.getByRole('link', { name: 'Sam Carter' }).click();
    await expectAccessible(p, 'entry with an expired check');
    await p.getByRole('link', { name: 'Record a check' }).click();
    await expectAccessible(p, 'record a check');
    await p.getByRole('button', { name: 'Record the check' }).click();
    expect(await p.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(p, 'record a check with errors');
    await p.goto(`${b.base}/directory/checks-due`);
    await expectAccessible(p, 'checks due');
    await p.goto(`${b.base}/directory/new`);
    await expectAccessible(p, 'choose a kind');
    await p.getByLabel('Provider organisation').check();
    await p.getByRole('button', { name: 'Continue' }).click();
    await expectAccessible(p, 'add a provider');
    await p.getByRole('button', { name: 'Save' }).click();
    await expectAccessible(p, 'add a provider with errors');
    await p.goto(`${b.base}/directory/import`);
    await expectAccessible(p, 'import');
    await p.getByRole('button', { name: 'Check and import', exact: true }).click();
    await expectAccessible(p, 'import with errors');
    await p.context().close();
  });

  it('the public directory, with JavaScript off: search, open an entry; and axe clean', async () => {
    const p = await b.page(false);
    await p.goto(`${b.base}/find-support`);
    await p.getByLabel('What kind of support?').selectOption('Night support');
    await p.getByRole('button', { name: 'Search' }).click();
    expect(p.url()).toContain('service=Night+support');
    await p.getByRole('link', { name: 'More about Priti Shah' }).click();
    expect(await p.locator('h1').textContent()).toBe('Priti Shah');
    expect(await p.locator('main').textContent()).toContain('priti.pa@example.com');
    await p.context().close();
    const a = await b.page(true);
    await a.goto(`${b.base}/find-support`);
    await expectAccessible(a, 'public directory');
    await a.getByRole('link', { name: 'More about Anytown Home Care Ltd' }).click();
    await expectAccessible(a, 'public entry');
    await a.context().close();
  });

  it('adding a personal assistant and a DBS check with JavaScript off', async () => {
    const p = await b.page(false);
    await signIn(p, b.base, DEMO.admin);
    await p.goto(`${b.base}/directory/new`);
    await p.getByLabel('Personal assistant').check();
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.getByLabel('Name', { exact: true }).fill('Robin Lee');
    await p.getByLabel('Personal care').check();
    await p.getByLabel('Hillcrest').check();
    await p.getByLabel('Hourly rate (optional)').fill('14.00');
    await p.getByRole('button', { name: 'Save' }).click();
    expect(await p.locator('h1').textContent()).toBe('Robin Lee');
    await p.getByRole('link', { name: 'Record a check' }).click();
    await p.getByLabel('DBS check').check();
    await p.locator('#checked_on-day').fill('1');
    await p.locator('#checked_on-month').fill('10');
    await p.locator('#checked_on-year').fill('2026');
    await p.getByLabel('Level').selectOption('enhanced-barred');
    await p.getByLabel('Certificate number').fill('999988887777');
    await p.getByLabel('Clear: nothing on the certificate').check();
    await p.getByRole('button', { name: 'Record the check' }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Check recorded');
    expect(await p.locator('main').textContent()).toContain('No right-to-work check is recorded');
    await p.context().close();
  });
});
