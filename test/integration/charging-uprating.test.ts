import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChargingRules, publishChargingRules } from '../../src/features/charging/import-rules.js';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { pdfInfo, pdfText, pdfToolsAvailable } from '../helpers/pdf.js';
import { completedFinancialAssessment } from '../helpers/charging.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** The annual recalculation (issue 16 item 5): a preview of who goes up and down, then confirm, with letters. */
let t: TestApp;
let make: ReturnType<typeof factories>;
let team: { id: string; name: string };
let finance: { id: string; email: string };
let worker: { id: string; email: string };
let rulesId: string;

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team('Uprating Team');
  finance = await make.staff('finance-officer');
  worker = await make.staff('social-worker', [team.id]);
  // 2027-28: the 25-and-over minimum income guarantee up to £125.40.
  const doc = JSON.parse(readFileSync(new URL('../../src/db/seed/charging/anytown-charging-2026-27.json', import.meta.url), 'utf8'));
  Object.assign(doc, { financialYear: '2027-28', validFrom: '2027-04-05', validTo: '2028-04-02', title: 'Anytown charging 2027-28' });
  doc.mig.single.age25ToPensionCreditAgePence = 12540;
  const system = { id: null, label: 'test' };
  const saved = await importChargingRules(t.database.db, system, JSON.stringify(doc));
  await publishChargingRules(t.database.db, system, saved.id, null);
  rulesId = saved.id;
});
afterAll(async () => t?.close());

async function as(email: string) {
  const v = new Visitor(t.app);
  await v.signIn(email, FACTORY_PASSWORD);
  return v;
}

describe('recalculating contributions for a new year', () => {
  it('previews who goes up and down, lists those to look at again, and on confirming recalculates them with letters', async () => {
    const db = t.database.db;
    const goesDown = await make.person(team.id, { given_name: 'Dora', family_name: 'Downes' });
    const changed = await make.person(team.id, { given_name: 'Rhys', family_name: 'Reported' });
    const young = await make.person(team.id, { given_name: 'Yusuf', family_name: 'Young' });
    await completedFinancialAssessment(db, goesDown.id, worker.id, 2000);
    await completedFinancialAssessment(db, changed.id, worker.id, 2000);
    const youngFa = await completedFinancialAssessment(db, young.id, worker.id, 2000);
    // Yusuf was 24 when assessed and is 26 by April 2027.
    const youngCircumstances = (await db.selectFrom('financial_assessments').select('circumstances').where('id', '=', youngFa).executeTakeFirstOrThrow()).circumstances as Record<string, unknown>;
    await db.updateTable('financial_assessments').set({ circumstances: JSON.stringify({ ...youngCircumstances, dateOfBirth: '2001-01-01' }) }).where('id', '=', youngFa).execute();
    await db.insertInto('charging_reminders').values({ person_id: changed.id, financial_assessment_id: null, kind: 'change-reported', detail: 'Started a new job', raised_by: 'test' }).execute();
    // Dora reads her money in My Selfdirect: her letter goes there too.
    const account = await db.insertInto('portal_accounts').values({ email: 'dora.downes@example.com', display_name: 'Dora Downes' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('portal_grants').values({ account_id: account.id, person_id: goesDown.id, representative_id: null, parts: ['money'], invited_by: worker.id }).execute();

    const v = await as(finance.email);
    const rules = html(await v.get(`/charging/rules/${rulesId}`));
    expect(rules('a[href$="/uprate"]').text()).toBe('Recalculate everyone’s contribution under these rules');
    const preview = html(await v.get(`/charging/rules/${rulesId}/uprate`));
    const tables = preview('table');
    const rowOf = (table: number, name: string) => preview(tables[table]).find('tr').filter((_, tr) => preview(tr).text().includes(name)).text().replace(/\s+/g, ' ').trim();
    // £20.00 over the 2025-26 £112.50 is £7.10 over the 2027-28 £125.40.
    expect(rowOf(0, 'Dora Downes')).toBe('Dora Downes £20.00 £7.10 Down £12.90');
    expect(rowOf(1, 'Rhys Reported')).toContain('a change was reported: Started a new job');
    expect(rowOf(1, 'Yusuf Young')).toContain('they have turned 25 since');
    expect(preview('main li').first().text()).toMatch(/^\d+ recalculated: \d+ go up, \d+ go down$/);

    // Something changes between the preview and the confirmation: nothing is done.
    const token = preview('input[name="token"]').val() as string;
    await db.updateTable('charging_reminders').set({ resolved_at: new Date(), resolved_by: worker.id }).where('person_id', '=', changed.id).execute();
    const stale = await v.post(`/charging/rules/${rulesId}/uprate`, { token });
    expect(stale.headers.location).toBe(`/charging/rules/${rulesId}/uprate`);
    expect(await db.selectFrom('charging_upratings').select('id').where('rules_row_id', '=', rulesId).execute()).toEqual([]);
    await db.updateTable('charging_reminders').set({ resolved_at: null, resolved_by: null }).where('person_id', '=', changed.id).execute();

    const fresh = html(await v.get(`/charging/rules/${rulesId}/uprate`));
    const done = await v.post(`/charging/rules/${rulesId}/uprate`, { token: fresh('input[name="token"]').val() as string });
    expect(done.headers.location).toBe(`/charging/rules/${rulesId}`);
    const uprating = await db.selectFrom('charging_upratings').selectAll().where('rules_row_id', '=', rulesId).executeTakeFirstOrThrow();
    expect(uprating.for_review).toBe(2);
    const dora = await db.selectFrom('financial_assessments').select(['id', 'assessed_on', 'weekly_contribution_pence', 'source', 'uprated_from']).where('person_id', '=', goesDown.id).where('uprating_id', '=', uprating.id).executeTakeFirstOrThrow();
    expect(dora).toMatchObject({ assessed_on: '2027-04-05', weekly_contribution_pence: 710, source: 'uprating' });
    expect(await db.selectFrom('financial_assessments').select('id').where('uprating_id', '=', uprating.id).where('person_id', 'in', [changed.id, young.id]).execute()).toEqual([]);
    const reminders = await db.selectFrom('charging_reminders').select(['person_id', 'kind']).where('kind', '=', 'uprating-review').where('person_id', 'in', [changed.id, young.id]).execute();
    expect(reminders).toHaveLength(2);
    const letter = await db.selectFrom('outbox_messages').select(['template', 'personalisation']).where('recipient', '=', 'dora.downes@example.com').executeTakeFirstOrThrow();
    expect(letter.template).toBe('letter');
    expect(letter.personalisation.body).toContain('From 5 April 2027: It goes down from £20.00 to £7.10 a week.');
    // The same letter to print or post, as a tagged PDF (issue 18, ADR 0022), linked from her explanation.
    const explained = html(await (await as(worker.email)).get(`/financial-assessments/${dora.id}`));
    expect(explained('a:contains("The letter sent about this year’s change")').attr('href')).toBe(`/financial-assessments/${dora.id}/letter.pdf`);
    const pdf = await (await as(worker.email)).get(`/financial-assessments/${dora.id}/letter.pdf`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    if (pdfToolsAvailable) {
      expect(pdfInfo(pdf.rawPayload).Tagged).toBe('yes');
      expect(pdfText(pdf.rawPayload)).toContain('From 5 April 2027: It goes down from £20.00 to £7.10 a week.');
    }
    // An assessment that was not worked out again for a new year has no such letter.
    expect((await (await as(worker.email)).get(`/financial-assessments/${dora.uprated_from}/letter.pdf`)).statusCode).toBe(404);

    // Her explanation now says the 2027-28 rules, and nothing is left to recalculate but those to review.
    const page = html(await (await as(worker.email)).get(`/people/${goesDown.id}/financial-assessments`));
    expect(page('.govuk-inset-text').text()).toContain('£7.10');
    const after = html(await v.get(`/charging/rules/${rulesId}/uprate`));
    expect(after('table').first().find('tr').text()).not.toContain('Dora Downes');
  });

  it('is for finance officers only', async () => {
    expect((await (await as(worker.email)).get(`/charging/rules/${rulesId}/uprate`)).statusCode).toBe(403);
  });
});
