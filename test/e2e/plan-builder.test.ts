import { describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, portalSignIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 14, part 4 in a browser: Helen writes a new version of Peggy's plan — what matters, an
 * outcome, unpaid help, a directory provider and a personal assistant — and sends it; axe clean
 * at 320 px with no sideways scrolling, and the same journey without JavaScript.
 */
describe.skipIf(!browserAvailable)(`writing the plan in My Selfdirect ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  for (const javaScript of [true, false]) {
    it(`Helen writes Peggy’s plan and sends it — 320 px, ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      // The run before sent its draft: give it back to be written again.
      await b.t.database.db.updateTable('support_plans').set({ sent_by_person_at: null, sent_by_person_as: null }).where('status', '=', 'draft').execute();
      const p = await b.page(javaScript, 320);
      await portalSignIn(p, b, 'helen@anytown.example');
      await p.getByRole('link', { name: 'Write or follow Peggy’s support plan' }).click();
      await expectNarrowAndAccessible(p, 'start the plan', javaScript);
      const startButton = p.getByRole('button', { name: /Start a new version|Start writing the plan/ });
      if (await startButton.count()) await startButton.click();
      await expectNarrowAndAccessible(p, 'the plan task list', javaScript);
      await p.getByRole('link', { name: 'What is important to you' }).click();
      await p.getByLabel('What is important to you?').fill('My garden, and my cat Biscuit.');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.getByRole('link', { name: 'What you want to achieve' }).click();
      await p.getByRole('button', { name: 'Add it' }).click();
      await expectNarrowAndAccessible(p, 'an outcome with errors', javaScript);
      await p.getByLabel('In your own words').fill('I want to go to my lunch club every week');
      await p.locator('input[name="needs"]').first().check();
      await p.getByRole('button', { name: 'Add it' }).click();
      await p.getByRole('link', { name: 'Help from family, friends and groups' }).click();
      await p.getByLabel('Who helps?').fill('Helen, my daughter');
      await p.getByLabel('What do they do, and when?').fill('Shopping on Saturdays');
      await p.locator('input[name="needs"]').first().check();
      await p.getByRole('button', { name: 'Add it' }).click();
      for (const line of [{ from: 'directory', what: 'Lunch club' }, { from: 'other', what: 'Evening visit' }]) {
        await p.getByRole('link', { name: 'Paid support' }).click();
        if (line.from === 'directory') {
          await p.getByRole('button', { name: 'Add it' }).click();
          await expectNarrowAndAccessible(p, 'paid support with errors', javaScript);
        }
        await p.getByLabel('What is the support?').fill(line.what);
        if (line.from === 'directory') await p.getByLabel('Who gives the support?').selectOption({ index: 1 });
        else {
          await p.getByLabel('Who gives the support?').selectOption('other');
          await p.getByLabel('If they are not on the list: their name').fill('Sam Patel');
          await p.getByLabel('A personal assistant I employ').check();
        }
        await p.getByLabel('Hours a week').check();
        await p.getByLabel('How many?').fill('2');
        await p.getByLabel('What does one cost?').fill('16.00');
        await p.locator('input[name="needs"]').first().check();
        await p.getByLabel('Me, from a direct payment').check();
        await p.getByRole('button', { name: 'Add it' }).click();
      }
      expect(await p.locator('main').innerText()).toContain('Sam Patel');
      await expectNarrowAndAccessible(p, 'the plan with its lines', javaScript);
      await p.getByRole('button', { name: 'Send the plan to the worker' }).click();
      expect(await p.locator('#where-it-is').innerText()).toContain('With the worker');
      await expectNarrowAndAccessible(p, 'the plan sent', javaScript);
      await p.context().close();
    });
  }
});
