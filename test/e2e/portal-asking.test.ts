import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, portalSignIn, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 14, parts 5 and 7 in a browser: Helen writes to the worker, asks for a review, reports a
 * change and agrees Peggy's plan; the worker reads and replies — axe clean at 320 px with no
 * sideways scrolling, and the same journey without JavaScript.
 */
describe.skipIf(!browserAvailable)(`asking, telling and agreeing in My Selfdirect ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  for (const javaScript of [true, false]) {
    it(`Helen writes, asks for a review, tells of a change and answers the plan; the worker replies — 320 px, ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      const p = await b.page(javaScript, 320);
      await portalSignIn(p, b, 'helen@anytown.example');
      await p.getByRole('link', { name: 'Messages about Peggy' }).click();
      await expectNarrowAndAccessible(p, 'messages', javaScript);
      await p.getByRole('button', { name: 'Send the message' }).click();
      await expectNarrowAndAccessible(p, 'message with an error', javaScript);
      await p.getByLabel('Write a message').fill('Can we talk about the evening visits?');
      await p.getByRole('button', { name: 'Send the message' }).click();
      expect(await p.locator('main').innerText()).toContain('Can we talk about the evening visits?');
      await p.getByRole('link', { name: 'Ask for a review' }).click();
      await p.getByRole('button', { name: 'Ask for a review' }).click();
      await expectNarrowAndAccessible(p, 'ask for a review with an error', javaScript);
      await p.getByLabel('Why would you like a review?').fill('She needs more help at night.');
      await p.getByRole('button', { name: 'Ask for a review' }).click();
      await p.getByRole('link', { name: 'Tell us about a change' }).click();
      await p.getByRole('button', { name: 'Send' }).click();
      await expectNarrowAndAccessible(p, 'tell us about a change with errors', javaScript);
      await p.getByLabel('My health or what I can do').check();
      await p.getByLabel('Tell us what has changed').fill('She had a fall.');
      await p.getByRole('button', { name: 'Send' }).click();
      await expectNarrowAndAccessible(p, 'thread with messages', javaScript);
      await p.getByRole('link', { name: 'Back to My Selfdirect' }).click();
      await p.getByRole('link', { name: 'Read Peggy’s support plan' }).click();
      await expectNarrowAndAccessible(p, 'the plan with its agreement banner', javaScript);
      await p.getByRole('link', { name: /Agree or tell us what is wrong|Change your answer/ }).click();
      await p.getByRole('button', { name: 'Send my answer' }).click();
      await expectNarrowAndAccessible(p, 'agree with an error', javaScript);
      await p.getByLabel('Yes, I agree with the plan').check();
      await p.getByRole('button', { name: 'Send my answer' }).click();
      expect(await p.locator('main').innerText()).toContain('You have agreed this plan');
      await p.context().close();

      const w = await b.page(javaScript, 320);
      await signIn(w, b.base, DEMO.worker);
      await w.goto(`${b.base}/worklists/from-my-selfdirect`);
      await expectNarrowAndAccessible(w, 'worklist from My Selfdirect', javaScript);
      await w.getByRole('link', { name: 'Margaret Ashworth' }).first().click();
      await expectNarrowAndAccessible(w, 'staff thread', javaScript);
      await w.getByRole('button', { name: 'Send the reply' }).click();
      await expectNarrowAndAccessible(w, 'staff reply with an error', javaScript);
      await w.getByLabel('Reply').fill('I will ring you on Monday.');
      await w.getByRole('button', { name: 'Send the reply' }).click();
      expect(await w.locator('main').innerText()).toContain('I will ring you on Monday.');
      await w.context().close();
    });
  }
});
