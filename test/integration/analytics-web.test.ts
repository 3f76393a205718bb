import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../src/features/analytics/calibrate.js';
import { factories } from '../helpers/factories.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let t: TestApp;
let analyst: Visitor;

beforeAll(async () => {
  t = await testApp();
  analyst = new Visitor(t.app);
  await analyst.signIn(DEMO.analyst);
});
afterAll(async () => t?.close());

/** Two groups on straight lines with some noise, and one group too small to fit. */
function history(): string {
  const rows = ['person_id,group,points,weekly_cost_pence'];
  for (let i = 0; i < 40; i++) rows.push(`P${i},physical-sensory,${10 + i},${5000 + (10 + i) * 1450 + ((i * 37) % 11) * 10}`);
  for (let i = 0; i < 30; i++) rows.push(`Q${i},learning-disability,${20 + i * 2},${2000 + (20 + i * 2) * 1875 - ((i * 13) % 7) * 10}`);
  rows.push('R1,mental-health,30,40000');
  return `${rows.join('\n')}\n`;
}

const runId = (location: string) => location.split('/').pop()!;

/** Posts the history file for calibration: the run's id. */
async function calibrated(): Promise<string> {
  const posted = await analyst.postFiles('/analytics/calibrate', { source: 'file' }, { history: { name: 'history.csv', content: history() } });
  expect(posted.statusCode, posted.body.slice(0, 500)).toBe(303);
  return runId(posted.headers.location!);
}

describe('analysts’ pages', () => {

  it('calibrates an uploaded history file: the same figures as the command, a chart with a table, downloads', async () => {
    const page = await analyst.get('/analytics/calibrate');
    expect(page.statusCode).toBe(200);
    const posted = await analyst.postFiles('/analytics/calibrate', { source: 'file' }, { history: { name: 'history.csv', content: history() } });
    expect(posted.statusCode, posted.body.slice(0, 500)).toBe(303);
    const calibration = runId(posted.headers.location!);
    const result = await analyst.get(posted.headers.location!);
    const $ = html(result);
    expect($('svg[role="img"] title').text()).toBe('Points against weekly cost, with each group’s fitted line');
    const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-test-'));
    writeFileSync(path.join(dir, 'h.csv'), history());
    const expected = await calibrate(path.join(dir, 'h.csv'), { throughOrigin: false });
    const rows = $('table tbody tr').map((_, tr) => [$(tr).find('th, td').map((__, c) => $(c).text().trim()).get()]).get() as unknown as string[][];
    // Each group by its title from the scheme, then its id.
    expect(rows.map((r) => r[1])).toEqual(['physical-sensory', 'learning-disability', 'mental-health']);
    expect(rows[0]![0]).not.toBe('physical-sensory');
    const physical = expected.groups[0]!;
    if ('error' in physical) throw new Error('should fit');
    expect(rows[0]![3]).toBe(`£${(physical.pencePerPoint / 100).toFixed(4)}`);
    // A group of fewer than 5 people shows no fitted figures (the small-number rule).
    expect(rows[2]!.slice(2, 6)).toEqual(['fewer than 5', 'not shown', 'not shown', 'not shown']);
    // The key is a list under the chart, so it wraps at any width.
    expect($('.app-chart-key li').map((_, li) => $(li).text().trim()).get()).toEqual([rows[0]![0], rows[1]![0]]);
    expect($('svg[role="img"] text').text()).not.toContain(rows[0]![0]);

    const csv = await analyst.get(`/analytics/runs/${calibration}/results.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Group,Group id,People,Rate per point (£),Fixed amount a week (£),R²,Note');
    expect(lines[1]).toBe(`${rows[0]![0]},physical-sensory,40,${physical.pencePerPoint / 100},${(Math.round(physical.fixedPence) / 100).toFixed(2)},${physical.r2},`);

    const xlsx = await analyst.get(`/analytics/runs/${calibration}/results.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Group', 'Group id', 'People', 'Rate per point (£)', 'Fixed amount a week (£)', 'R²', 'Note']);
    expect(sheet.getRow(2).getCell(4).value).toBe(physical.pencePerPoint / 100);
    // Cells carry number formats: pounds to 4 places for a rate, pounds and pence, counts, R².
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('#,##0');
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('"£"#,##0.0000');
    expect(sheet.getRow(2).getCell(5).numFmt).toBe('"£"#,##0.00');
    expect(sheet.getRow(2).getCell(6).numFmt).toBe('0.000');
  });

  it('saves a calibration as a draft scheme version with the rates rounded as the format says', async () => {
    const calibration = await calibrated();
    const scheme = await t.database.db.selectFrom('ras_schemes').select('id').where('scheme_id', '=', 'anytown-adults').executeTakeFirstOrThrow();
    const missing = await analyst.post(`/analytics/runs/${calibration}/scheme`, { base: scheme.id, version: '' });
    // Every problem in one round, in the order of the fields: the version, then the date it takes effect.
    expect(errorSummary(missing)).toEqual(['Enter the new version, like 2027.1', 'Enter the date the new version takes effect, like 1 4 2027']);
    const early = await analyst.post(`/analytics/runs/${calibration}/scheme`, { base: scheme.id, version: '2027.1', 'effective_from-day': '1', 'effective_from-month': '4', 'effective_from-year': '2020' });
    expect(errorSummary(early)[0]).toMatch(/^The date it takes effect must be after /);
    const saved = await analyst.post(`/analytics/runs/${calibration}/scheme`, { base: scheme.id, version: '2027.1', 'effective_from-day': '1', 'effective_from-month': '4', 'effective_from-year': '2027' });
    expect(saved.statusCode).toBe(303);
    const draft = await t.database.db.selectFrom('ras_schemes').select(['status', 'document', 'effective_from']).where('scheme_id', '=', 'anytown-adults').where('version', '=', '2027.1').executeTakeFirstOrThrow();
    expect(draft.status).toBe('draft');
    expect(draft.effective_from).toBe('2027-04-01');
    const doc = typeof draft.document === 'string' ? JSON.parse(draft.document) : draft.document;
    const physical = doc.allocation.groups.find((g: { id: string }) => g.id === 'physical-sensory');
    expect(String(physical.pencePerPoint).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(4);
    expect(Number.isInteger(physical.fixedPence)).toBe(true);
    const flash = await analyst.get(saved.headers.location!);
    expect(html(flash)('.govuk-notification-banner').text()).toContain('These groups kept their rates');
  });

  it('refuses a bad file whole, naming the lines, and keeps nothing', async () => {
    const before = await t.database.db.selectFrom('analysis_runs').select('id').execute();
    const bad = await analyst.postFiles('/analytics/calibrate', { source: 'file' }, { history: { name: 'bad.csv', content: 'person_id,group,points,weekly_cost_pence\nA,g,ten,100\nB,g,5,-3\n' } });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad)).toEqual([
      'The history file, line 2, column points: "ten" is not a whole number of points, 0 or more',
      'The history file, line 3, column weekly_cost_pence: "-3" is not a whole number of pence, 0 or more',
    ]);
    const none = await analyst.postFiles('/analytics/calibrate', { source: 'file' }, {});
    expect(errorSummary(none)).toEqual(['Choose the history CSV file to upload']);
    expect((await t.database.db.selectFrom('analysis_runs').select('id').execute()).length).toBe(before.length);
  });

  it('calibrates from the agreed support plans in the database', async () => {
    const posted = await analyst.postFiles('/analytics/calibrate', { source: 'database' }, {});
    expect(posted.statusCode).toBe(303);
    const page = await analyst.get(posted.headers.location!);
    expect(html(page)('h1').text()).toBe('Calibration from agreed support plans');
    expect(html(page)('table').text()).toContain('physical-sensory');
  });

  it('tests a scheme against a baseline and the budget, on the assessments in the database', async () => {
    const published = await t.database.db.selectFrom('ras_schemes').select('id').where('scheme_id', '=', 'anytown-adults').where('status', '=', 'published').executeTakeFirstOrThrow();
    const draft = await factories(t.database.db).draftScheme();
    const posted = await analyst.postFiles('/analytics/simulate', { source: 'database', scheme: draft.id, baseline: published.id, budget: '1,000,000' }, {});
    expect(posted.statusCode, errorSummary(posted).join('; ')).toBe(303);
    const page = await analyst.get(posted.headers.location!);
    const $ = html(page);
    expect($('svg[role="img"] title').text()).toBe('Change in annual cost per group against the baseline');
    expect($('table').text()).toContain('All groups');
    expect($('dl').text()).toContain('Budget available for a year');
  });

  it('reviews equity from uploaded files and suggests the rate that would have matched spend', async () => {
    const scheme = await t.database.db.selectFrom('ras_schemes').select('id').where('scheme_id', '=', 'anytown-adults').where('version', '=', '2026.1').executeTakeFirstOrThrow();
    // Twenty people in the group: enough to show its figures (5) and to conclude from (20).
    const five = Array.from({ length: 20 }, (_, i) => i + 1);
    const allocations = ['person_id,group,points,weekly_pence,annual_pence,outcome', ...five.map((n) => `A${n},learning-disability,20,37505,1950260,allocated`), 'B,physical-sensory,20,29000,1508000,allocated', ''].join('\n');
    const spend = ['person_id,annual_spend_pence', ...five.map((n) => `A${n},2457328`), 'B,1500000', 'C,100', ''].join('\n');
    const posted = await analyst.postFiles('/analytics/equity', { source: 'file', spend_source: 'file', tolerance: '10', scheme: scheme.id }, { allocations: { name: 'allocations.csv', content: allocations }, spend: { name: 'spend.csv', content: spend } });
    expect(posted.statusCode, errorSummary(posted).join('; ')).toBe(303);
    const page = await analyst.get(posted.headers.location!);
    const $ = html(page);
    const ld = $('table tbody tr').filter((_, tr) => $(tr).text().includes('learning-disability')).text();
    expect(ld).toContain('+26%');
    expect(ld).toContain('Spent 26% more than the indicative budgets: the RAS gives this group too little');
    expect(ld).toContain('£23.6282'); // 1875.25 × 1.26
    expect($('main').text()).toContain('1 person was in only one of the two files and is left out of the totals');
    expect($('svg[role="img"] desc').text()).toContain('the shaded band is within 10%');
  });

  it('reviews equity from the database only for whole years, and says so when no one had a direct payment all year', async () => {
    const form = html(await analyst.get('/analytics/equity'));
    const years = form('#spend_year option').map((_, o) => form(o).text()).get();
    // Today is in the 2026-27 year (or later): only years that have ended are offered.
    expect(years[0]).not.toContain(`April ${new Date().getUTCFullYear() + 1}`);
    const posted = await analyst.postFiles('/analytics/equity', { source: 'database', spend_source: 'database', spend_year: '2015', tolerance: '10' }, {});
    expect(posted.statusCode).toBe(400);
    expect(errorSummary(posted)).toEqual(['No one had a direct payment for the whole of April 2015 to March 2016, so there is nothing to compare like for like. Choose another year, or upload a spend file']);
  });

  it('reviews equity from the database like for like: a whole year of spending against the budget that held all year, saying who is left out (issue 17)', async () => {
    const db = t.database.db;
    const make = factories(db);
    const team = await make.team();
    const staff = await make.staff('social-worker', [team.id]);
    /** Someone with an assessment completed on a day, an agreed plan, and a direct payment over some dates that spent an amount in 2023-24. */
    const someone = async (o: { assessedOn: string; start: string; end?: string; spendPence: number }) => {
      const person = await make.person(team.id, { primary_support_reason: 'Learning disability support' });
      const assessment = await make.assessment(person, staff.id);
      await db.updateTable('assessments').set({ completed_at: new Date(`${o.assessedOn}T12:00:00Z`) }).where('id', '=', assessment.id).execute();
      const plan = await make.plan(person, assessment.id, staff.id, { status: 'agreed' });
      const agreement = await make.agreement(plan, staff.id, o.start);
      if (o.end) await db.updateTable('dp_agreements').set({ end_on: o.end }).where('id', '=', agreement.id).execute();
      const tx = randomUUID();
      await db.insertInto('ledger_entries').values([
        { transaction_id: tx, agreement_id: agreement.id, posted_on: '2023-09-01', account: 'account', amount_pence: -o.spendPence, kind: 'spend', source: 'test', plan_line_id: null },
        { transaction_id: tx, agreement_id: agreement.id, posted_on: '2023-09-01', account: 'spend', amount_pence: o.spendPence, kind: 'spend', source: 'test', plan_line_id: null },
      ]).execute();
      return (await db.selectFrom('assessments').select(['group_id', 'annual_pence']).where('id', '=', assessment.id).executeTakeFirstOrThrow());
    };
    const held: { group_id: string | null; annual_pence: number | null }[] = [];
    for (let i = 0; i < 5; i++) held.push(await someone({ assessedOn: '2023-01-10', start: '2023-02-01', spendPence: 1_000_000 }));
    // A direct payment for half the year, and someone reassessed during it: neither is like for like.
    await someone({ assessedOn: '2023-01-10', start: '2023-10-01', spendPence: 400_000 });
    await someone({ assessedOn: '2023-08-01', start: '2023-02-01', spendPence: 900_000 });
    const posted = await analyst.postFiles('/analytics/equity', { source: 'database', spend_source: 'database', spend_year: '2023', tolerance: '10' }, {});
    expect(posted.statusCode, errorSummary(posted).join('; ')).toBe(303);
    const $ = html(await analyst.get(posted.headers.location!));
    expect($('main').text().replace(/\s+/g, ' ')).toContain('Spending is for the whole year, April 2023 to March 2024, for the 6 people whose direct payment ran all year. 1 person with a direct payment for part of the year is left out. Each is compared with the indicative budget of the assessment that held all year; 1 person reassessed during the year is left out.');
    const row = $('table tbody tr').filter((_, tr) => $(tr).find('td').eq(0).text().trim() === held[0]!.group_id).find('th, td').map((_, c) => $(c).text().trim()).get();
    expect(row.slice(2, 5)).toEqual(['5', `£${((5 * held[0]!.annual_pence!) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`, '£50,000.00']);
    // Five people show their figures, but are too few to conclude from.
    expect(row[7]).toBe('No');
    expect($('.govuk-warning-text').text()).toContain('only 5 people, too few to conclude from');
  });

  it('takes no files from anyone else', async () => {
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const refused = await worker.postFiles('/analytics/calibrate', { source: 'file' }, { history: { name: 'h.csv', content: history() } });
    expect(refused.statusCode).toBe(403);
    const anonymous = new Visitor(t.app);
    const out = await anonymous.postFiles('/analytics/calibrate', { source: 'file' }, { history: { name: 'h.csv', content: history() } });
    expect([303, 403]).toContain(out.statusCode);
    const elsewhere = await analyst.postFiles('/people/search', { query: 'x' }, { history: { name: 'h.csv', content: 'x' } });
    expect(elsewhere.statusCode).toBe(400);
  });
});
