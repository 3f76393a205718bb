import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 15's pages as their users would use them, at 320 px: the duty worker records a referral at
 * the front door for a new person and then what came of it; fixes the person's details for the
 * statutory return; the manager reads ASCOF 3D and the data-quality page. Axe on every page with
 * JavaScript; the same journey without it.
 */
async function frontDoor(p: Page, axe: boolean, surname: string) {
  await signIn(p, b.base, DEMO.worker);
  await p.getByRole('link', { name: 'Front door' }).first().click();
  await expectNarrowAndAccessible(p, 'front door worklist', axe);
  expect(await p.locator('main').innerText()).toContain('Chloe');
  await p.getByRole('button', { name: 'Record a contact or referral' }).click();
  await expectNarrowAndAccessible(p, 'new contact', axe);
  await p.getByRole('button', { name: 'Record the contact' }).click();
  expect(await p.locator('.govuk-error-summary').count()).toBe(1);
  await expectNarrowAndAccessible(p, 'new contact with errors', axe);
  await p.getByLabel('No, make a new record').check();
  await p.getByLabel('Service user').check();
  await p.getByLabel('First name').fill('Rita');
  await p.getByLabel('Last name').fill(surname);
  await p.getByLabel('Their GP').check();
  await p.getByLabel('Letter').check();
  await p.getByLabel('Route of access').selectOption('Community or other route');
  await p.getByLabel('What was asked for').fill('Rita has had two falls and lives alone.');
  await p.getByRole('button', { name: 'Record the contact' }).click();
  expect(await p.locator('.govuk-notification-banner').innerText()).toContain('Contact recorded, with a new record');
  await expectNarrowAndAccessible(p, 'contact', axe);
  await p.getByLabel('What happened').selectOption('Progress to assessment, review or reassessment');
  await p.getByRole('button', { name: 'Record the outcome' }).click();
  expect(await p.locator('.govuk-notification-banner').innerText()).toContain('Outcome recorded');
  await p.getByRole('link', { name: 'Go to the person’s record to start their assessment' }).click();
  await p.getByRole('link', { name: 'Change the details for the statutory return' }).click();
  await expectNarrowAndAccessible(p, 'statutory details', axe);
  await p.getByLabel('GP practice code (optional)').fill('Z1');
  await p.getByRole('button', { name: 'Save' }).click();
  await expectNarrowAndAccessible(p, 'statutory details with errors', axe);
  await p.getByLabel('GP practice code (optional)').fill('A81001');
  await p.getByLabel('Where the person lives').selectOption('Owner occupier or shared ownership scheme');
  await p.getByRole('button', { name: 'Save' }).click();
  expect(await p.locator('main').innerText()).toContain('A81001');
}

async function reports(p: Page, axe: boolean) {
  await signIn(p, b.base, DEMO.manager);
  await p.getByRole('link', { name: 'Statutory returns' }).first().click();
  await expectNarrowAndAccessible(p, 'statutory returns', axe);
  expect(await p.locator('table').first().innerText()).toContain('3D-1a');
  await p.getByLabel('Period').selectOption({ index: 1 });
  await p.getByRole('button', { name: 'Show' }).click();
  await expectNarrowAndAccessible(p, 'statutory returns for another period', axe);
  await p.getByRole('link', { name: 'Data quality before submission' }).click();
  await expectNarrowAndAccessible(p, 'data quality', axe);
  expect(await p.locator('main').innerText()).toContain('Ethnicity is required');
}

describe.skipIf(!browserAvailable)(`statutory returns in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('the front door, the person’s details and the returns, axe clean at 320 px', async () => {
    const p = await b.page(true, 320);
    await frontDoor(p, true, 'Fallon');
    await p.context().close();
    const q = await b.page(true, 320);
    await reports(q, true);
    await q.context().close();
  });

  it('arrangements brought in from the previous system, read as a migrated plan, axe clean at 320 px', async () => {
    const db = b.t.database.db;
    const grace = await db.selectFrom('people').select('id').where('given_name', '=', 'Grace').executeTakeFirstOrThrow();
    const line = { id: 'ANY-S-0005', description: 'Home support or domiciliary care, as arranged before Selfdirect', directoryEntryId: null, providerName: 'Anytown Home Care Ltd', providerKind: 'organisation', frequency: 'hours-a-week', quantityHundredths: 600, unitCostPence: 2200, needs: [], outcomes: [], management: 'council-managed', fundingStream: 'social-care', paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null };
    const statement = { weekly: { costPence: 13200, contributionPence: 0, councilPence: 13200 }, annual: { costPence: 686400, contributionPence: 0, councilPence: 686400 }, oneOffPence: 0, contributionLimitedToCost: false, directPayment: null };
    await db.insertInto('support_plans').values({ person_id: grace.id, assessment_id: null, plan_number: 1, status: 'agreed', lines: JSON.stringify([line]), sign_off_level: 'worker', agreed_on: '2026-11-02', agreed_at: new Date(), statement: JSON.stringify(statement), support_starts_on: '2025-06-01', created_by: null, migrated: true, updated_at: new Date() }).execute();
    for (const javaScript of [true, false]) {
      const p = await b.page(javaScript, 320);
      await signIn(p, b.base, DEMO.worker);
      await p.goto(`${b.base}/people/${grace.id}`);
      await p.getByRole('link', { name: 'Version 1 (brought in)' }).click();
      expect(await p.locator('h1').innerText()).toBe('Support plan version 1: brought in from the previous system');
      expect(await p.locator('main').innerText()).toContain('£132.00 a week');
      await expectNarrowAndAccessible(p, 'migrated plan', javaScript);
      await p.context().close();
    }
  });

  it('the same without JavaScript', async () => {
    const p = await b.page(false, 320);
    await frontDoor(p, false, 'Nojs');
    await p.context().close();
    const q = await b.page(false, 320);
    await reports(q, false);
    await q.context().close();
  });
});
