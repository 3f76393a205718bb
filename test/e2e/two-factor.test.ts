import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { DEMO_PASSWORD } from '../../src/features/auth/passwords.js';
import { codeAt } from '../../src/features/auth/two-factor.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 18's two-factor sign-in as staff use it, at 320 px, with and without JavaScript: set up an
 * authenticator app from the account page (the QR code, or the key typed in), keep the recovery
 * codes, sign in again with a code from the app, then turn it off. Axe on every page with JavaScript.
 */
async function journey(p: Page, axe: boolean, offset: number, again: () => Promise<Page>) {
  await signIn(p, b.base, DEMO.worker);
  await p.getByRole('link', { name: 'Two-factor sign-in' }).click();
  await expectNarrowAndAccessible(p, 'two-factor, not set up', axe);
  await p.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expectNarrowAndAccessible(p, 'set up an app', axe);
  const key = (await p.locator('code.app-key').innerText()).replace(/\s+/g, '');
  await p.getByRole('button', { name: 'Set up the app' }).click();
  expect(await p.locator('.govuk-error-summary').innerText()).toContain('Enter the code from your authenticator app');
  await expectNarrowAndAccessible(p, 'set up an app with errors', axe);
  const now = Date.now() + offset * 1000;
  await p.getByLabel('Code from your app').fill(codeAt(key, new Date(now)));
  await p.getByRole('button', { name: 'Set up the app' }).click();
  expect(await p.locator('.app-recovery-codes li').count()).toBe(10);
  await expectNarrowAndAccessible(p, 'recovery codes', axe);
  await p.getByRole('button', { name: 'I have kept my codes safe' }).click();
  await expectNarrowAndAccessible(p, 'two-factor, set up', axe);

  // Signing in again, in another browser.
  p = await again();
  await p.goto(`${b.base}/sign-in`);
  await p.getByLabel('Email address').fill(DEMO.worker);
  await p.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(`${b.base}/sign-in/code`);
  await expectNarrowAndAccessible(p, 'enter the code', axe);
  await p.getByLabel('Enter the code from your authenticator app').fill('000000');
  await p.getByRole('button', { name: 'Continue' }).click();
  expect(await p.locator('.govuk-error-summary').innerText()).toContain('The code is not right');
  await expectNarrowAndAccessible(p, 'enter the code with errors', axe);
  // A later step's code than the set-up's (that one is spent): the next, or now's if the journey took longer.
  const later = () => codeAt(key, new Date(Math.max(Date.now(), now + 30_000)));
  await p.getByLabel('Enter the code from your authenticator app').fill(later());
  await p.getByRole('button', { name: 'Continue' }).click();
  await p.waitForURL(`${b.base}/`);

  await p.goto(`${b.base}/account/two-factor`);
  await p.getByLabel('Code from your app').fill(later());
  await p.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
  expect(await p.locator('.govuk-notification-banner').innerText()).toContain('Two-factor sign-in is turned off');
}

describe.skipIf(!browserAvailable)(`two-factor sign-in in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('set up, sign in with a code and turn off, axe clean at 320 px', async () => {
    const pages: Page[] = [await b.page(true, 320)];
    await journey(pages[0]!, true, 0, async () => pages[pages.push(await b.page(true, 320)) - 1]!);
    for (const p of pages) await p.context().close();
  });

  it('the same without JavaScript', async () => {
    // Turning it off forgot the app and its last code: the same steps are new to a new app.
    const pages: Page[] = [await b.page(false, 320)];
    await journey(pages[0]!, false, 0, async () => pages[pages.push(await b.page(false, 320)) - 1]!);
    for (const p of pages) await p.context().close();
  });
});
