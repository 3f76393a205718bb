import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 18's open API as an administrator and a developer meet it, at 320 px, with and without
 * JavaScript: register a system (the form, its errors, the token shown once), see it listed, use
 * the token, revoke it; and the reference for developers. Axe on every page with JavaScript.
 */
async function journey(p: Page, axe: boolean, name: string) {
  await signIn(p, b.base, DEMO.admin);
  await p.getByRole('link', { name: 'Systems using the API' }).first().click();
  await expectNarrowAndAccessible(p, 'systems using the API', axe);
  await p.getByRole('button', { name: 'Register a system' }).click();
  await expectNarrowAndAccessible(p, 'register a system', axe);
  await p.getByRole('button', { name: 'Register and make a token' }).click();
  expect(await p.locator('.govuk-error-summary').innerText()).toContain('Enter the system’s name');
  await expectNarrowAndAccessible(p, 'register a system with errors', axe);
  await p.getByLabel('The system’s name').fill(name);
  await p.getByLabel('People: their record, found by NHS number; as FHIR Patient').check();
  await p.getByLabel('Every team’s people (for the statutory reports, or a county-wide system)').check();
  await p.getByRole('button', { name: 'Register and make a token' }).click();
  await expectNarrowAndAccessible(p, 'registered, with its token', axe);
  const token = (await p.locator('code.app-key').innerText()).trim();
  const people = await fetch(`${b.base}/api/v1/people/search`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ nhsNumber: '943 476 5919' }) });
  expect(people.status).toBe(200);
  await p.getByRole('link', { name: 'Back to the systems using the API' }).click();
  expect(await p.locator('.govuk-summary-card__title', { hasText: name }).count()).toBe(1);
  await expectNarrowAndAccessible(p, 'systems using the API, one registered', axe);
  await p.getByRole('button', { name: `Revoke the token ${name}’s token` }).click();
  expect(await p.locator('.govuk-notification-banner').innerText()).toContain('can no longer use the API');
  const refused = await fetch(`${b.base}/api/v1/people/search`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ nhsNumber: '943 476 5919' }) });
  expect(refused.status).toBe(401);
  await p.goto(`${b.base}/api/docs`);
  await expectNarrowAndAccessible(p, 'API reference', axe);
  await p.getByText('The answer, application/fhir+json (JSON Schema)').first().click();
  await expectNarrowAndAccessible(p, 'API reference, a schema open', axe);
}

describe.skipIf(!browserAvailable)(`systems using the API, in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('register, use and revoke a system’s token; the reference; axe clean at 320 px', async () => {
    const p = await b.page(true, 320);
    await journey(p, true, 'Finance ledger');
    await p.context().close();
  });

  it('the same without JavaScript', async () => {
    const p = await b.page(false, 320);
    await journey(p, false, 'Shared care record');
    await p.context().close();
  });
});
