import { describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/features/outbox/delivery.js';
import { developmentTransport } from '../../src/features/outbox/transports.js';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, codeFor, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/** Issue 14: signing in to My Selfdirect with a code read from /dev/outbox — axe clean at 320 px, and without JavaScript. */
describe.skipIf(!browserAvailable)(`signing in to My Selfdirect ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('Helen signs in with a code, at 320 px, every page axe clean', async () => {
    const p = await b.page(true, 320);
    await p.goto(`${b.base}/my`);
    expect(await p.locator('h1').textContent()).toBe('Sign in to My Selfdirect');
    await expectAccessible(p, 'My Selfdirect sign-in, 320 px');
    await p.getByRole('button', { name: 'Send me a code' }).click();
    await expectAccessible(p, 'sign-in with an error');
    await p.getByLabel('Your email address').fill('helen@anytown.example');
    await p.getByRole('button', { name: 'Send me a code' }).click();
    expect(await p.locator('h1').textContent()).toBe('Check your email');
    await expectAccessible(p, 'code page, 320 px');
    await p.getByLabel('Code').fill('1');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expectAccessible(p, 'code page with an error');
    // The test app has no job runner: the outbox is delivered here, as the runner would.
    await deliverDue(b.t.database.db, developmentTransport(), { maxAttempts: 3, claimSeconds: 120 });
    await p.getByLabel('Code').fill(await codeFor(p, b.base, 'helen@anytown.example'));
    await p.getByRole('button', { name: 'Sign in' }).click();
    expect(await p.locator('h1').textContent()).toBe('Hello, Helen Ashworth');
    await expectAccessible(p, 'My Selfdirect home, 320 px');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await p.getByRole('link', { name: 'Read Peggy’s support plan' }).click();
    await expectAccessible(p, 'Peggy’s plan in My Selfdirect, 320 px');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await p.context().close();
  });

  it('Peggy signs in and out without JavaScript', async () => {
    const p = await b.page(false);
    await p.goto(`${b.base}/my/sign-in`);
    await p.getByLabel('Your email address').fill('margaret@anytown.example');
    await p.getByRole('button', { name: 'Send me a code' }).click();
    await deliverDue(b.t.database.db, developmentTransport(), { maxAttempts: 3, claimSeconds: 120 });
    await p.getByLabel('Code').fill(await codeFor(p, b.base, 'margaret@anytown.example'));
    await p.getByRole('button', { name: 'Sign in' }).click();
    expect(await p.locator('h1').textContent()).toBe('Hello, Peggy');
    expect(await p.locator('main').textContent()).toContain('Your support plan');
    await p.getByRole('link', { name: 'Read your support plan' }).click();
    expect(await p.locator('main').textContent()).toContain('Margaret Ashworth');
    await p.getByRole('button', { name: 'Sign out' }).click();
    expect(await p.locator('h1').textContent()).toBe('Sign in to My Selfdirect');
    await p.context().close();
  });

  it('the worker’s page of who can sign in for a person, with its errors, axe clean at 320 px', async () => {
    const margaret = await b.t.database.db.selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const p = await b.page(true, 320);
    await signIn(p, b.base, DEMO.worker);
    await p.goto(`${b.base}/people/${margaret.id}`);
    await p.getByRole('link', { name: 'My Selfdirect: who can sign in for this person' }).click();
    expect(await p.locator('h1').textContent()).toBe('My Selfdirect');
    await expectAccessible(p, 'who can sign in, 320 px');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await p.getByRole('button', { name: 'Send the invitation' }).click();
    expect(await p.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(p, 'invitation with errors');
    await p.context().close();
  });
});
