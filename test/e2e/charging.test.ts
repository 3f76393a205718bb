import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, portalSignIn, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 16 as its users would use it, at 320 px: the finance officer reads the year's charging
 * rules; a social worker records William's financial assessment (with a mistake first), checks
 * it and reads how his contribution was worked out. Axe on every page with JavaScript; the same
 * journey without it.
 */
async function rules(p: Page, axe: boolean) {
  await signIn(p, b.base, DEMO.finance);
  await p.getByRole('link', { name: 'Charging rules' }).first().click();
  await expectNarrowAndAccessible(p, 'charging rules', axe);
  await p.getByRole('link', { name: /2026-27$/ }).click();
  await expectNarrowAndAccessible(p, 'the 2026-27 rules', axe);
  expect(await p.locator('main').innerText()).toContain('Figures still to confirm');
  await p.getByRole('link', { name: 'Recalculate everyone’s contribution under these rules' }).click();
  await expectNarrowAndAccessible(p, 'recalculate contributions', axe);
  await p.goto(`${b.base}/charging/rules/import`);
  await p.getByRole('button', { name: 'Check and import' }).click();
  await expectNarrowAndAccessible(p, 'import charging rules with errors', axe);
}

async function date(p: Page, name: string, iso: string) {
  const [y, m, d] = iso.split('-');
  await p.locator(`#${name}-day`).fill(String(Number(d)));
  await p.locator(`#${name}-month`).fill(String(Number(m)));
  await p.locator(`#${name}-year`).fill(y!);
}

async function assess(p: Page, axe: boolean) {
  await signIn(p, b.base, DEMO.worker);
  await p.goto(`${b.base}/people`);
  await p.getByRole('link', { name: 'Evans, William' }).click();
  await p.getByRole('link', { name: 'Financial assessment and contribution' }).click();
  await expectNarrowAndAccessible(p, 'financial assessments', axe);
  await p.getByRole('button', { name: /Start a financial assessment|Carry on/ }).first().click();
  await expectNarrowAndAccessible(p, 'check (empty)', axe);
  await p.getByRole('link', { name: 'About the person' }).first().click();
  await p.locator('#assessed_on-day').fill('');
  await p.getByRole('button', { name: 'Save and continue' }).click();
  expect(await p.locator('.govuk-error-summary').count()).toBe(1);
  await expectNarrowAndAccessible(p, 'about the person with errors', axe);
  await date(p, 'assessed_on', '2026-06-01');
  await date(p, 'date_of_birth', '1947-12-12');
  await p.getByLabel('On their own, or with others who are not a partner or their children').check();
  await p.locator('input[name="pension_credit_age"][value="yes"]').check();
  await p.locator('input[name="night_care_arranged"][value="no"]').check();
  await p.getByRole('button', { name: 'Save and continue' }).click();
  await expectNarrowAndAccessible(p, 'how it is worked out', axe);
  await p.getByLabel('A full financial assessment').check();
  await p.getByRole('button', { name: 'Save and continue' }).click();
  await expectNarrowAndAccessible(p, 'income', axe);
  await p.locator('#state_pension_amount').fill('241.30');
  await p.locator('#aa_rate').selectOption('higher');
  await p.locator('#aa_amount').fill('114.60');
  await p.locator('#occupational_pension_amount').fill('300');
  await p.locator('#occupational_pension_frequency').selectOption('monthly');
  await p.getByRole('button', { name: 'Save and continue' }).click();
  await expectNarrowAndAccessible(p, 'capital', axe);
  await p.getByLabel('Capital in their name only').fill('16,000');
  await p.getByRole('button', { name: 'Save and continue' }).click();
  await expectNarrowAndAccessible(p, 'costs', axe);
  await p.locator('#council_tax_amount').fill('25');
  await p.getByLabel('Weekly cost of the care arranged').fill('180');
  await p.getByRole('button', { name: 'Save and continue' }).click();
  await expectNarrowAndAccessible(p, 'check', axe);
  // 24130 + 6923 + 7670 (AA less its night element) + tariff 700 − 2500 − 2000 − 24145 = £107.78.
  expect(await p.locator('.govuk-panel__title').innerText()).toBe('£107.78 a week');
  await p.getByRole('button', { name: 'Complete the financial assessment' }).click();
  expect(await p.locator('.govuk-notification-banner').innerText()).toContain('Financial assessment complete: £107.78 a week');
  await expectNarrowAndAccessible(p, 'explanation', axe);
  const text = await p.locator('main').innerText();
  expect(text).toContain('You pay £107.78 a week towards your care.');
  expect(text).toContain('For each £250.00 above that, or part of £250.00, we count £1.00 a week as income. You have 7 of these');
  await p.getByRole('link', { name: /^Evidence/ }).click();
  await expectNarrowAndAccessible(p, 'evidence', axe);
  await p.getByRole('button', { name: 'Add the evidence' }).click();
  await expectNarrowAndAccessible(p, 'evidence with errors', axe);
  await p.goto(`${b.base}/people`);
  await p.getByRole('link', { name: 'Evans, William' }).click();
  await p.getByRole('link', { name: 'Financial assessment and contribution' }).click();
  await p.getByRole('link', { name: 'Record a change of circumstances' }).click();
  await p.getByRole('button', { name: 'Record the change' }).click();
  await expectNarrowAndAccessible(p, 'change of circumstances with errors', axe);
  await p.getByLabel('Savings or capital changed').check();
  await p.getByLabel('What changed, and when').fill('Sold his car in November');
  await p.getByLabel('Their savings and capital now (optional)').fill('15,000');
  await p.getByRole('button', { name: 'Record the change' }).click();
  expect(await p.locator('.govuk-notification-banner').innerText()).toContain('Change recorded');
  await expectNarrowAndAccessible(p, 'financial assessments with a change', axe);
  await p.getByRole('link', { name: 'No new assessment needed' }).first().click();
  await expectNarrowAndAccessible(p, 'no new assessment needed', axe);
  await p.goto(`${b.base}/`);
  await p.getByRole('link', { name: 'Financial assessments to look at again' }).click();
  await expectNarrowAndAccessible(p, 'to look at again', axe);
  expect(await p.locator('main').innerText()).toContain('William Evans');
}

/** Helen reads how Peggy's contribution is worked out, in My Selfdirect. */
async function portal(p: Page, axe: boolean) {
  await portalSignIn(p, b, 'helen@anytown.example');
  await p.getByRole('link', { name: 'Peggy’s money' }).click();
  await p.getByRole('link', { name: 'How we work out what you pay' }).click();
  await expectNarrowAndAccessible(p, 'how we work out what you pay', axe);
  expect(await p.locator('main').innerText()).toContain('You pay £20.00 a week towards your care.');
}

describe.skipIf(!browserAvailable)(`charging in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('the rules and a financial assessment, axe clean at 320 px', async () => {
    const p = await b.page(true, 320);
    await rules(p, true);
    await p.context().close();
    const q = await b.page(true, 320);
    await assess(q, true);
    await q.context().close();
    const r = await b.page(true, 320);
    await portal(r, true);
    await r.context().close();
  });

  it('the same without JavaScript', async () => {
    const p = await b.page(false, 320);
    await rules(p, false);
    await p.context().close();
    const db = b.t.database.db;
    // A fresh start for William: the first journey completed his assessment.
    const william = await db.selectFrom('people').select('id').where('given_name', '=', 'William').executeTakeFirstOrThrow();
    await db.deleteFrom('charging_reminders').where('person_id', '=', william.id).execute();
    await db.deleteFrom('financial_assessments').where('person_id', '=', william.id).execute();
    const q = await b.page(false, 320);
    await assess(q, false);
    await q.context().close();
    const r = await b.page(false, 320);
    await portal(r, false);
    await r.context().close();
  });
});
