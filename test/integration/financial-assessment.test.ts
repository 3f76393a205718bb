import { readFileSync } from 'node:fs';
import { budgetStatement } from '../../src/domain/planning/plan.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { completedFinancialAssessment } from '../helpers/charging.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** Financial assessments on the web (issue 16): the charging rules, the journey, the explanation. */
let t: TestApp;
let make: ReturnType<typeof factories>;
let team: { id: string; name: string };
const staff = new Map<string, { id: string; email: string }>();

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team('Charging Team');
  const other = await make.team('Charging Elsewhere');
  staff.set('worker', await make.staff('social-worker', [team.id]));
  staff.set('other', await make.staff('social-worker', [other.id]));
  staff.set('finance', await make.staff('finance-officer'));
  staff.set('admin', await make.staff('administrator'));
});
afterAll(async () => t?.close());

async function as(who: string) {
  const v = new Visitor(t.app);
  await v.signIn(staff.get(who)!.email, FACTORY_PASSWORD);
  return v;
}
const rowVersion = (page: Awaited<ReturnType<Visitor['get']>>) => html(page)('input[name="row_version"]').val() as string;
const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/** Worked example A1 (charging.md §8) as the sections' forms. */
const A1 = {
  about: { ...date('assessed_on', '2025-06-02'), ...date('date_of_birth', '1947-02-22'), household: 'single', pension_credit_age: 'yes', dependent_children: '0', night_care_arranged: 'no' },
  route: { route: 'full' },
  income: { state_pension_amount: '230.25', state_pension_frequency: 'weekly', aa_rate: 'higher', aa_amount: '441.60', aa_frequency: 'four-weekly' },
  capital: { capital_sole: '18,000', capital_joint: '', joint_owners: '' },
  costs: { housing_costs_amount: '', council_tax_amount: '108.33', council_tax_frequency: 'monthly', dre_itemised: '', cost_of_care: '200.00' },
};

async function fill(v: Visitor, id: string, sections: Record<string, Record<string, string>>) {
  for (const [section, form] of Object.entries(sections)) {
    const page = await v.get(`/financial-assessments/${id}/${section}`);
    expect(page.statusCode, section).toBe(200);
    const saved = await v.post(`/financial-assessments/${id}/${section}`, { ...form, row_version: rowVersion(page) });
    expect(saved.statusCode, `${section}: ${errorSummary(saved).join('; ')}`).toBe(303);
  }
}

describe('a financial assessment', () => {
  it('is recorded section by section, checked, completed under the rules for its date, and explained', async () => {
    const v = await as('worker');
    const person = await make.person(team.id);
    const list = html(await v.get(`/people/${person.id}/financial-assessments`));
    expect(list('p').text()).toContain('There is no financial assessment yet');
    const started = await v.post(`/people/${person.id}/financial-assessments/new`, {});
    const id = /\/financial-assessments\/([0-9a-f-]+)\/check/.exec(started.headers.location as string)![1]!;
    // Starting again carries on with the same draft.
    expect((await v.post(`/people/${person.id}/financial-assessments/new`, {})).headers.location).toBe(`/financial-assessments/${id}/check`);
    const empty = html(await v.get(`/financial-assessments/${id}/check`));
    expect(empty('li a').map((_, a) => empty(a).text()).get()).toContain('Fill in “About the person”');

    const about = await v.get(`/financial-assessments/${id}/about`);
    const bad = await v.post(`/financial-assessments/${id}/about`, { row_version: rowVersion(about), household: 'couple', dependent_children: 'two' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad)).toEqual([
      'Enter the date of the assessment',
      'Enter their date of birth',
      // In the order of the page: the partner's question and the children come before their own pension credit age.
      'Select whether their partner has reached pension credit age',
      'Enter the number of children as a whole number, like 2',
      'Select whether they have reached pension credit age',
      'Select whether the council arranges care at night',
    ]);
    await fill(v, id, A1);
    const check = html(await v.get(`/financial-assessments/${id}/check`));
    expect(check('.govuk-panel__title').text()).toBe('£41.55 a week');
    expect(check('.govuk-warning-text').text()).toContain('9 of the figures in these rules are still to be confirmed');

    const done = await v.post(`/financial-assessments/${id}/check`, { row_version: check('input[name="row_version"]').val() as string });
    expect(done.headers.location).toBe(`/financial-assessments/${id}`);
    const page = html(await v.get(`/financial-assessments/${id}`));
    expect(page('.govuk-body-l').text()).toBe('You pay £41.55 a week towards your care.');
    expect(page('main').text()).toContain('Worked out on 2 June 2025 with the council’s charging rules for 2025-26.');
    expect(page('main').text()).toContain('Not counted: Attendance Allowance: you do not get care at night from us');
    const json = JSON.parse((await v.get(`/financial-assessments/${id}/explanation.json`)).body);
    expect(json.figures).toEqual({ capitalPence: 1800000, tariffIncomePence: 1500, countedIncomePence: 30415, disregardedIncomePence: 3650, housingCostsPence: 2500, drePence: 2000, migPence: 23260, disposableIncomePence: 4155, weeklyContributionPence: 4155, reason: 'assessed' });
    expect(json.rules).toEqual({ id: 'anytown-charging', financialYear: '2025-26', title: expect.any(String), figuresToConfirm: 9 });

    // Complete: the sections no longer change, and the person's page shows the contribution.
    expect((await v.get(`/financial-assessments/${id}/income`)).headers.location).toBe(`/financial-assessments/${id}`);
    expect(html(await v.get(`/people/${person.id}/financial-assessments`))('.govuk-inset-text').text()).toContain('Weekly contribution: £41.55');
    const audits = await t.database.db.selectFrom('audit_events').select('action').where('person_id', '=', person.id).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['financial-assessment.started', 'financial-assessment.section-saved', 'financial-assessment.completed', 'financial-assessment.viewed']));

    // A reassessment starts from this one.
    const again = await v.post(`/people/${person.id}/financial-assessments/new`, {});
    const next = /\/financial-assessments\/([0-9a-f-]+)\/check/.exec(again.headers.location as string)![1]!;
    expect(next).not.toBe(id);
    expect(html(await v.get(`/financial-assessments/${next}/capital`))('#capital_sole').val()).toBe('18000.00');
  });

  it('refuses a save made from a page someone else has since changed', async () => {
    const v = await as('worker');
    const person = await make.person(team.id);
    const id = /\/financial-assessments\/([0-9a-f-]+)\//.exec((await v.post(`/people/${person.id}/financial-assessments/new`, {})).headers.location as string)![1]!;
    const stale = rowVersion(await v.get(`/financial-assessments/${id}/route`));
    await fill(v, id, { route: A1.route });
    const late = await v.post(`/financial-assessments/${id}/route`, { route: 'light-touch-nil', row_version: stale });
    expect(late.headers.location).toBe(`/financial-assessments/${id}/check`);
    const row = await t.database.db.selectFrom('financial_assessments').select('entries').where('id', '=', id).executeTakeFirstOrThrow();
    expect((row.entries as { route: { route: string } }).route.route).toBe('full');
  });

  it('says when no published rules apply on the date, and names the section to change', async () => {
    const v = await as('worker');
    const person = await make.person(team.id);
    const id = /\/financial-assessments\/([0-9a-f-]+)\//.exec((await v.post(`/people/${person.id}/financial-assessments/new`, {})).headers.location as string)![1]!;
    await fill(v, id, { ...A1, about: { ...A1.about, ...date('assessed_on', '2031-06-02') } });
    const check = html(await v.get(`/financial-assessments/${id}/check`));
    expect(check('.govuk-panel').length).toBe(0);
    expect(check('main li a').last().text()).toBe('No published charging rules apply on 2031-06-02: a finance officer must publish the rules for that financial year first');
    const refused = await v.post(`/financial-assessments/${id}/check`, { row_version: '99' });
    expect(refused.statusCode).toBe(400);
  });

  it('is open to finance officers for everyone, and reads as missing to another team', async () => {
    const worker = await as('worker');
    const person = await make.person(team.id);
    const id = /\/financial-assessments\/([0-9a-f-]+)\//.exec((await worker.post(`/people/${person.id}/financial-assessments/new`, {})).headers.location as string)![1]!;
    expect((await (await as('finance')).get(`/financial-assessments/${id}/check`)).statusCode).toBe(200);
    expect((await (await as('other')).get(`/financial-assessments/${id}/check`)).statusCode).toBe(404);
    expect((await (await as('other')).get(`/people/${person.id}/financial-assessments`)).statusCode).toBe(404);
    expect((await (await as('admin')).get(`/financial-assessments/${id}/check`)).statusCode).toBe(403);
  });
});

describe('keeping it up to date', () => {
  it('a change reported (capital crossing a limit) is listed to look at again until a new assessment, or until someone says none is needed', async () => {
    const v = await as('worker');
    const person = await make.person(team.id, { given_name: 'Carla', family_name: 'Capital' });
    await completedFinancialAssessment(t.database.db, person.id, staff.get('worker')!.id, 500);
    const missing = await v.post(`/people/${person.id}/financial-assessments/change`, {});
    expect(errorSummary(missing)).toEqual(['Select what changed', 'Say what changed and when']);
    const done = await v.post(`/people/${person.id}/financial-assessments/change`, { kind: 'capital', details: 'Her aunt left her money in May', capital: '24,000' });
    expect(done.headers.location).toBe(`/people/${person.id}/financial-assessments`);
    const page = html(await v.get(done.headers.location as string));
    expect(page('main ul').first().text()).toContain('Savings or capital changed: Her aunt left her money in May. New capital £24,000.00. Capital is now above the upper limit of £23,250.00 (it was £0.00).');
    const list = html(await v.get('/charging/to-look-at-again'));
    expect(list('table').text()).toContain('Carla Capital');
    // Another team does not see it; finance officers see every team's.
    expect(html(await (await as('other')).get('/charging/to-look-at-again'))('table').text()).not.toContain('Carla Capital');
    expect(html(await (await as('finance')).get('/charging/to-look-at-again'))('table').text()).toContain('Carla Capital');
    const resolveHref = page('a').filter((_, a) => page(a).text().startsWith('No new assessment needed')).attr('href')!;
    expect(errorSummary(await v.post(resolveHref, {}))).toEqual(['Say why no new assessment is needed']);
    expect((await v.post(resolveHref, { reason: 'The money is in a trust she cannot touch' })).statusCode).toBe(303);
    expect(html(await v.get('/charging/to-look-at-again'))('main').text()).not.toContain('Carla Capital');
  });

  it('lists people reaching pension credit age or turning 25 since their assessment or in the next 8 weeks', async () => {
    const v = await as('worker');
    const soon = await make.person(team.id, { given_name: 'Pat', family_name: 'Pension' });
    const id = await completedFinancialAssessment(t.database.db, soon.id, staff.get('worker')!.id, 500);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await t.database.db.updateTable('financial_assessments').set({ pension_credit_age_on: inTenDays }).where('id', '=', id).execute();
    const young = await make.person(team.id, { given_name: 'Tia', family_name: 'Twentyfive' });
    const youngId = await completedFinancialAssessment(t.database.db, young.id, staff.get('worker')!.id, 500);
    const c = (await t.database.db.selectFrom('financial_assessments').select('circumstances').where('id', '=', youngId).executeTakeFirstOrThrow()).circumstances as Record<string, unknown>;
    await t.database.db.updateTable('financial_assessments').set({ circumstances: JSON.stringify({ ...c, dateOfBirth: '2000-09-01' }) }).where('id', '=', youngId).execute();
    const list = html(await v.get('/charging/to-look-at-again'));
    const rows = list('tbody tr').map((_, tr) => list(tr).text().replace(/\s+/g, ' ').trim()).get();
    expect(rows.find((r) => r.includes('Pat Pension'))).toContain('Reaches pension credit age');
    expect(rows.find((r) => r.includes('Tia Twentyfive'))).toContain('1 September 2025 Turns 25');
  });

  it('keeps evidence with the assessment, its type checked by its content', async () => {
    const v = await as('worker');
    const person = await make.person(team.id);
    const id = /\/financial-assessments\/([0-9a-f-]+)\//.exec((await v.post(`/people/${person.id}/financial-assessments/new`, {})).headers.location as string)![1]!;
    await v.get(`/financial-assessments/${id}/evidence`);
    const refused = await v.postFiles(`/financial-assessments/${id}/evidence`, { description: 'Bank statement' }, { file: { name: 'statement.pdf', content: 'not really a pdf' } });
    expect(errorSummary(refused)).toEqual(['The file must be a photo or scan (JPG, PNG or HEIC) or a PDF']);
    const added = await v.postFiles(`/financial-assessments/${id}/evidence`, { description: 'Bank statement, March' }, { file: { name: 'anything.txt', content: '%PDF-1.7 a statement' } });
    expect(added.statusCode).toBe(303);
    const page = html(await v.get(`/financial-assessments/${id}/evidence`));
    const href = page('table a').attr('href')!;
    expect(page('table a').text()).toBe('Bank statement, March');
    const file = await v.get(href);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body).toBe('%PDF-1.7 a statement');
    expect((await (await as('other')).get(href)).statusCode).toBe(404);
  });
});

describe('into the budget', () => {
  it('a new assessment that changes an agreed plan’s contribution says so, and the new version takes it', async () => {
    const v = await as('worker');
    const person = await make.person(team.id);
    const assessment = await make.assessment(person, staff.get('worker')!.id);
    await make.plan(person, assessment.id, staff.get('worker')!.id, { status: 'agreed', contributionPence: 0 });
    const id = /\/financial-assessments\/([0-9a-f-]+)\//.exec((await v.post(`/people/${person.id}/financial-assessments/new`, {})).headers.location as string)![1]!;
    await fill(v, id, A1);
    const check = html(await v.get(`/financial-assessments/${id}/check`));
    await v.post(`/financial-assessments/${id}/check`, { row_version: check('input[name="row_version"]').val() as string });
    const page = html(await v.get(`/financial-assessments/${id}`));
    const banner = page('.govuk-notification-banner').text();
    expect(banner).toContain('The agreed support plan (version 1) has a contribution of £0.00 a week. This assessment gives £41.55 a week with that plan’s cost.');
    expect(banner).toContain('a direct payment is varied from 2 June 2025');
    const started = await v.post(page('.govuk-notification-banner form').attr('action')!, {});
    const planId = started.headers.location!.split('/').pop()!;
    const money = html(await v.get(`/plans/${planId}/money`));
    expect(money('main').text()).toContain('£41.55 a week, from the financial assessment of 2 June 2025 (the 2025-26 charging rules)');
    // With the new version open, the banner says that version takes it, and offers no second one.
    expect(html(await v.get(`/financial-assessments/${id}`))('.govuk-notification-banner form').length).toBe(0);
  });
});

describe('a direct payment varied from the assessment’s date', () => {
  it('the new version’s variation starts, by default, on the date of the assessment its contribution came from', async () => {
    const by = staff.get('worker')!.id;
    const person = await make.person(team.id);
    const assessment = await make.assessment(person, by);
    const dpLine = () => [make.line({ management: 'direct-payment', quantityHundredths: 1000, unitCostPence: 1500 })];
    const v1 = await make.plan(person, assessment.id, by, { status: 'agreed', lines: dpLine() });
    await make.agreement(v1, by, '2025-04-07');
    const fa = await completedFinancialAssessment(t.database.db, person.id, by, 2500);
    const v2 = await make.plan(person, assessment.id, by, { lines: dpLine() });
    const statement = budgetStatement({ lines: v2.lines, contributionWeeklyPence: 2500, paymentFrequency: 'four-weekly' });
    await t.database.db.updateTable('support_plans').set({ status: 'agreed', sign_off_level: 'worker', agreed_on: '2025-06-09', agreed_at: new Date(), statement: JSON.stringify(statement), contribution_weekly_pence: 2500, contribution_assessment_id: fa }).where('id', '=', v2.id).execute();
    const page = html(await (await as('finance')).get(`/direct-payments/new/${v2.id}`));
    expect([page('#from_on-day').val(), page('#from_on-month').val(), page('#from_on-year').val()]).toEqual(['2', '6', '2025']);
    expect(page('#from_on-hint').text()).toContain('The person’s contribution changed with their financial assessment of 2 June 2025');
  });
});

describe('charging rules on the web', () => {
  const text = readFileSync(new URL('../../src/db/seed/charging/anytown-charging-2026-27.json', import.meta.url), 'utf8');
  it('imports a draft (every problem named by its JSON path), shows its warnings, publishes it once', async () => {
    const v = await as('admin');
    const broken = JSON.parse(text);
    broken.id = 'web-charging';
    delete broken.capital.upperPence;
    broken.council.percentOfDisposable = 100;
    const refused = await v.post('/charging/rules/import', { document: JSON.stringify(broken) });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused)).toEqual([
      '$.capital.upperPence: is missing',
      '$.council.percentOfDisposable: must be a percentage written as a string, greater than 0 and at most 100, with at most 2 decimal places, like "100" or "92.5"',
      '$.toConfirm[0]: "capital.upperPence" is not the path of a figure in this document, like "mig.couple.eachPence"',
    ]);

    const doc = JSON.parse(text);
    doc.id = 'web-charging';
    doc.validFrom = '2032-04-05';
    doc.validTo = '2033-04-03';
    doc.financialYear = '2032-33';
    const imported = await v.post('/charging/rules/import', { document: JSON.stringify(doc) });
    expect(imported.statusCode).toBe(303);
    const view = html(await v.get(imported.headers.location as string));
    expect(view('.govuk-warning-text').text()).toContain('Selfdirect holds no statutory figures for 2032-33');
    expect(view('.govuk-tag--yellow').length).toBeGreaterThan(5);
    const publishUrl = view('a[href$="/publish"]').attr('href')!;
    const form = html(await v.get(publishUrl));
    expect((await v.post(publishUrl, { row_version: form('input[name="row_version"]').val() as string })).statusCode).toBe(303);
    const again = await v.post('/charging/rules/import', { document: JSON.stringify(doc) });
    expect(errorSummary(again)).toEqual(['$.financialYear: web-charging 2032-33 is published and never changes. Rules for a new year need their own financialYear']);
  });

  it('refuses to publish rules for dates another published set already covers', async () => {
    const v = await as('finance');
    const doc = JSON.parse(text);
    doc.id = 'overlapping-charging';
    const imported = await v.post('/charging/rules/import', { document: JSON.stringify(doc) });
    const id = /\/charging\/rules\/([0-9a-f-]+)/.exec(imported.headers.location as string)![1]!;
    const form = html(await v.get(`/charging/rules/${id}/publish`));
    const refused = await v.post(`/charging/rules/${id}/publish`, { row_version: form('input[name="row_version"]').val() as string });
    expect(refused.headers.location).toBe(`/charging/rules/${id}`);
    const row = await t.database.db.selectFrom('charging_rules').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
  });
});
