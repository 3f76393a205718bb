import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScheme, priceAssessment } from '../../src/domain/ras/pricing.js';
import { projectRoot } from '../../src/root.js';
import type { Role } from '../../src/db/schema.js';
import { type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

let t: TestApp;
let make: ReturnType<typeof factories>;
let team: { id: string };
const staff = new Map<Role, { id: string; email: string }>();
beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team();
  for (const role of ['social-worker', 'team-manager', 'panel-member', 'analyst', 'administrator'] as const) staff.set(role, await make.staff(role, role === 'social-worker' || role === 'team-manager' ? [team.id] : []));
});
afterAll(async () => t?.close());

/** A visitor signed in as this file's member of staff with the role. */
async function as(role: Role) {
  const v = new Visitor(t.app);
  await v.signIn(staff.get(role)!.email, FACTORY_PASSWORD);
  return v;
}

const adultsText = readFileSync(`${projectRoot}/src/db/seed/schemes/anytown-adults.ras.json`, 'utf8');
const adults = JSON.parse(adultsText);


/** Answers every page of an assessment with one answer (or per-question overrides), as a browser would. */
async function answerAll(v: Visitor, firstPage: string, answer: (questionId: string) => string) {
  let location = firstPage;
  while (location.includes('/domains/')) {
    const page = html(await v.get(location));
    const version = String(page('input[name="version"]').val());
    const names = [...new Set(page('input[type="radio"]').map((_, el) => page(el).attr('name')).get())];
    const response = await v.post(location, { version, action: 'continue', ...Object.fromEntries(names.map((n) => [n, answer(n)])) });
    expect(response.statusCode, location).toBe(303);
    location = String(response.headers.location);
  }
  return location;
}

describe('a self-assessment, start to finish', () => {
  it('starts against the scheme in force, saves page by page, comes back later, and prices on completion', async () => {
    const grace = await make.person(team.id, { primary_support_reason: 'Mental health support' });
    const v = await as('social-worker');
    const person = html(await v.get(`/people/${grace.id}`));
    expect(person('button:contains("Start a self-assessment")').length).toBe(1);

    const started = await v.post(`/people/${grace.id}/assessments`, {});
    expect(started.statusCode).toBe(303);
    const first = String(started.headers.location);
    expect(first).toMatch(/\/assessments\/[0-9a-f-]+\/domains\/1$/);

    // A page with a question left unanswered names it.
    const page1 = html(await v.get(first));
    expect(page1('h1').text()).toBe('Personal care');
    expect(page1('.govuk-hint').first().text()).toContain('Think about an ordinary week');
    const version = String(page1('input[name="version"]').val());
    const missing = await v.post(first, { version, action: 'continue', 'pc-wash': 'b' });
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing)).toEqual(['Select an answer for “Getting dressed and undressed”', 'Select an answer for “Using the toilet and managing continence”']);
    expect(html(missing)('input[name="pc-wash"][value="b"]').attr('checked')).toBeDefined();

    // Save and come back later keeps a partial page.
    const later = await v.post(first, { version, action: 'later', 'pc-wash': 'b' });
    expect(later.headers.location).toBe(`/people/${grace.id}`);
    const saved = html(await v.get(`/people/${grace.id}`));
    // It says it saved (issue 17), and offers to carry on.
    expect(saved('.govuk-notification-banner').text()).toContain('Assessment saved. You can carry on from the person’s page');
    expect(saved('button:contains("Carry on with the assessment")').length).toBe(1);

    const resumed = await v.post(`/people/${grace.id}/assessments`, {});
    expect(resumed.headers.location).toBe(first); // personal care is still unfinished
    const check = await answerAll(v, first, (q) => (q === 'carer-sustain' ? 'b' : 'b'));
    expect(check).toMatch(/\/check$/);

    const checkPage = html(await v.get(check));
    expect(checkPage('.govuk-summary-card').length).toBe(adults.domains.length);
    expect(checkPage('input[name="group"][value="mental-health"]').attr('checked')).toBeDefined();
    const checkVersion = String(checkPage('input[name="version"]').val());
    const unconfirmed = await v.post(check, { version: checkVersion, group: 'mental-health' });
    expect(errorSummary(unconfirmed)).toEqual(['Confirm that the person took part in the assessment and agrees with the answers']);
    const noReason = await v.post(check, { version: checkVersion, group: 'learning-disability', confirmed: 'yes' });
    expect(errorSummary(noReason)).toEqual(['Say why a different group from the one for the person’s primary support reason applies']);

    // the statutory return's questions start at what is usual, and refuse what is not a CLD value
    expect(checkPage('input[name="assessment_type"][value="Long term assessment"]').attr('checked')).toBeDefined();
    expect(checkPage('select[name="method_of_assessment"] option[selected]').text()).toBe('Supported self-assessment');
    expect(checkPage('input[name="eligible_needs_identified"][value="Yes"]').attr('checked')).toBeDefined();
    const wrongType = await v.post(check, { version: checkVersion, group: 'mental-health', confirmed: 'yes', assessment_type: 'Long Term Assessment' });
    expect(errorSummary(wrongType)).toEqual(['Select the kind of assessment']);

    const done = await v.post(check, { version: checkVersion, group: 'mental-health', confirmed: 'yes', assessment_type: 'Long term assessment', method_of_assessment: 'Face to face', eligible_needs_identified: 'Yes' });
    expect(done.statusCode).toBe(303);
    const event = await t.database.db.selectFrom('cld_events').selectAll().where('person_id', '=', grace.id).where('event_type', '=', 'Assessment').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ assessment_type: 'Long term assessment', method_of_assessment: 'Face to face', eligible_needs_identified: 'Yes', outcome: 'Progress to support planning or services', source: 'assessment', description: adults.title });
    expect(event.event_reference).toMatch(/^SD-A-/);
    const explanationUrl = String(done.headers.location);

    // 52 points × £13.90 × 0.9 = £650.52 a week, × 52 = £33,827.04 a year
    const expected = priceAssessment(compileScheme(adults), Object.fromEntries(compileScheme(adults).questionIds.map((q) => [q, 'b'])), 'mental-health');
    expect(expected).toEqual({ points: 52, weeklyPence: 65052, annualPence: 3382704, outcome: 'allocated' });
    const explanation = html(await v.get(explanationUrl));
    expect(explanation('h1').text()).toBe('How the indicative personal budget was worked out');
    const text = explanation('main').text().replace(/\s+/g, ' ');
    expect(text).toContain('The indicative personal budget is £650.52 a week (£33,827.04 a year)');
    expect(text).toContain('This is a starting point');
    expect(text).toContain('Sustainable informal support: you answered “I get some help and it can carry on”, so the amount is reduced by 10% (multiplied by 0.9).');
    expect(text).toContain('Mental health: the rate is £13.90 for each point.');
    expect(text).toContain('52 × £13.90) × 0.9 = £650.52 a week.');
    expect(text).toContain('£650.52 × 52 weeks = £33,827.04, rounded to £33,827.04 a year.');
    expect(text).toContain('Personal care: 16 points.');

    const json = await v.get(`${explanationUrl}/explanation.json`);
    expect(json.headers['content-type']).toContain('application/json');
    expect(json.json()).toMatchObject({
      assessment: { schemeId: 'anytown-adults', schemeVersion: '2026.1', groupId: 'mental-health' },
      explanation: { totalPoints: 52, factor: '0.9', outcome: 'allocated', allocation: { type: 'rate', weeklyPence: 65052, annualPence: 3382704, exactWeeklyPence: '65052' } },
    });
    const print = html(await v.get(`${explanationUrl}/print`));
    expect(print('.govuk-service-navigation').length).toBe(0);
    expect(print('main').text()).toContain('£650.52 a week');

    const row = await t.database.db.selectFrom('assessments').selectAll().where('person_id', '=', grace.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'completed', points: 52, weekly_pence: 65052, annual_pence: 3382704, outcome: 'allocated', scheme_version: '2026.1' });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('person_id', '=', grace.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['assessment.started', 'assessment.answered', 'assessment.completed', 'assessment.viewed']));
  });

  it('a completed assessment cannot be changed: opening a part says it is complete and shows it', async () => {
    const done = await make.assessment(await make.person(team.id), staff.get('social-worker')!.id);
    const v = await as('social-worker');
    for (const url of [`/assessments/${done.id}/domains/1`, `/assessments/${done.id}/check`]) {
      const opened = await v.get(url);
      expect(opened.statusCode, url).toBe(303);
      expect(opened.headers.location, url).toBe(`/assessments/${done.id}`);
    }
    const page = await v.get(`/assessments/${done.id}`);
    expect(html(page)('.govuk-notification-banner').text()).toContain('This assessment is complete, so it cannot be changed');
    expect((await v.post(`/assessments/${done.id}/domains/1`, { version: '1' })).statusCode).toBe(409);
  });

  it('“Change” on check answers goes back to check answers when saved', async () => {
    const person = await make.person(team.id);
    const v = await as('social-worker');
    const started = await v.post(`/people/${person.id}/assessments`, {});
    const id = /\/assessments\/([0-9a-f-]+)\//.exec(started.headers.location as string)![1]!;
    const first = await v.get(`/assessments/${id}/domains/1?from=check`);
    const $ = html(first);
    expect($('.govuk-back-link').attr('href')).toBe(`/assessments/${id}/check`);
    const form: Record<string, string> = { version: String($('input[name="version"]').val()), action: 'continue' };
    $('input[type=radio]').each((_, el) => {
      const name = $(el).attr('name')!;
      form[name] ??= String($(el).attr('value'));
    });
    const saved = await v.post(`/assessments/${id}/domains/1?from=check`, form);
    expect(saved.headers.location).toBe(`/assessments/${id}/check`);
  });

  it('a carer’s assessment uses the carers’ bands and explains them', async () => {
    const anil = await make.person(team.id, { client_type: 'Unpaid carer', primary_support_reason: 'Social support: Support to unpaid carer' });
    const v = await as('social-worker');
    const started = await v.post(`/people/${anil.id}/assessments`, {});
    const answers: Record<string, string> = { 'cr-hours': 'c', 'cr-nights': 'b', 'wb-health': 'b', 'wb-life': 'c' };
    const check = await answerAll(v, String(started.headers.location), (q) => answers[q]!);
    const page = html(await v.get(check));
    expect(page('input[name="group"]').length).toBe(0);
    const done = await v.post(check, { version: String(page('input[name="version"]').val()), confirmed: 'yes' });
    const text = html(await v.get(String(done.headers.location)))('main').text().replace(/\s+/g, ' ');
    // 10 + 3 + 4 + 8 = 25 points: the £175 band
    expect(text).toContain('25 points is in the band for 25 to 34 points, which gives £175.00 a year.');
    expect(text).toContain('£175.00 ÷ 52 weeks = £3.37 a week, to the nearest penny.');
    const json = (await v.get(`${String(done.headers.location)}/explanation.json`)).json();
    expect(json.explanation).toMatchObject({
      scheme: { id: 'anytown-carers', kind: 'carer' },
      totalPoints: 25,
      allocation: { type: 'bands', band: { minPoints: 25, maxPoints: 34, annualPence: 17500 }, annualPence: 17500, weeklyPence: 337 },
      outcome: 'allocated',
    });
  });

  it('re-pricing with the pinned scheme reproduces the figures exactly after a new version is published', async () => {
    // Publishing a scheme changes what every later assessment uses: this test has a database of its own.
    const shared = t;
    t = await testApp();
    try {
      await repricing();
    } finally {
      await t.close();
      t = shared;
    }
  });
});

/** Publishes a new version and re-prices every stored assessment, on the database `t` holds now. */
async function repricing() {
  {
    const make = factories(t.database.db);
    const team = await make.team();
    const accounts = { 'team-manager': await make.staff('team-manager', [team.id]), analyst: await make.staff('analyst') };
    const as = async (role: keyof typeof accounts) => {
      const v = new Visitor(t.app);
      await v.signIn(accounts[role].email, FACTORY_PASSWORD);
      return v;
    };
    const admin = await as('analyst');
    const newer = { ...adults, version: '2026.2', effectiveFrom: '2026-06-01' };
    newer.allocation = { ...adults.allocation, groups: adults.allocation.groups.map((g: { pencePerPoint: number }) => ({ ...g, pencePerPoint: g.pencePerPoint + 100 })) };
    const imported = await admin.post('/schemes/import', { document: JSON.stringify(newer, null, 2) });
    expect(imported.statusCode).toBe(303);
    const schemePage = String(imported.headers.location);
    const publishPage = html(await admin.get(`${schemePage}/publish`));
    const published = await admin.post(`${schemePage}/publish`, { row_version: String(publishPage('input[name="row_version"]').val()) });
    expect(published.statusCode).toBe(303);

    const before = await t.database.db.selectFrom('assessments').selectAll().where('status', '=', 'completed').execute();
    const v = await as('team-manager');
    await Promise.all(before.map((a) => t.database.db.updateTable('people').set({ team_id: team.id }).where('id', '=', a.person_id).execute())); // every assessment readable by this manager
    for (const a of before) {
      const json = (await v.get(`/assessments/${a.id}/explanation.json`)).json();
      expect(json.assessment.schemeVersion).toBe(a.scheme_version);
      expect(json.explanation.allocation.weeklyPence).toBe(a.weekly_pence);
      expect(json.explanation.allocation.annualPence).toBe(a.annual_pence);
      expect(json.explanation.totalPoints).toBe(a.points);
      expect(json.explanation.outcome).toBe(a.outcome);
    }
    // A new assessment uses the version in force today.
    const fatima = await make.person(team.id);
    const started = await v.post(`/people/${fatima.id}/assessments`, {});
    const id = /assessments\/([^/]+)\//.exec(String(started.headers.location))![1];
    const row = await t.database.db.selectFrom('assessments').select('scheme_version').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row.scheme_version).toBe('2026.2');
  }
}


describe('the panel', () => {
  it('lists exceptional-need cases and records a decision, with reasons, audited; nothing caps the budget', async () => {
    const thomas = await make.person(team.id);
    await t.database.db.updateTable('assessments').set({ outcome: 'allocated' }).where('outcome', '=', 'panel-review').execute(); // only this test's case waits
    const panelCase = await make.assessment(thomas, staff.get('social-worker')!.id, { outcome: 'panel-review' });
    const p = await as('panel-member');
    const worklist = html(await p.get('/panel'));
    expect(worklist('table tbody tr').text()).toContain(`${thomas.given_name} ${thomas.family_name}`);
    const casePage = html(await p.get(`/panel/${panelCase.id}`));
    expect(casePage('main').text()).toContain('a panel will look at this budget. This is not a limit');

    const noReasons = await p.post(`/panel/${panelCase.id}`, { decision: 'change', amount: 'lots' });
    expect(errorSummary(noReasons)).toEqual(['Enter the panel’s reasons']);
    const badAmount = await p.post(`/panel/${panelCase.id}`, { decision: 'change', amount: 'lots', reasons: 'Night care costs more' });
    expect(errorSummary(badAmount)).toEqual(['Enter the weekly amount in pounds and pence, like 850.00']);

    // Higher than the indicative amount: the panel may set any amount.
    const decided = await p.post(`/panel/${panelCase.id}`, { decision: 'change', amount: '£3,100.50', reasons: 'Two carers are needed at night' });
    expect(decided.statusCode).toBe(303);
    expect(html(await p.get('/panel'))('main').text()).toContain('No cases are waiting for the panel');
    const stored = await t.database.db.selectFrom('panel_decisions').selectAll().where('assessment_id', '=', panelCase.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ decision: 'changed', weekly_pence: 310050, reasons: 'Two carers are needed at night' });
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'panel.decided').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: staff.get('panel-member')!.email, person_id: thomas.id, reason: 'Two carers are needed at night', after: { decision: 'changed', weekly_pence: 310050 } });
    expect((await p.post(`/panel/${panelCase.id}`, { decision: 'agree', reasons: 'Again' })).statusCode).toBe(409);

    const w = await as('social-worker');
    const explanation = html(await w.get(`/assessments/${panelCase.id}`))('main').text();
    expect(explanation).toContain('The panel set the indicative amount at £3,100.50 a week. Its reasons: Two carers are needed at night');
    // The panel member sees only the cases referred to it.
    const other = await make.assessment(await make.person(team.id), staff.get('social-worker')!.id);
    expect((await p.get(`/panel/${other.id}`)).statusCode).toBe(404);
  });
});

describe('schemes on the web', () => {
  it('refuses an invalid scheme, naming every problem by its JSON path', async () => {
    const v = await as('administrator');
    const bad = { ...adults, id: 'Bad Id', version: '9' };
    const response = await v.post('/schemes/import', { document: JSON.stringify(bad) });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response)).toEqual(['$.id: must be a slug of a-z, 0-9 and "-", like "anytown-adults"']);
    expect(errorSummary(await v.post('/schemes/import', { document: '{' }))[0]).toMatch(/^\$: is not valid JSON/);
  });

  it('will not change a published version, through the web or the database', async () => {
    const v = await as('administrator');
    const again = await v.post('/schemes/import', { document: adultsText });
    expect(errorSummary(again)).toEqual(['$.version: anytown-adults version 2026.1 is published and never changes. Give the new scheme a new version']);
    await expect(sql`UPDATE ras_schemes SET title = 'changed' WHERE scheme_id = 'anytown-adults' AND version = '2026.1'`.execute(t.database.db)).rejects.toThrow(/published and never changes/);
    await expect(sql`DELETE FROM ras_schemes WHERE scheme_id = 'anytown-adults' AND version = '2026.1'`.execute(t.database.db)).rejects.toThrow(/published and never changes/);
  });

  it('shows the questionnaire, exports the exact text and compares two versions', async () => {
    const v = await as('analyst');
    const list = html(await v.get('/schemes'));
    const link = list('tbody tr')
      .filter((_, tr) => list(tr).text().includes('Anytown supported self-assessment') && list(tr).find('td').first().text() === '2026.1')
      .find('a')
      .attr('href')!;
    const view = html(await v.get(link));
    expect(view('main').text()).toContain('Washing, bathing or showering');
    expect(view('main').text()).toContain('Learning disability');
    const exported = await v.get(`${link}/export`);
    expect(exported.headers['content-disposition']).toContain('anytown-adults-2026.1.ras.json');
    expect(JSON.parse(exported.body)).toEqual(adults);
    const ids = list('select#a option').map((_, o) => list(o).attr('value')).get();
    const compare = html(await v.get(`/schemes/compare?a=${ids[0]}&b=${ids[1]}`));
    expect(compare('h1').text()).toMatch(/^Compare /);
    expect(compare('main').text()).toMatch(/figures? differs?|The two versions are the same/);
  });
});
