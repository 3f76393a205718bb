import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectNarrowAndAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();

/**
 * Issue 17's journey, at 320 px, once with JavaScript (axe on every page) and once without: a
 * manager allocates a new person to a worker, who sees them on My cases, records a visit with a
 * document and transfers them to another team; a duty worker opens a record outside their teams
 * with a reason, which the owning team's manager then reads on the access report.
 */
describe.skipIf(!browserAvailable)(`casework in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  for (const javaScript of [true, false]) {
    it(`allocate, My cases, a visit with a document, a transfer, and duty access with a reason (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
      const db = b.t.database.db;
      const north = await db.selectFrom('teams').select('id').where('name', '=', 'North Locality Team').executeTakeFirstOrThrow();
      const make = factories(db);
      const tag = javaScript ? 'Js' : 'Plain';
      const person = await make.person(north.id, { given_name: 'Nora', family_name: `New${tag}` });
      const other = await make.person(north.id, { given_name: 'Otto', family_name: `Outside${tag}` });
      const name = `Nora New${tag}`;

      const manager = await b.page(javaScript, 320);
      await signIn(manager, b.base, DEMO.manager);
      await manager.goto(`${b.base}/caseloads`);
      await expectNarrowAndAccessible(manager, 'caseloads', javaScript);
      await manager.getByRole('link', { name: `Allocate ${name}` }).click();
      await expectNarrowAndAccessible(manager, 'allocate', javaScript);
      await manager.getByLabel('Sam Worker').check();
      await manager.getByRole('button', { name: 'Allocate' }).click();
      expect(await manager.locator('.govuk-notification-banner').textContent()).toContain(`${name} is allocated to Sam Worker`);
      expect(await manager.locator('#allocated-worker').textContent()).toContain('Sam Worker');
      await expectNarrowAndAccessible(manager, 'person after allocation', javaScript);

      const worker = await b.page(javaScript, 320);
      await signIn(worker, b.base, DEMO.worker);
      await worker.goto(`${b.base}/my-cases`);
      await expectNarrowAndAccessible(worker, 'my cases', javaScript);
      await worker.getByRole('link', { name }).click();
      await worker.getByRole('link', { name: 'Add a case note' }).click();
      await expectNarrowAndAccessible(worker, 'add a case note', javaScript);
      await worker.getByLabel('Visit').check();
      await worker.getByLabel('Who was it with? (optional)').fill('Nora and her neighbour');
      await worker.getByLabel('What happened and what was said').fill('First visit at home. Nora wants help with shopping and getting out.');
      await worker.getByLabel('What kind of document is it?').selectOption('capacity-assessment');
      await worker.getByLabel('What the document is').fill('Capacity assessment: managing money');
      await worker.getByLabel('The file').setInputFiles({ name: 'capacity.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n% a capacity assessment\n') });
      await worker.getByRole('button', { name: 'Save the case note' }).click();
      expect(await worker.locator('.govuk-notification-banner').textContent()).toContain('Case note and document saved');
      expect(await worker.locator('main').textContent()).toContain('Capacity assessment: managing money');
      await expectNarrowAndAccessible(worker, 'timeline', javaScript);

      await worker.getByRole('link', { name: 'Back to the record' }).click();
      await worker.getByRole('link', { name: 'Transfer to another team' }).click();
      await expectNarrowAndAccessible(worker, 'transfer', javaScript);
      await worker.getByLabel('South Locality Team').check();
      await worker.getByLabel('Why are they moving?').fill('Moved to a flat in the south of the town');
      await worker.getByRole('button', { name: 'Transfer' }).click();
      expect(await worker.locator('h1').textContent()).toBe('My cases');
      expect(await worker.locator('.govuk-notification-banner').textContent()).toContain('Your teams no longer have access to their record');
      expect(await worker.locator('main table').textContent()).not.toContain(name);

      const duty = await b.page(javaScript, 320);
      await signIn(duty, b.base, DEMO.southWorker);
      await duty.goto(`${b.base}/people/outside-your-teams`);
      await expectNarrowAndAccessible(duty, 'open a record outside your teams', javaScript);
      await duty.getByLabel('Reference or NHS number').fill(other.reference);
      await duty.getByRole('button', { name: 'Find' }).click();
      await duty.getByRole('link', { name: `Open this record of Otto Outside${tag}` }).click();
      await expectNarrowAndAccessible(duty, 'give a reason', javaScript);
      await duty.getByRole('button', { name: 'Open the record' }).click();
      expect(await duty.locator('.govuk-error-summary').textContent()).toContain('Enter why you need to open this record');
      await duty.getByLabel('Why do you need to open this record?').fill('Out-of-hours call from his neighbour: no carer arrived');
      await duty.getByRole('button', { name: 'Open the record' }).click();
      expect(await duty.locator('h1').textContent()).toContain(`Otto Outside${tag}`);
      expect(await duty.locator('main').textContent()).toContain('You opened this record from outside your teams');
      await expectNarrowAndAccessible(duty, 'record opened with a reason', javaScript);

      await manager.goto(`${b.base}/access-report`);
      expect(await manager.locator('main').textContent()).toContain('Out-of-hours call from his neighbour: no carer arrived');
      await expectNarrowAndAccessible(manager, 'access report', javaScript);
      for (const page of [manager, worker, duty]) await page.context().close();
    });
  }

  it('consent, capacity and advocacy; the person’s agreement to their plan; a record history filtered to changes: axe clean at 320 px', async () => {
    const p = await b.page(true, 320);
    await signIn(p, b.base, DEMO.worker);
    await p.goto(`${b.base}/people`);
    await p.locator('main a[href^="/people/"]', { hasText: 'Margaret' }).first().click();
    const person = p.url();
    expect(await p.locator('main').textContent()).toContain('Derek Ashworth, her husband');
    await p.getByRole('link', { name: 'Change consent, capacity and advocacy' }).click();
    await expectNarrowAndAccessible(p, 'consent, capacity and advocacy', true);
    await p.getByRole('button', { name: 'Save' }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Consent, capacity and advocacy saved');
    await p.goto(person);
    await p.locator('main a[href^="/plans/"]').first().click();
    expect(await p.locator('#plan-copy').textContent()).toContain('Yes, they agreed it');
    await p.locator('#plan-copy a').click();
    await expectNarrowAndAccessible(p, 'the person’s agreement and their copy', true);
    await p.context().close();

    const m = await b.page(true, 320);
    await signIn(m, b.base, DEMO.manager);
    await m.goto(`${person}/history?changes=only&kind=casework`);
    expect(await m.locator('main').textContent()).toContain('Allocated the person to a worker');
    await expectNarrowAndAccessible(m, 'record history, filtered', true);
    await m.context().close();
  });
});
