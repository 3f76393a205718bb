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
    expect(rows.map((r) => r[0])).toEqual(['physical-sensory', 'learning-disability', 'mental-health']);
    const physical = expected.groups[0]!;
    if ('error' in physical) throw new Error('should fit');
    expect(rows[0]![2]).toBe(`£${(physical.pencePerPoint / 100).toFixed(4)}`);
    // A group of fewer than 5 people shows no fitted figures (the small-number rule).
    expect(rows[2]!.slice(1, 5)).toEqual(['fewer than 5', 'not shown', 'not shown', 'not shown']);

    const csv = await analyst.get(`/analytics/runs/${calibration}/results.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Group,People,Pence per point,Fixed pence a week,R²,Problem');
    expect(lines[1]).toBe(`physical-sensory,40,${physical.pencePerPoint},${physical.fixedPence},${physical.r2},`);

    const xlsx = await analyst.get(`/analytics/runs/${calibration}/results.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Group');
    expect(sheet.getRow(2).getCell(3).value).toBe(physical.pencePerPoint);
  });

  it('saves a calibration as a draft scheme version with the rates rounded as the format says', async () => {
    const calibration = await calibrated();
    const scheme = await t.database.db.selectFrom('ras_schemes').select('id').where('scheme_id', '=', 'anytown-adults').executeTakeFirstOrThrow();
    const missing = await analyst.post(`/analytics/runs/${calibration}/scheme`, { base: scheme.id, version: '' });
    expect(errorSummary(missing)).toEqual(['Enter the new version, like 2027.1']);
    const saved = await analyst.post(`/analytics/runs/${calibration}/scheme`, { base: scheme.id, version: '2027.1' });
    expect(saved.statusCode).toBe(303);
    const draft = await t.database.db.selectFrom('ras_schemes').select(['status', 'document']).where('scheme_id', '=', 'anytown-adults').where('version', '=', '2027.1').executeTakeFirstOrThrow();
    expect(draft.status).toBe('draft');
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
    // Five people in the group, so its figures are shown (fewer would be "fewer than 5").
    const five = [1, 2, 3, 4, 5];
    const allocations = ['person_id,group,points,weekly_pence,annual_pence,outcome', ...five.map((n) => `A${n},learning-disability,20,37505,1950260,allocated`), 'B,physical-sensory,20,29000,1508000,allocated', ''].join('\n');
    const spend = ['person_id,annual_spend_pence', ...five.map((n) => `A${n},2457328`), 'B,1500000', 'C,100', ''].join('\n');
    const posted = await analyst.postFiles('/analytics/equity', { source: 'file', spend_source: 'file', tolerance: '10', scheme: scheme.id }, { allocations: { name: 'allocations.csv', content: allocations }, spend: { name: 'spend.csv', content: spend } });
    expect(posted.statusCode, errorSummary(posted).join('; ')).toBe(303);
    const page = await analyst.get(posted.headers.location!);
    const $ = html(page);
    const ld = $('table tbody tr').filter((_, tr) => $(tr).text().includes('learning-disability')).text();
    expect(ld).toContain('+26%');
    expect(ld).toContain('spent 26% more than the indicative budgets: the RAS gives this group too little');
    expect(ld).toContain('£23.6282'); // 1875.25 × 1.26
    expect($('main').text()).toContain('1 people were in only one of the two files');
    expect($('svg[role="img"] desc').text()).toContain('the shaded band is within 10%');
  });

  it('reviews equity from the database: assessments and the spending direct payment accounts recorded', async () => {
    const posted = await analyst.postFiles('/analytics/equity', { source: 'database', spend_source: 'database', spend_year: '2026', tolerance: '10' }, {});
    expect(posted.statusCode, errorSummary(posted).join('; ')).toBe(303);
    const page = await analyst.get(posted.headers.location!);
    expect(html(page)('h1').text()).toBe('Equity review: assessments in the database and direct payment spending 2026 to 2027');
    expect(html(page)('table').text()).toContain('physical-sensory'); // Margaret's account spent in the demo data
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
