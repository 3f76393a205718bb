import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * The reclaim journey: a finance officer finds Margaret's unspent money, proposes a reclaim,
 * reduces it with a reason, records it netted from the next payment, prints the letter, and her
 * social worker finds the review it created.
 */
async function reclaimJourney(p: Page, axe: boolean) {
  const check = async (label: string) => {
    if (axe) await expectAccessible(p, label);
  };
  await signIn(p, b.base, DEMO.finance);
  await p.getByRole('link', { name: 'Direct payments' }).first().click();
  await check('direct payments');
  await p.locator('table', { hasText: 'Annual audits due' }).getByRole('link', { name: /^DP-/ }).first().click();
  expect(await p.locator('h1').textContent()).toMatch(/^Annual audit of DP-\d+$/);
  await check('annual audit');
  await p.getByRole('link', { name: 'Direct payments' }).first().click();
  await p.locator('table', { hasText: 'Balance' }).getByRole('link', { name: /^DP-/ }).first().click();
  expect(await p.locator('h1').textContent()).toMatch(/^Direct payment DP-\d+$/);
  expect(await p.locator('main').textContent()).toContain('Cash withdrawal');
  await check('account');
  await p.getByRole('button', { name: 'Propose a reclaim' }).click();
  expect(await p.locator('.govuk-notification-banner').first().textContent()).toContain('is proposed');
  await check('reclaim proposed');
  await p.getByRole('button', { name: 'Record the decision' }).click();
  expect(await p.locator('.govuk-error-summary').textContent()).toContain('Select your decision');
  await check('reclaim decision with errors');
  await p.getByLabel('Reduce the amount').check();
  await p.getByLabel('If reducing: the amount to reclaim').fill('1.00');
  await p.getByLabel('Reason').fill('Margaret is saving for a short break with Derek in the spring.');
  await p.getByRole('button', { name: 'Record the decision' }).click();
  await check('reclaim decided');
  await p.getByLabel('Take it from the next payment').check();
  await p.getByRole('button', { name: 'Record the reclaim' }).click();
  expect(await p.locator('main').textContent()).toContain('A review of the person’s plan was created');
  await check('reclaim recorded');
  await p.getByRole('link', { name: 'Letter to the person (printable)' }).click();
  expect(await p.locator('main').textContent()).toContain('We have decided to take back £1.00');
  await check('letter');
  await p.goto(`${b.base}/payment-runs`);
  await check('payment runs');
  await p.goto(`${b.base}/statements/import`);
  await check('statement import');
  await p.context().close();

  const worker = await b.page(axe);
  await signIn(worker, b.base, DEMO.worker);
  await worker.goto(`${b.base}/people`);
  await worker.getByRole('link', { name: 'Ashworth, Margaret' }).click();
  await worker.getByRole('link', { name: 'Review after unspent money was reclaimed' }).first().click();
  expect(await worker.locator('h1').textContent()).toContain('Review after unspent money was reclaimed');
  if (axe) await expectAccessible(worker, 'the review the reclaim created');
  await worker.context().close();
}

describe.skipIf(!browserAvailable)(`direct payments in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('the reclaim journey, axe clean on every page, ending with the review it created', async () => {
    await reclaimJourney(await b.page(true), true);
  });

  it('the reclaim journey with JavaScript off', async () => {
    // The first journey recorded its reclaim; the account's surplus is still above the threshold.
    await reclaimJourney(await b.page(false), false);
  });
});
