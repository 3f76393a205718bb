import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/features/outbox/delivery.js';
import { developmentTransport } from '../../src/features/outbox/transports.js';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, codeFor, expectNarrowAndAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 14's acceptance journey, in one go: Peggy's daughter is invited, signs in with a code read
 * from /dev/outbox, completes a self-assessment for Peggy, sees the indicative budget and its
 * reasons, drafts a plan with a directory provider and a personal assistant and sends it; the
 * worker picks it up and a manager agrees it; the daughter agrees it in the portal, then reads the
 * spending by plan line and explains a flagged payment with a receipt. Every page of hers is axe
 * clean at 320 px with no sideways scrolling; the same journey runs without JavaScript.
 */
const db = () => b.t.database.db;
const deliver = () => deliverDue(db(), developmentTransport(), { maxAttempts: 3, claimSeconds: 120 });

async function invitationLink(p: Page, email: string) {
  const outbox = await p.context().newPage();
  await outbox.goto(`${b.base}/dev/outbox`);
  const text = await outbox.locator('main').innerText();
  await outbox.close();
  const at = text.indexOf(`portal-invitation to ${email}`);
  expect(at, 'the invitation is in the outbox').toBeGreaterThanOrEqual(0);
  return /(https?:\/\/\S+\/my\/sign-in)/.exec(text.slice(at))![1]!;
}

describe.skipIf(!browserAvailable)(`My Selfdirect, the whole journey ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT * 4 }, () => {
  for (const javaScript of [true, false]) {
    it(`from invitation to explaining a payment — 320 px, ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      const axe = javaScript;
      const peggy = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
      const helenRep = await db().selectFrom('representatives').select('id').where('person_id', '=', peggy.id).where('name', '=', 'Helen Ashworth').executeTakeFirstOrThrow();
      // Start from no access for Helen: the worker invites her.
      await db().updateTable('portal_grants').set({ withdrawn_at: new Date(), withdrawn_reason: 'Journey test starts again' }).where('representative_id', '=', helenRep.id).where('withdrawn_at', 'is', null).execute();

      // 1. The worker invites Peggy's daughter.
      const worker = await b.page(javaScript, 320);
      await signIn(worker, b.base, DEMO.worker);
      await worker.goto(`${b.base}/people/${peggy.id}`);
      await worker.getByRole('link', { name: 'My Selfdirect: who can sign in for this person' }).click();
      await worker.getByLabel('Helen Ashworth (family member)').check();
      await worker.getByLabel('Their email address').fill('helen@anytown.example');
      for (const part of ['Assessment', 'Support plan', 'Money', 'Messages']) await worker.getByLabel(part, { exact: true }).check();
      await worker.getByRole('button', { name: 'Send the invitation' }).click();
      expect(await worker.locator('.govuk-notification-banner').innerText()).toContain('Invitation sent');
      await deliver();

      // 2. She follows the invitation and signs in with the code from /dev/outbox.
      const helen = await b.page(javaScript, 320);
      await helen.goto((await invitationLink(helen, 'helen@anytown.example')).replace(/^https?:\/\/[^/]+/, b.base));
      await expectNarrowAndAccessible(helen, 'sign in', axe);
      await helen.getByLabel('Your email address').fill('helen@anytown.example');
      await helen.getByRole('button', { name: 'Send me a code' }).click();
      await deliver();
      await helen.getByLabel('Code').fill(await codeFor(helen, b.base, 'helen@anytown.example'));
      await helen.getByRole('button', { name: 'Sign in' }).click();
      expect(await helen.locator('h1').innerText()).toBe('Hello, Helen Ashworth');
      await expectNarrowAndAccessible(helen, 'home', axe);

      // 3. Peggy's self-assessment, and the indicative budget with its reasons.
      await helen.getByRole('link', { name: 'Peggy’s self-assessment' }).click();
      await expectNarrowAndAccessible(helen, 'self-assessment start', axe);
      await helen.getByRole('button', { name: /Start now|Carry on/ }).click();
      for (let n = 1; /Question \d+ of \d+/.test((await helen.locator('.govuk-caption-l').innerText()) ?? ''); n++) {
        if (n === 1) await expectNarrowAndAccessible(helen, 'a question', axe);
        await helen.locator('input[name="answer"]').nth(1).check();
        await helen.getByRole('button', { name: 'Continue' }).click();
      }
      await expectNarrowAndAccessible(helen, 'check the answers', axe);
      await helen.getByLabel('Yes, the answers are right').check();
      await helen.getByRole('button', { name: 'Send to the worker' }).click();
      expect(await helen.locator('.govuk-panel__title').innerText()).toMatch(/^Peggy’s indicative personal budget is £[0-9,]+\.\d\d a week$/);
      expect(await helen.locator('main').innerText()).toContain('How it was worked out');
      await expectNarrowAndAccessible(helen, 'indicative budget', axe);

      // 4. The worker confirms the answers, so the budget is set.
      await worker.goto(`${b.base}/worklists/from-my-selfdirect`);
      await worker.getByRole('link', { name: 'Margaret Ashworth' }).first().click();
      await worker.getByLabel('The person took part in this assessment and agrees with these answers').check();
      await worker.getByRole('button', { name: 'Complete and work out the indicative budget' }).click();
      expect(await worker.locator('h1').innerText()).toBe('How the indicative personal budget was worked out');

      // 5. She drafts the plan: a directory provider and a personal assistant, and sends it.
      await helen.goto(`${b.base}/my`);
      await helen.getByRole('link', { name: 'Write or follow Peggy’s support plan' }).click();
      await expectNarrowAndAccessible(helen, 'start the plan', axe);
      await helen.getByRole('button', { name: /Start a new version|Start writing the plan/ }).click();
      await expectNarrowAndAccessible(helen, 'the plan task list', axe);
      await helen.getByRole('link', { name: 'What you want to achieve' }).click();
      await helen.getByLabel('In your own words').fill('I want to get out to the day centre each week');
      await helen.locator('input[name="needs"]').first().check();
      await helen.getByRole('button', { name: 'Add it' }).click();
      for (const line of [{ what: 'Day centre', who: 'Riverside Day Centre', management: 'The council arranges and pays' }, { what: 'Help in the evening', who: 'Jo Bloggs', management: 'Me, from a direct payment' }]) {
        await helen.getByRole('link', { name: 'Paid support' }).click();
        await expectNarrowAndAccessible(helen, `paid support: ${line.what}`, axe);
        await helen.getByLabel('What is the support?').fill(line.what);
        await helen.getByLabel('Who gives the support?').selectOption({ label: line.who });
        await helen.getByLabel('Hours a week').check();
        await helen.getByLabel('How many?').fill('2');
        await helen.getByLabel('What does one cost?').fill('15.00');
        for (const box of await helen.locator('input[name="needs"]').all()) await box.check();
        await helen.getByLabel(line.management).check();
        await helen.getByRole('button', { name: 'Add it' }).click();
      }
      await expectNarrowAndAccessible(helen, 'the plan with its support', axe);
      await helen.getByRole('button', { name: 'Send the plan to the worker' }).click();
      expect(await helen.locator('#where-it-is').innerText()).toContain('With the worker');

      // 6. The worker picks it up, completes the employer's details, and sends it for sign-off.
      const plan = await db().selectFrom('support_plans').select(['id', 'lines']).where('person_id', '=', peggy.id).where('status', '=', 'draft').executeTakeFirstOrThrow();
      await worker.goto(`${b.base}/worklists/from-my-selfdirect`);
      await worker.getByRole('link', { name: 'Margaret Ashworth' }).first().click();
      expect(await worker.locator('main').innerText()).toContain('wrote this plan in My Selfdirect');
      for (const line of plan.lines.filter((l) => l.providerKind === 'personal-assistant' && (!l.employerInsurance || !l.payrollArrangement))) {
        await worker.goto(`${b.base}/plans/${plan.id}/lines/${line.id}`);
        await worker.getByLabel('For a personal assistant: employer’s liability insurance').fill('Example Mutual, policy EL-1234');
        await worker.getByLabel('For a personal assistant: payroll arrangement').fill('Anytown Payroll Service');
        await worker.getByRole('button', { name: /Save/ }).first().click();
      }
      await worker.goto(`${b.base}/plans/${plan.id}`);
      await worker.getByRole('button', { name: 'Send for sign-off' }).click();
      expect(await worker.locator('.govuk-error-summary').count(), await worker.locator('main').innerText()).toBe(0);

      // 7. A manager agrees it; Helen is told it is ready, and agrees it.
      const manager = await b.page(javaScript, 320);
      await signIn(manager, b.base, DEMO.manager);
      await manager.goto(`${b.base}/plans/${plan.id}/sign-off`);
      await manager.getByLabel('Agree the plan and the personal budget').check();
      await manager.getByLabel('Your reasons').fill('Meets Peggy’s needs within her budget');
      await manager.getByRole('button', { name: 'Record the decision' }).click();
      expect((await db().selectFrom('support_plans').select('status').where('id', '=', plan.id).executeTakeFirstOrThrow()).status).toBe('agreed');
      expect(await db().selectFrom('outbox_messages').select('id').where('reference', '=', `plan-ready-${plan.id}-${(await db().selectFrom('portal_accounts').select('id').where('email', '=', 'helen@anytown.example').executeTakeFirstOrThrow()).id}`).execute()).toHaveLength(1);
      await helen.goto(`${b.base}/my`);
      expect(await helen.locator('main').innerText()).toContain('Please read it and tell us if you agree');
      await helen.getByRole('link', { name: 'Read Peggy’s support plan' }).click();
      await expectNarrowAndAccessible(helen, 'the agreed plan', axe);
      await helen.getByRole('link', { name: 'Agree or tell us what is wrong' }).click();
      await expectNarrowAndAccessible(helen, 'agree the plan', axe);
      await helen.getByLabel('Yes, I agree with the plan').check();
      await helen.getByRole('button', { name: 'Send my answer' }).click();
      expect(await helen.locator('main').innerText()).toContain('You have agreed this plan');
      await worker.goto(`${b.base}/plans/${plan.id}`);
      expect(await worker.locator('main').innerText()).toContain('The person agreed this plan in My Selfdirect: Helen Ashworth');

      // 8. Her money: spending by plan line, and a flagged payment explained with a receipt.
      const photo = path.join(tmpdir(), `journey-receipt-${process.pid}-${javaScript}.jpg`);
      await writeFile(photo, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200)]));
      await helen.goto(`${b.base}/my`);
      await helen.getByRole('link', { name: 'Peggy’s money' }).click();
      expect(await helen.locator('main').innerText()).toContain('Each part of the plan');
      await expectNarrowAndAccessible(helen, 'money by plan line', axe);
      await helen.getByRole('link', { name: /^(Tell us what this payment was for|Add more about this payment)/ }).first().click();
      await expectNarrowAndAccessible(helen, 'explain a payment', axe);
      await helen.getByLabel('What was the money for?').fill('Cash for Mum’s hairdresser, who only takes cash');
      await helen.getByLabel('Add a receipt (if you have one)').setInputFiles(photo);
      await helen.getByRole('button', { name: 'Send' }).click();
      expect(await helen.locator('main').innerText()).toContain('who only takes cash');
      await expectNarrowAndAccessible(helen, 'money after explaining', axe);
      for (const p of [helen, worker, manager]) await p.context().close();
    });
  }
});
