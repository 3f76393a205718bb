import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();


describe.skipIf(!browserAvailable)(`the RAS in the browser ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('a self-assessment by keyboard-reachable forms, every page axe clean, ending with the explanation', async () => {
    const p = await b.page(true);
    await signIn(p, b.base, DEMO.worker);
    await p.goto(`${b.base}/people`);
    await p.getByRole('link', { name: 'Nowak, Jack' }).click();
    await p.getByRole('button', { name: 'Start a self-assessment' }).click();
    await expectAccessible(p, 'assessment page 1');
    await p.getByRole('button', { name: 'Save and continue' }).click();
    expect(await p.locator('.govuk-error-summary__list li').count()).toBe(3);
    await expectAccessible(p, 'assessment page with errors');
    for (let i = 0; i < 10; i++) {
      if (!p.url().includes('/domains/')) break;
      const groups = await p.locator('.govuk-radios').count();
      for (let g = 0; g < groups; g++) await p.locator('.govuk-radios').nth(g).locator('input[type="radio"]').nth(1).check();
      await p.getByRole('button', { name: 'Save and continue' }).click();
    }
    expect(p.url()).toMatch(/\/check$/);
    await expectAccessible(p, 'check answers');
    await p.getByRole('button', { name: 'Complete and work out the indicative budget' }).click();
    await expectAccessible(p, 'check answers with errors');
    await p.getByLabel('The person took part in this assessment and agrees with these answers').check();
    await p.getByRole('button', { name: 'Complete and work out the indicative budget' }).click();
    expect(await p.locator('h1').textContent()).toBe('How the indicative personal budget was worked out');
    await expectAccessible(p, 'explanation');
    await p.getByRole('link', { name: 'Printable version' }).click();
    await expectAccessible(p, 'printable explanation');
    await p.context().close();
  });

  it('the panel decision journey: axe clean on every page, audited', async () => {
    const p = await b.page(true);
    await signIn(p, b.base, DEMO.panel);
    await p.getByRole('link', { name: 'Panel' }).first().click();
    await expectAccessible(p, 'panel worklist');
    await p.getByRole('link', { name: 'Thomas Clarke' }).click();
    await expectAccessible(p, 'panel case');
    await p.getByRole('button', { name: 'Record the decision' }).click();
    expect(await p.locator('.govuk-error-summary__list li').count()).toBe(2);
    await expectAccessible(p, 'panel case with errors');
    await p.getByLabel('Set another amount').check();
    await p.getByLabel('Weekly amount the panel sets, in pounds').fill('2,750.00');
    await p.getByRole('textbox', { name: 'Reasons' }).fill('Waking night support is needed every night.');
    await p.getByRole('button', { name: 'Record the decision' }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Panel decision recorded');
    await expectAccessible(p, 'panel worklist after a decision');
    const audit = await b.t.database.db.selectFrom('audit_events').select(['actor', 'reason']).where('action', '=', 'panel.decided').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor: DEMO.panel, reason: 'Waking night support is needed every night.' });
    await p.context().close();
  });

  it('the panel decision journey with JavaScript off', async () => {
    // A second exceptional-need case: Chloe's assessment, referred to the panel.
    const db = b.t.database.db;
    const chloe = await db.selectFrom('people').select('id').where('given_name', '=', 'Chloe').executeTakeFirstOrThrow();
    const scheme = await db.selectFrom('ras_schemes').select(['id', 'scheme_id', 'version']).where('scheme_id', '=', 'anytown-adults').executeTakeFirstOrThrow();
    const worker = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
    const answers = Object.fromEntries(['pc-wash', 'pc-dress', 'pc-toilet', 'ea-prepare', 'ea-eat', 'ho-tasks', 'he-meds', 'he-conditions', 'mo-indoors', 'mo-outdoors', 'sa-risk', 'sa-night', 're-social', 'wo-activity', 'de-decide', 'carer-sustain'].map((q) => [q, 'd']));
    await db
      .insertInto('assessments')
      .values({ person_id: chloe.id, kind: 'adult', scheme_row_id: scheme.id, scheme_id: scheme.scheme_id, scheme_version: scheme.version, status: 'completed', answers: JSON.stringify(answers), group_id: 'physical-sensory', points: 161, weekly_pence: 233450, annual_pence: 12139400, outcome: 'panel-review', started_by: worker.id, completed_by: worker.id, completed_at: new Date() })
      .execute();
    const p = await b.page(false);
    await signIn(p, b.base, DEMO.panel);
    await p.getByRole('link', { name: 'Panel' }).first().click();
    await p.getByRole('link', { name: 'Chloe Taylor' }).click();
    await p.getByLabel(/Agree the indicative amount of £2,334.50 a week/).check();
    await p.getByRole('textbox', { name: 'Reasons' }).fill('The amount meets the assessed needs.');
    await p.getByRole('button', { name: 'Record the decision' }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Panel decision recorded');
    expect(await p.locator('main').textContent()).toContain('No cases are waiting for the panel');
    const decision = await db.selectFrom('panel_decisions').innerJoin('assessments', 'assessments.id', 'panel_decisions.assessment_id').select(['decision', 'panel_decisions.weekly_pence']).where('assessments.person_id', '=', chloe.id).executeTakeFirstOrThrow();
    expect(decision).toEqual({ decision: 'agreed', weekly_pence: 233450 });
    await p.context().close();
  });

  it('the scheme pages for an analyst', async () => {
    const p = await b.page(true);
    await signIn(p, b.base, DEMO.analyst);
    await p.getByRole('link', { name: 'Schemes' }).first().click();
    await expectAccessible(p, 'schemes');
    await p.getByRole('link', { name: 'Anytown supported self-assessment' }).click();
    await expectAccessible(p, 'scheme');
    await p.goto(`${b.base}/schemes`);
    await p.getByRole('button', { name: 'Compare' }).click();
    await expectAccessible(p, 'compare');
    await p.goto(`${b.base}/schemes/import`);
    await expectAccessible(p, 'import');
    await p.getByLabel('Scheme JSON').fill('{"format": "selfdirect-ras/1"}');
    await p.getByRole('button', { name: 'Check and import' }).click();
    expect(await p.locator('.govuk-error-summary__list li').count()).toBeGreaterThan(3);
    await expectAccessible(p, 'import with errors');
    const adults = JSON.parse(readFileSync(`${projectRoot}/src/db/seed/schemes/anytown-adults.ras.json`, 'utf8'));
    await p.getByLabel('Scheme JSON').fill(JSON.stringify({ ...adults, version: '2030.1', effectiveFrom: '2030-04-01' }));
    await p.getByRole('button', { name: 'Check and import' }).click();
    await expectAccessible(p, 'draft scheme');
    await p.getByRole('link', { name: 'Publish this version' }).click();
    await expectAccessible(p, 'publish a scheme');
    await p.getByRole('button', { name: /^Publish / }).click();
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Scheme published');
    await p.context().close();
  });
});
