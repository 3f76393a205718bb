import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, portalSignIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 14, parts 3 and 8 in a browser: Helen does Peggy's self-assessment and sees the
 * indicative budget; anyone plans their support with no account — axe clean at 320 px with no
 * sideways scrolling, and the same journeys without JavaScript.
 */
async function answerAll(p: Page, label: string, axe: boolean) {
  for (let n = 1; ; n++) {
    const caption = (await p.locator('.govuk-caption-l').textContent()) ?? '';
    if (!/Question \d+ of \d+/.test(caption)) return;
    if (n === 1) {
      await p.getByRole('button', { name: 'Continue' }).click();
      expect(await p.locator('.govuk-error-summary').count()).toBe(1);
      await expectNarrowAndAccessible(p, `${label}: a question with its error`, axe);
    }
    await p.locator('input[name="answer"]').nth(1).check();
    if (n === 1) await expectNarrowAndAccessible(p, `${label}: a question`, axe);
    await p.getByRole('button', { name: 'Continue' }).click();
  }
}

describe.skipIf(!browserAvailable)(`the self-assessment for people ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  for (const javaScript of [true, false]) {
    it(`Helen does Peggy’s self-assessment and sees the indicative budget, at 320 px ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      const p = await b.page(javaScript, 320);
      await portalSignIn(p, b, 'helen@anytown.example');
      await p.getByRole('link', { name: 'Peggy’s self-assessment' }).click();
      await expectNarrowAndAccessible(p, 'self-assessment start', javaScript);
      await p.getByRole('button', { name: /Start now|Carry on/ }).click();
      await answerAll(p, 'self-assessment', javaScript);
      expect(await p.locator('h1').innerText()).toBe('Check the answers before you send them');
      await expectNarrowAndAccessible(p, 'check the answers', javaScript);
      await p.getByRole('button', { name: 'Send to the worker' }).click();
      await expectNarrowAndAccessible(p, 'check the answers with an error', javaScript);
      await p.getByLabel('Yes, the answers are right').check();
      await p.getByRole('button', { name: 'Send to the worker' }).click();
      expect(await p.locator('.govuk-panel__title').textContent()).toMatch(/^Peggy’s indicative personal budget is £/);
      await expectNarrowAndAccessible(p, 'indicative budget', javaScript);
      await p.getByRole('link', { name: 'Read this in easy read' }).click();
      await expectNarrowAndAccessible(p, 'easy read', javaScript);
      await p.context().close();
      // The worker confirms it, so the next run starts a new one.
      const sent = await b.t.database.db.selectFrom('assessments').select('id').where('submitted_at', 'is not', null).where('status', '=', 'in-progress').executeTakeFirstOrThrow();
      await b.t.database.db.updateTable('assessments').set({ status: 'completed', completed_at: new Date(), outcome: 'allocated', weekly_pence: 1, annual_pence: 52, points: 1, group_id: 'physical-sensory' }).where('id', '=', sent.id).execute();
    });

    it(`anyone plans their support and gets an estimate, at 320 px ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      const p = await b.page(javaScript, 320);
      await p.goto(`${b.base}/plan-your-support`);
      await expectNarrowAndAccessible(p, 'plan your support', javaScript);
      await p.getByLabel('Me, or someone I am helping to plan').check();
      await p.getByRole('button', { name: 'Start now' }).click();
      await answerAll(p, 'plan your support', javaScript);
      expect(await p.locator('h1').innerText()).toBe('What is the main reason for support?');
      await expectNarrowAndAccessible(p, 'main reason', javaScript);
      await p.getByLabel('Physical and sensory support').check();
      await p.getByRole('button', { name: 'Continue' }).click();
      await expectNarrowAndAccessible(p, 'check your answers', javaScript);
      // Back, and forward again, keeps the answers.
      await p.getByRole('button', { name: 'Back' }).click();
      expect(await p.getByLabel('Physical and sensory support').isChecked()).toBe(true);
      await p.getByRole('button', { name: 'Continue' }).click();
      await p.getByRole('button', { name: 'Change the answer about getting dressed and undressed' }).click();
      await p.locator('input[name="answer"]').nth(3).check();
      await p.getByRole('button', { name: 'Continue' }).click();
      expect(await p.locator('h1').innerText()).toBe('Check your answers');
      await p.getByRole('button', { name: 'See the estimate' }).click();
      expect(await p.locator('.govuk-panel__title').textContent()).toMatch(/^The estimate is £/);
      await expectNarrowAndAccessible(p, 'the estimate', javaScript);
      await p.getByRole('button', { name: 'Send it to me' }).click();
      await expectNarrowAndAccessible(p, 'the estimate with an error', javaScript);
      await p.getByRole('button', { name: 'Show a page to print' }).click();
      await expectNarrowAndAccessible(p, 'the estimate to print', javaScript);
      await p.context().close();
    });
  }
});
