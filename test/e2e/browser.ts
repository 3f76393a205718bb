import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/auth/passwords.js';
import { deliverDue } from '../../src/features/outbox/delivery.js';
import { developmentTransport } from '../../src/features/outbox/transports.js';
import { type TestApp, testApp } from '../helpers/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's chromium. Without it they are skipped with this reason, except
 * where REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
 */
export const browserAvailable = existsSync(CHROMIUM);
export const skipReason = `Debian's chromium is not installed at ${CHROMIUM} (apt-get install chromium); CI sets REQUIRE_BROWSER=1 so it cannot be skipped there`;
if (!browserAvailable && process.env.REQUIRE_BROWSER === '1') throw new Error(skipReason);

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A whole journey with axe on each page is slow on a small machine: two minutes each. */
export const BROWSER_TEST_TIMEOUT = 120_000;

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe over the whole page: no violations at WCAG 2.0, 2.1 and 2.2 A and AA. */
export async function expectAccessible(page: Page, label: string) {
  // A form just sent may still be loading its answer: axe reads the page once it has loaded.
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(problems, `${label} (${page.url()})`).toEqual([]);
}

export async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}

export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  base: string;
}

/** The app on a real port with its own database, and a browser: one per test file. */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  const t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { t, browser: await launch(), base };
}

export async function stopBrowserHarness(h: BrowserHarness | undefined) {
  await h?.browser.close();
  await h?.t.close();
}

/**
 * Registers the file's set-up and tear-down, and gives the app, its address and new pages
 * (with or without JavaScript) to the tests.
 */
export function useBrowser() {
  let harness: BrowserHarness | undefined;
  beforeAll(async () => {
    if (browserAvailable) harness = await startBrowserHarness();
  });
  afterAll(async () => stopBrowserHarness(harness));
  return {
    get t() {
      return harness!.t;
    },
    get base() {
      return harness!.base;
    },
    /** A new page in its own context; `width` narrows the window (320 px is the reflow width). */
    async page(javaScript = true, width?: number): Promise<Page> {
      const context = await harness!.browser.newContext({ javaScriptEnabled: javaScript, ...(width ? { viewport: { width, height: 800 } } : {}) });
      context.setDefaultTimeout(15_000);
      return context.newPage();
    },
  };
}

/** The latest sign-in code sent to an address, read from /dev/outbox as a person would. */
export async function codeFor(page: Page, base: string, email: string) {
  const outbox = await page.context().newPage();
  for (let i = 0; i < 50; i++) {
    await outbox.goto(`${base}/dev/outbox`);
    const text = await outbox.locator('main').innerText();
    const at = text.indexOf(`sign-in-code to ${email}`);
    const code = at >= 0 ? /code\s+(\d{6})/.exec(text.slice(at))?.[1] : undefined;
    if (code) {
      await outbox.close();
      return code;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no code in the outbox');
}

/** Signs in to My Selfdirect as a person would: the address, then the code read from /dev/outbox (delivered here, as the job runner would). */
export async function portalSignIn(page: Page, h: { base: string; t: TestApp }, email: string) {
  await page.goto(`${h.base}/my/sign-in`);
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await deliverDue(h.t.database.db, developmentTransport(), { maxAttempts: 3, claimSeconds: 120 });
  await page.getByLabel('Code').fill(await codeFor(page, h.base, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** At 320 px: no sideways scrolling, and (with JavaScript, which axe needs) no WCAG 2.2 AA problems. */
export async function expectNarrowAndAccessible(page: Page, label: string, axe: boolean) {
  if (axe) await expectAccessible(page, label);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), label).toBeLessThanOrEqual(320);
}
