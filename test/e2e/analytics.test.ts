import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

const HISTORY = ['person_id,group,points,weekly_cost_pence', ...Array.from({ length: 30 }, (_, i) => `P${i},physical-sensory,${10 + i},${4000 + (10 + i) * 1500 + (i % 5) * 100}`), ...Array.from({ length: 20 }, (_, i) => `Q${i},learning-disability,${20 + i},${(20 + i) * 1900 - (i % 3) * 150}`)].join('\n');
// Twenty people a group: a group of fewer than 5 shows no figures (the small-number rule), and fewer than 20 are too few to conclude from.
const FIVE = Array.from({ length: 20 }, (_, i) => i + 1);
const ALLOCATIONS = `person_id,group,points,weekly_pence,annual_pence,outcome\n${FIVE.map((n) => `A${n},learning-disability,20,37505,1950260,allocated\nB${n},physical-sensory,20,29000,1508000,allocated\n`).join('')}`;
const SPEND = `person_id,annual_spend_pence\n${FIVE.map((n) => `A${n},2457328\nB${n},1000000\n`).join('')}`;
const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function analystJourney(p: Page, axe: boolean) {
  const check = async (label: string) => {
    if (axe) await expectAccessible(p, label);
  };
  await signIn(p, b.base, DEMO.analyst);
  await p.getByRole('link', { name: 'Analysis' }).first().click();
  await check('analysis');

  await p.getByRole('link', { name: 'Calibrate the RAS' }).click();
  await check('calibrate');
  await p.getByRole('button', { name: 'Calibrate' }).click();
  expect(await p.locator('.govuk-error-summary').textContent()).toContain('Choose where the figures come from');
  await check('calibrate with errors');
  await p.getByLabel('Upload a history file').check();
  await p.getByLabel('History file (if uploading)').setInputFiles(csv('history.csv', HISTORY));
  await p.getByRole('button', { name: 'Calibrate' }).click();
  expect(await p.locator('h1').textContent()).toBe('Calibration from history.csv');
  expect(await p.locator('svg[role="img"] title').textContent()).toContain('fitted line');
  expect(await p.locator('table').textContent()).toContain('learning-disability');
  expect(await p.locator('.app-chart-key li').count()).toBe(2);
  await check('calibration result');
  await p.getByLabel('Start from').selectOption({ label: 'Anytown supported self-assessment (anytown-adults, version 2026.1, published)' });
  await p.getByLabel('New version').fill(axe ? '2028.1' : '2028.2');
  await p.getByRole('button', { name: 'Save as a draft' }).click();
  expect(await p.locator('.govuk-error-summary').textContent()).toContain('Enter the date the new version takes effect');
  await check('save a draft with errors');
  await p.getByLabel('Day').fill('1');
  await p.getByLabel('Month').fill('4');
  await p.getByLabel('Year').fill('2028');
  await p.getByRole('button', { name: 'Save as a draft' }).click();
  expect(await p.locator('.govuk-notification-banner').first().textContent()).toContain('Draft saved');

  await p.goto(`${b.base}/analytics/simulate`);
  await check('simulate');
  await p.getByLabel('Scheme to test').selectOption({ label: `Anytown supported self-assessment (anytown-adults, version ${axe ? '2028.1' : '2028.2'}, draft)` });
  await p.getByLabel('Compare with (optional)').selectOption({ label: 'Anytown supported self-assessment (anytown-adults, version 2026.1, published)' });
  await p.getByLabel('Use the latest completed assessments in Selfdirect').check();
  await p.getByLabel('Budget available for a year (optional)').fill('500,000');
  await p.getByRole('button', { name: 'Work out the cost' }).click();
  expect(await p.locator('table').textContent()).toContain('All groups');
  await check('simulation result');

  await p.goto(`${b.base}/analytics/equity`);
  await check('equity');
  await p.getByLabel('Upload an allocations file').check();
  await p.getByLabel('Allocations file (if uploading)').setInputFiles(csv('allocations.csv', ALLOCATIONS));
  await p.getByLabel('Upload a spend file').check();
  await p.getByLabel('Spend file (if uploading)').setInputFiles(csv('spend.csv', SPEND));
  await p.getByRole('button', { name: 'Review equity' }).click();
  expect(await p.locator('table').textContent()).toContain('the RAS gives this group too little');
  await check('equity result');
  const download = p.waitForEvent('download');
  await p.getByRole('link', { name: 'Excel (XLSX)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^equity-\d{4}-\d{2}-\d{2}\.xlsx$/);
}

describe.skipIf(!browserAvailable)(`analysts’ pages in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('calibrate, save a draft, test it against the budget, review equity: axe clean on every page', async () => {
    const p = await b.page(true);
    await analystJourney(p, true);
    await p.context().close();
  });

  it('the same with JavaScript off', async () => {
    const p = await b.page(false);
    await analystJourney(p, false);
    await p.context().close();
  });
});
