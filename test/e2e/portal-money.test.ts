import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, portalSignIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 14, part 6 in a browser: Helen reads Peggy's spending by plan line and explains the
 * flagged cash withdrawal with a photo of the receipt — axe clean at 320 px with no sideways
 * scrolling, and the same journey without JavaScript.
 */
describe.skipIf(!browserAvailable)(`their money in My Selfdirect ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  for (const javaScript of [true, false]) {
    it(`Helen reads the spending by plan line and explains a flagged payment with a receipt — 320 px, ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      const photo = path.join(tmpdir(), `receipt-${process.pid}-${javaScript}.png`);
      await writeFile(photo, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]));
      const p = await b.page(javaScript, 320);
      await portalSignIn(p, b, 'helen@anytown.example');
      await p.getByRole('link', { name: 'Peggy’s money' }).click();
      expect(await p.locator('main').innerText()).toContain('Each part of the plan');
      await expectNarrowAndAccessible(p, 'money by plan line', javaScript);
      await p.getByRole('link', { name: /^(Tell us what this payment was for|Add more about this payment)/ }).first().click();
      await expectNarrowAndAccessible(p, 'explain a payment', javaScript);
      await p.getByRole('button', { name: 'Send' }).click();
      await expectNarrowAndAccessible(p, 'explain a payment with an error', javaScript);
      await p.getByLabel('What was the money for?').fill('Cash for the hairdresser');
      await p.getByLabel('Add a receipt (if you have one)').setInputFiles(photo);
      await p.getByRole('button', { name: 'Send' }).click();
      expect(await p.locator('main').innerText()).toContain('Cash for the hairdresser');
      await expectNarrowAndAccessible(p, 'money after explaining', javaScript);
      await p.context().close();
    });
  }
});
