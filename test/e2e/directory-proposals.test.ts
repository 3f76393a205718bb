import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/** A worker proposes a personal assistant for the directory; a manager approves from their home page (issue 17). At 320 px, with and without JavaScript. */
describe.skipIf(!browserAvailable)(`proposing a personal assistant ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  for (const javaScript of [true, false]) {
    it(`a worker proposes, a manager approves (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
      const name = `Pat Proposed ${javaScript ? 'Js' : 'Plain'}`;
      const worker = await b.page(javaScript, 320);
      await signIn(worker, b.base, DEMO.worker);
      await worker.goto(`${b.base}/directory`);
      await worker.getByRole('link', { name: 'Propose a personal assistant' }).click();
      await expectNarrowAndAccessible(worker, 'proposals (worker)', javaScript);
      await worker.getByRole('link', { name: 'Propose a personal assistant' }).click();
      await worker.getByRole('button', { name: 'Send to a manager' }).click();
      expect((await worker.locator('.govuk-error-summary__list li').allTextContents()).map((s) => s.trim())).toEqual(['Enter their name', 'Say why you are proposing them and what you know of their checks']);
      await expectNarrowAndAccessible(worker, 'propose with errors', javaScript);
      await worker.getByLabel('Their name').fill(name);
      await worker.getByLabel('Riverside').check();
      await worker.getByLabel('Hourly rate (optional)').fill('13.50');
      await worker.getByLabel('Why are you proposing them?').fill('Has supported the family for a year and says she has an enhanced DBS check.');
      await worker.getByRole('button', { name: 'Send to a manager' }).click();
      expect(await worker.locator('.govuk-notification-banner').textContent()).toContain(`${name} proposed for the directory`);
      await expectNarrowAndAccessible(worker, 'proposal (worker)', javaScript);

      const manager = await b.page(javaScript, 320);
      await signIn(manager, b.base, DEMO.manager);
      await manager.getByRole('link', { name: `Decide on ${name}` }).click();
      await expectNarrowAndAccessible(manager, 'proposal (manager)', javaScript);
      await manager.getByLabel('Add them to the directory').check();
      await manager.getByRole('button', { name: 'Save decision' }).click();
      expect(await manager.locator('.govuk-notification-banner').textContent()).toContain(`${name} added to the directory`);
      expect(await manager.locator('h1').textContent()).toBe(name);
      await expectNarrowAndAccessible(manager, 'new entry', javaScript);

      await worker.reload();
      expect(await worker.locator('main').textContent()).toContain('Added to the directory as DIR-');
      await worker.context().close();
      await manager.context().close();
    });
  }
});
