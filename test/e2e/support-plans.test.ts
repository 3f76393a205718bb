import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { completedFinancialAssessment } from '../helpers/charging.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * From a new person to an agreed plan with a direct-payment line and a council-managed line, then
 * its first review. With JavaScript on, axe checks every page; the same journey runs with it off.
 */
/** A directory entry by its name (the option also says its kind, rate and checks). */
async function chooseFromDirectory(p: Page, name: string) {
  const value = await p.locator('#provider option', { hasText: `${name} (` }).getAttribute('value');
  await p.getByLabel('From the directory').selectOption(value!);
}

async function journey(p: Page, family: string, axe: boolean) {
  const check = async (label: string) => {
    if (axe) await expectAccessible(p, label);
  };
  await signIn(p, b.base, DEMO.worker);
  await p.getByRole('link', { name: 'People' }).first().click();
  await p.getByRole('link', { name: 'Add a person' }).click();
  await p.getByLabel('Needs care and support').check();
  await p.getByLabel('First name').fill('Rosa');
  await p.getByLabel('Last name').fill(family);
  await p.getByLabel('Primary support reason (optional)').selectOption('Physical support: Personal care support');
  await p.getByRole('button', { name: 'Save' }).click();
  expect(await p.locator('h1').textContent()).toContain(`Rosa ${family}`);
  await check('new person');

  await p.getByRole('button', { name: 'Start a self-assessment' }).click();
  await p.waitForURL(/\/domains\//);
  for (let i = 0; i < 12 && p.url().includes('/domains/'); i++) {
    await check(`assessment page ${i + 1}`);
    const groups = await p.locator('.govuk-radios').count();
    for (let g = 0; g < groups; g++) await p.locator('.govuk-radios').nth(g).locator('input[type="radio"]').nth(1).check();
    await p.getByRole('button', { name: 'Save and continue' }).click();
  }
  await check('check the answers');
  await p.getByLabel('The person took part in this assessment and agrees with these answers').check();
  await p.getByRole('button', { name: 'Complete and work out the indicative budget' }).click();
  await check('the indicative budget explained');
  await p.getByRole('link', { name: 'Back to the person’s record' }).click();
  await check('person with an indicative budget');
  expect(await p.locator('#journey-step').textContent()).toContain('Step 2 of 7: Indicative budget');

  await p.getByRole('button', { name: 'Start a support plan' }).click();
  expect(await p.locator('h1').textContent()).toContain(`Support plan for Rosa ${family}`);
  await check('new support plan');
  await p.getByRole('button', { name: 'Send for sign-off' }).click();
  expect(await p.locator('.govuk-error-summary').textContent()).toContain('Add at least one outcome the person wants to achieve');
  await check('plan with check errors');

  await p.getByRole('link', { name: 'About the person' }).click();
  await check('about the person');
  await p.getByLabel('What is important to them').fill('My cat, my church on Sundays, and my independence.');
  await p.getByLabel('If something goes wrong (contingency)').fill('My neighbour Ann has a key.');
  await p.getByRole('button', { name: 'Save' }).click();
  await check('plan after about the person');

  await p.getByRole('link', { name: 'Outcomes they want to achieve' }).click();
  await check('add an outcome');
  await p.getByRole('button', { name: 'Save' }).click();
  await check('outcome with errors');
  await p.getByLabel('What does the person want to achieve?').fill('I want to get to church on Sundays');
  await p.locator('input[name="needs"]').first().check();
  await p.getByRole('button', { name: 'Save' }).click();

  await p.getByRole('link', { name: 'Support from family, friends and community' }).click();
  await check('unpaid support');
  await p.getByLabel('Who gives this support?').fill('Ann (neighbour)');
  await p.getByLabel('What do they do, and when?').fill('Checks on me every evening');
  await p.locator('input[name="needs"]').last().check();
  await p.getByRole('button', { name: 'Save' }).click();

  // A personal assistant paid by direct payment, meeting every assessed need.
  await p.getByRole('link', { name: 'Add costed support' }).click();
  await check('add costed support');
  await p.getByLabel('What is the support?').fill('Help to get up and dressed');
  await chooseFromDirectory(p, 'Jo Bloggs');
  // With JavaScript (axe runs only then), choosing her fills in her directory rate; without it, the worker types it.
  if (axe) expect(await p.getByLabel('Cost of one hour, visit or item').inputValue()).toBe('14.50');
  await p.getByRole('radio', { name: 'Hours a week' }).check();
  await p.getByLabel('How many hours or visits a week, or items for a one-off').fill('2');
  await p.getByLabel('Cost of one hour, visit or item').fill('14.50');
  for (const box of await p.locator('input[name="needs"]').all()) await box.check();
  await p.getByLabel('Direct payment to the person').check();
  await p.getByLabel('No', { exact: true }).check();
  await p.getByRole('button', { name: 'Save' }).click();
  expect(await p.locator('#check-legal').textContent()).toContain('Record the employer’s liability insurance for employing Jo Bloggs');
  await check('plan with a legal problem');
  await p.locator('#check-legal').getByRole('link', { name: /employer’s liability insurance/ }).click();
  await check('change costed support');
  await p.getByLabel('For a personal assistant: employer’s liability insurance').fill('Example Mutual EL-2001');
  await p.getByLabel('For a personal assistant: payroll arrangement').fill('Anytown Payroll Service');
  await p.getByRole('button', { name: 'Save' }).click();

  // Council-managed home care.
  await check('plan with a direct-payment line');
  await p.getByRole('link', { name: 'Add costed support' }).click();
  await p.getByLabel('What is the support?').fill('Sunday morning visit');
  await chooseFromDirectory(p, 'Anytown Home Care Ltd');
  await p.getByRole('radio', { name: 'Visits a week' }).check();
  await p.getByLabel('How many hours or visits a week, or items for a one-off').fill('1');
  await p.getByLabel('Cost of one hour, visit or item').fill('24.50');
  await p.locator('input[name="needs"]').first().check();
  await p.getByLabel('Council-managed personal budget').check();
  await p.getByLabel('No', { exact: true }).check();
  await p.getByRole('button', { name: 'Save' }).click();

  // Her financial assessment, done meanwhile by the finance team, says £5.00 a week.
  const rosa = await b.t.database.db.selectFrom('people').select('id').where('given_name', '=', 'Rosa').where('family_name', '=', family).executeTakeFirstOrThrow();
  const worker = await b.t.database.db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
  await completedFinancialAssessment(b.t.database.db, rosa.id, worker.id, 500);
  await p.getByRole('link', { name: 'Contribution, payments and reasons' }).click();
  await check('contribution and payments');
  expect(await p.locator('main').textContent()).toContain('£5.00 a week, from the financial assessment of 2 June 2025');
  await p.getByLabel('Every 4 weeks, in advance').check();
  await p.getByRole('button', { name: 'Save' }).click();
  for (const id of ['effective', 'legal', 'affordable']) expect(await p.locator(`#check-${id} .govuk-tag`).textContent()).toContain('Met');
  await check('plan ready for sign-off');

  await p.getByRole('button', { name: 'Send for sign-off' }).click();
  await check('sign-off');
  await p.getByRole('button', { name: 'Record the decision' }).click();
  await check('sign-off with errors');
  await p.getByLabel('Agree the plan and the personal budget').check();
  await p.getByLabel('Your reasons').fill('Meets Rosa’s assessed needs within her budget.');
  await p.getByRole('button', { name: 'Record the decision' }).click();
  expect(await p.locator('.govuk-notification-banner').first().textContent()).toContain('Plan agreed');
  const statement = await p.locator('main').textContent();
  expect(statement).toContain('£53.50 a week'); // 2 × £14.50 + £24.50
  expect(statement).toContain('£48.50 a week');
  expect(statement).toContain('£96.00 every 4 weeks, in advance'); // (£29.00 − £5.00) × 4
  await check('agreed plan');

  await p.getByRole('link', { name: 'The person’s copy (printable)' }).click();
  expect(await p.locator('h1').textContent()).toBe('My care and support plan');
  await check('person’s copy');
  await p.getByRole('link', { name: 'Back to the plan' }).click();
  await p.getByRole('link', { name: 'Record when support starts' }).click();
  await check('support start');
  const today = new Date();
  await p.getByLabel('Day').fill(String(today.getUTCDate()));
  await p.getByLabel('Month').fill(String(today.getUTCMonth() + 1));
  await p.getByLabel('Year').fill(String(today.getUTCFullYear()));
  await p.getByRole('button', { name: 'Save' }).click();
  await p.getByRole('link', { name: 'Back to the person’s record' }).click();
  expect(await p.locator('#journey-step').textContent()).toContain('Step 6 of 7: Living with support');
  await check('person with an agreed plan');

  // The first review (the light-touch review) is recorded early: no change.
  await p.getByRole('link', { name: 'Light-touch review after sign-off' }).click();
  await check('review');
  await p.getByRole('button', { name: 'Record the review' }).click();
  await check('review with errors');
  await p.getByLabel('What is working').fill('Jo is reliable and I get to church.');
  await p.getByLabel('Outcomes achieved', { exact: true }).fill('Getting to church every Sunday.');
  await p.getByLabel('Partially achieved').check();
  await p.getByLabel('No change: the plan carries on as it is').check();
  await p.getByRole('button', { name: 'Record the review' }).click();
  expect(await p.locator('.govuk-notification-banner').first().textContent()).toContain('Review recorded');
  await check('person after the review');
  expect(await p.locator('main').textContent()).toMatch(/Done on \d+ \w+ \d{4}/);
}

describe.skipIf(!browserAvailable)(`support planning in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('a new person to an agreed plan and its first review, axe clean on every page', async () => {
    const p = await b.page(true);
    await journey(p, 'Lopez', true);
    await p.getByRole('link', { name: 'Worklists' }).first().click();
    await expectAccessible(p, 'worklists');
    await p.getByRole('link', { name: /at review/ }).click();
    await expectAccessible(p, 'review worklist');
    await p.getByRole('link', { name: 'Sign-off' }).first().click();
    await expectAccessible(p, 'sign-off queue');
    await p.goto(`${b.base}/people`);
    await p.getByRole('link', { name: 'Banerjee, Priya' }).click();
    expect(await p.locator('#safeguarding-banner').textContent()).toContain('Referred to the safeguarding adults team');
    await expectAccessible(p, 'person with a safeguarding banner');
    await p.getByRole('link', { name: 'Record a safeguarding concern' }).click();
    await expectAccessible(p, 'safeguarding concern');
    await p.goto(`${b.base}/people`);
    await p.getByRole('link', { name: 'Ashworth, Margaret' }).click();
    await p.getByRole('link', { name: 'Version 1' }).click();
    await p.getByRole('button', { name: 'Start a new version of the plan' }).click();
    await expectAccessible(p, 'new version');
    await p.getByRole('link', { name: 'What changed from the version before' }).click();
    await expectAccessible(p, 'what changed');
    await p.context().close();
  });

  it('the same journey with JavaScript off', async () => {
    const p = await b.page(false);
    await journey(p, 'Moreno', false);
    await p.context().close();
  });
});
