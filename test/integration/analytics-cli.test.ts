import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands.js';
import { captureOutput } from '../helpers/capture.js';
import { compileScheme, priceAssessment } from '../../src/domain/ras/pricing.js';
import { validateScheme } from '../../src/domain/ras/scheme.js';
import { projectRoot } from '../../src/root.js';
import { simulate, simulatePlain } from '../../src/features/analytics/simulate.js';
import { equity } from '../../src/features/analytics/equity.js';
import { type TestDatabase, testDatabase, testingPostgres } from '../helpers/database.js';

const adultsFile = path.join(projectRoot, 'src/db/seed/schemes/anytown-adults.ras.json');
const adults = JSON.parse(readFileSync(adultsFile, 'utf8'));
const compiled = compileScheme(adults);

let dir: string;
let database: TestDatabase;
let out: string[];
let err: string[];
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-analytics-'));
  database = await testDatabase({ empty: true });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database?.close();
});
afterEach(() => vi.restoreAllMocks());

function capture() {
  ({ out, err } = captureOutput());
}
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

/** A seeded generator, so the data is the same every run. */
function generator(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
}

describe(`ras calibrate, against ${testingPostgres() ? 'PostgreSQL' : 'PGlite'}’s regr_* on the same rows`, () => {
  it('fits each group as regr_slope, regr_intercept and regr_r2 do, and names groups that cannot be fitted', async () => {
    const random = generator(7);
    const rows: [string, string, number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      const group = ['older-people', 'learning-disability', 'mental-health'][i % 3]!;
      const points = Math.floor(random() * 150);
      const rate = { 'older-people': 1450, 'learning-disability': 1875, 'mental-health': 1390 }[group]!;
      rows.push([`P${i}`, group, points, Math.max(0, Math.round(points * rate + (random() - 0.5) * 40_000 + 5000))]);
    }
    rows.push(['Q1', 'lonely', 10, 1000]);
    rows.push(['Q2', 'flat', 10, 1000], ['Q3', 'flat', 10, 3000]);
    const history = file('history.csv', `person_id,group,points,weekly_cost_pence\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const report = path.join(dir, 'calibration.json');
    capture();
    expect(await run(['ras', 'calibrate', '--history', history, '--out', report])).toBe(0);
    const groups = json(report).groups;

    const db = database.db;
    await sql`CREATE TABLE history (person_id text, grp text, points integer, cost bigint)`.execute(db);
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await sql`INSERT INTO history SELECT * FROM unnest(${chunk.map((r) => r[0])}::text[], ${chunk.map((r) => r[1])}::text[], ${chunk.map((r) => r[2])}::int[], ${chunk.map((r) => r[3])}::bigint[])`.execute(db);
    }
    const expected = await sql<{ grp: string; n: number; slope: number; intercept: number; r2: number }>`
      SELECT grp, count(*)::int AS n, regr_slope(cost, points) AS slope, regr_intercept(cost, points) AS intercept, regr_r2(cost, points) AS r2
      FROM history GROUP BY grp`.execute(db);
    for (const e of expected.rows) {
      const g = groups.find((x: { id: string }) => x.id === e.grp);
      if (e.slope === null) {
        expect(g, e.grp).toMatchObject({ id: e.grp, n: e.n, error: expect.any(String) });
        continue;
      }
      expect(g.n).toBe(e.n);
      expect(g.pencePerPoint).toBeCloseTo(Number(e.slope), 9);
      expect(g.fixedPence).toBeCloseTo(Number(e.intercept), 6);
      expect(g.r2).toBeCloseTo(Number(e.r2), 12);
    }
    expect(groups.map((g: { id: string }) => g.id)).toEqual(['older-people', 'learning-disability', 'mental-health', 'lonely', 'flat']);
    expect(groups.find((g: { id: string }) => g.id === 'lonely')).toEqual({ id: 'lonely', n: 1, error: expect.stringContaining('only one person') });
  });

  it('fits through the origin, and writes a new draft scheme with rates rounded as the format says', async () => {
    const history = file(
      'origin.csv',
      'person_id,group,points,weekly_cost_pence\nA,learning-disability,10,20001\nB,learning-disability,20,39999\nC,learning-disability,30,60500\nD,mental-health,5,100\n',
    );
    const report = path.join(dir, 'origin.json');
    const newScheme = path.join(dir, 'calibrated.ras.json');
    capture();
    expect(await run(['ras', 'calibrate', '--history', history, '--out', report, '--through-origin', '--scheme', adultsFile, '--write-scheme', newScheme, '--new-version', '2027.1'])).toBe(0);
    const ld = json(report).groups[0];
    // Σxy = 200,010 + 799,980 + 1,815,000 = 2,814,990 ; Σx² = 1400
    expect(ld).toMatchObject({ id: 'learning-disability', n: 3, fixedPence: 0 });
    expect(ld.pencePerPoint).toBeCloseTo(2_814_990 / 1400, 10);
    const scheme = json(newScheme);
    expect(validateScheme(scheme).ok).toBe(true);
    expect(scheme.version).toBe('2027.1');
    const group = scheme.allocation.groups.find((g: { id: string }) => g.id === 'learning-disability');
    expect(group).toMatchObject({ pencePerPoint: 2010.7071, fixedPence: 0 }); // 2010.707142… → 4 places, half up
    expect(scheme.allocation.groups.find((g: { id: string }) => g.id === 'mental-health').pencePerPoint).toBe(1390); // one person: kept
    expect(out.join('')).toContain('these groups kept their rates: physical-sensory, memory-cognition, mental-health, social-support');
  });

  it('reads quoted fields, CRLF line ends, a byte order mark and a last line without a line break', async () => {
    const history = file('quoted.csv', '\ufeffperson_id,group,points,weekly_cost_pence\r\n"Smith, J",g,10,1000\r\nB,"g",20,2000\r\nC,g,30,3000');
    const report = path.join(dir, 'quoted.json');
    capture();
    expect(await run(['ras', 'calibrate', '--history', history, '--out', report])).toBe(0);
    expect(json(report).groups).toEqual([{ id: 'g', n: 3, pencePerPoint: 100, fixedPence: 0, r2: 1 }]);
  });

  it('labels a line through 2 people as fitting exactly, not as an r² of 1.000', async () => {
    const history = file('two.csv', 'person_id,group,points,weekly_cost_pence\nA,g,10,1000\nB,g,20,5000\n');
    capture();
    expect(await run(['ras', 'calibrate', '--history', history, '--out', path.join(dir, 'two.json')])).toBe(0);
    expect(out.join('')).toContain('g: 2 people; 400.00000 pence a point, fixed -3000.0000 pence, r² not meaningful (only 2 people: a line always fits 2 people exactly, so R² says nothing)');
    expect(out.join('')).not.toContain('r² 1.000');
  });

  it('refuses a bad history file whole, naming each bad row', async () => {
    const history = file('bad-history.csv', 'person_id,group,points,weekly_cost_pence\nA,g,10,100\nB,g,ten,100\n,g,5,-3\n');
    const report = path.join(dir, 'bad.json');
    capture();
    expect(await run(['ras', 'calibrate', '--history', history, '--out', report])).toBe(1);
    expect(err.join('')).toContain('line 3, column points: "ten" is not a whole number of points, 0 or more');
    expect(err.join('')).toContain('line 4, column person_id: is empty');
    expect(err.join('')).toContain('line 4, column weekly_cost_pence: "-3" is not a whole number of pence, 0 or more');
    expect(() => readFileSync(report)).toThrow();
    const wrongHeader = file('wrong-header.csv', 'person,group,points,cost\nA,g,1,1\n');
    capture();
    expect(await run(['ras', 'calibrate', '--history', wrongHeader, '--out', report])).toBe(1);
    expect(err.join('')).toContain('line 1: the header must be person_id,group,points,weekly_cost_pence');
    const short = file('short.csv', 'person_id,group,points,weekly_cost_pence\nA,g,1\n"B,g,1,1\n');
    capture();
    expect(await run(['ras', 'calibrate', '--history', short, '--out', report])).toBe(1);
    expect(err.join('')).toContain('line 2: has 3 fields; expected 4');
    expect(err.join('')).toContain('line 3: a quoted field is not closed');
  });
});

const row = (id: string, group: string, answer: string) => `${id},${group},${compiled.questionIds.map(() => answer).join(',')}`;
const answersAll = (answer: string) => Object.fromEntries(compiled.questionIds.map((q) => [q, answer]));

describe('ras simulate', () => {
  it('totals a new scheme per group against a baseline and the budget', async () => {
    const newer = { ...adults, version: '2026.2', allocation: { ...adults.allocation, groups: adults.allocation.groups.map((g: { id: string; pencePerPoint: number }) => (g.id === 'mental-health' ? { ...g, pencePerPoint: 1000 } : g)) } };
    const newFile = file('new.ras.json', JSON.stringify(newer));
    const population = file('population.csv', [`person_id,group,${compiled.questionIds.join(',')}`, row('A', 'mental-health', 'b'), row('B', 'mental-health', 'a'), row('C', 'learning-disability', 'c'), row('D', 'learning-disability', 'd')].join('\n'));
    const report = path.join(dir, 'simulation.json');
    capture();
    expect(await run(['ras', 'simulate', '--scheme', newFile, '--baseline', adultsFile, '--population', population, '--budget-pence', '10000000', '--out', report])).toBe(0);
    const r = json(report);
    const price = (s: object, answer: string, group: string) => priceAssessment(compileScheme(s as never), answersAll(answer), group);
    const mhNew = price(newer, 'b', 'mental-health').annualPence;
    const mhOld = price(adults, 'b', 'mental-health').annualPence;
    const ldC = price(adults, 'c', 'learning-disability').annualPence;
    const ldD = price(adults, 'd', 'learning-disability').annualPence;
    const mh = r.groups.find((g: { id: string }) => g.id === 'mental-health');
    expect(mh).toEqual({ id: 'mental-health', people: 2, annualPence: mhNew, baselineAnnualPence: mhOld, changePence: mhNew - mhOld, gainers: 0, losers: 1, belowThreshold: 1, panelReview: 0 });
    const ld = r.groups.find((g: { id: string }) => g.id === 'learning-disability');
    expect(ld).toEqual({ id: 'learning-disability', people: 2, annualPence: ldC + ldD, baselineAnnualPence: ldC + ldD, changePence: 0, gainers: 0, losers: 0, belowThreshold: 0, panelReview: 1 });
    expect(r.groups.find((g: { id: string }) => g.id === 'social-support')).toMatchObject({ people: 0, annualPence: 0 });
    expect(r.total).toEqual({ people: 4, annualPence: mhNew + ldC + ldD, baselineAnnualPence: mhOld + ldC + ldD, changePence: mhNew - mhOld });
    expect(r.budget).toEqual({ availablePence: 10_000_000, headroomPence: 10_000_000 - (mhNew + ldC + ldD) });
  });

  it('without a baseline reports no baseline figures, and refuses a bad population whole', async () => {
    const population = file('pop2.csv', [`person_id,group,${compiled.questionIds.join(',')}`, row('A', 'mental-health', 'b')].join('\n'));
    const report = path.join(dir, 'simple.json');
    capture();
    expect(await run(['ras', 'simulate', '--scheme', adultsFile, '--population', population, '--out', report])).toBe(0);
    const r = json(report);
    expect(Object.keys(r.total)).toEqual(['people', 'annualPence']);
    expect(Object.keys(r.groups[0])).toEqual(['id', 'people', 'annualPence', 'belowThreshold', 'panelReview']);
    const bad = file('pop-bad.csv', [`person_id,group,${compiled.questionIds.join(',')}`, row('A', 'nobody', 'b'), row('B', 'mental-health', 'x')].join('\n'));
    capture();
    expect(await run(['ras', 'simulate', '--scheme', adultsFile, '--population', bad, '--out', path.join(dir, 'never.json')])).toBe(1);
    expect(err.join('')).toContain('line 2, column group: "nobody" is not a group of the scheme');
    expect(err.join('')).toContain('line 3, column pc-wash: "x" is not an answer to this question');
  });
});

describe('ras simulate reads a plain file a byte at a time', () => {
  it('gives the same report as the careful reader for any population (a quoted id sends the same rows through it)', async () => {
    const newer = compileScheme({ ...adults, version: '2026.2', allocation: { ...adults.allocation, groups: adults.allocation.groups.map((g: { pencePerPoint: number }) => ({ ...g, pencePerPoint: g.pencePerPoint + 7 })) } });
    const random = generator(19);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const groups = [...compiled.groups!.keys()];
    for (let round = 0; round < 5; round++) {
      const rows = Array.from({ length: 200 }, (_, i) => `P${round}-${i},${pick(groups)},${compiled.questionIds.map((_, q) => pick([...compiled.answerPoints[q]!.keys()])).join(',')}`);
      const header = `person_id,group,${compiled.questionIds.join(',')}`;
      const plain = file(`plain-${round}.csv`, `${header}\r\n${rows.join('\r\n')}`);
      const quoted = file(`quoted-${round}.csv`, `${header}\n"${rows[0]!.replace(',', '",')}\n${rows.slice(1).join('\n')}\n`);
      for (const baseline of [null, compiled]) {
        const fast = await simulate(newer, baseline, plain, { budgetPence: 123 });
        expect(fast.total.people).toBe(200);
        // The plain file did take the fast path; the quoted one cannot.
        expect(await simulatePlain(baseline ? [newer, baseline] : [newer], plain)).not.toBeNull();
        expect(await simulatePlain([newer], quoted)).toBeNull();
        expect(fast).toEqual(await simulate(newer, baseline, quoted, { budgetPence: 123 }));
      }
    }
  });
});

describe('ras equity', () => {
  it('compares spend with indicative budgets on group totals, flags groups outside the tolerance and says which way, and when a group is too small to conclude from', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `L${i + 1}`);
    const allocations = file(
      'allocations.csv',
      `person_id,group,points,weekly_pence,annual_pence,outcome\n${twenty.map((id) => `${id},learning-disability,50,1000,100000,allocated\n`).join('')}O1,older-people,40,800,50000,allocated\nO2,older-people,40,800,50000,allocated\nM1,mental-health,30,500,30000,allocated\nX1,older-people,1,0,0,below-threshold\n`,
    );
    const spend = file('spend.csv', `person_id,annual_spend_pence\n${twenty.map((id) => `${id},126000\n`).join('')}O1,33000\nO2,33000\nM1,31000\nZ9,5000\n`);
    const report = path.join(dir, 'equity.json');
    capture();
    expect(await run(['ras', 'equity', '--allocations', allocations, '--spend', spend, '--out', report])).toBe(0);
    expect(json(report)).toEqual({
      groups: [
        { id: 'learning-disability', people: 20, indicativePence: 2000000, spendPence: 2520000, differenceRatio: 0.26, flagged: true },
        { id: 'older-people', people: 2, indicativePence: 100000, spendPence: 66000, differenceRatio: -0.34, flagged: true },
        { id: 'mental-health', people: 1, indicativePence: 30000, spendPence: 31000, differenceRatio: 0.0333, flagged: false },
      ],
      unmatched: 2,
    });
    expect(out.join('')).toContain('learning-disability: FLAGGED — spent 26% more than the indicative budgets: the RAS gives this group too little');
    // Two people are too few to conclude from: said, and not flagged in words (the report's flag follows the format).
    expect(out.join('')).toContain('older-people: Only 2 people: too few to conclude from. They spent 34% less than the indicative budgets');
    capture();
    expect(await run(['ras', 'equity', '--allocations', allocations, '--spend', spend, '--tolerance', '0.03', '--out', report])).toBe(0);
    expect(json(report).groups[2].flagged).toBe(true);
  });

  it('gives the same report from plain files read a byte at a time as from quoted ones read carefully', async () => {
    const random = generator(7);
    const groups = ['learning-disability', 'older-people', 'mental-health', 'Ünïcode group'];
    const outcomes = ['allocated', 'below-threshold', 'panel-review'];
    const people = Array.from({ length: 300 }, (_, i) => `P${i}`);
    const allocationRows = people.map((id) => `${id},${groups[Math.floor(random() * 3)]},${Math.floor(random() * 100)},${Math.floor(random() * 5000)},${Math.floor(random() * 300_000)},${outcomes[Math.floor(random() * 3)]}`);
    const spendRows = people.filter(() => random() < 0.9).map((id) => `${id},${Math.floor(random() * 300_000)}`);
    spendRows.push('Z1,100', 'Z2,200');
    const plainA = file('eq-a.csv', `person_id,group,points,weekly_pence,annual_pence,outcome\n${allocationRows.join('\n')}\n`);
    const plainS = file('eq-s.csv', `person_id,annual_spend_pence\r\n${spendRows.join('\r\n')}`);
    const quotedA = file('eq-qa.csv', `person_id,group,points,weekly_pence,annual_pence,outcome\n"${allocationRows[0]!.replace(',', '",')}\n${allocationRows.slice(1).join('\n')}\n`);
    const quotedS = file('eq-qs.csv', `person_id,annual_spend_pence\n"${spendRows[0]!.replace(',', '",')}\n${spendRows.slice(1).join('\n')}\n`);
    const fast = await equity(plainA, plainS, { tolerance: 0.1 });
    expect(fast.groups.reduce((n, g) => n + g.people, 0)).toBe(spendRows.length - 2);
    expect(fast.unmatched).toBe(300 - (spendRows.length - 2) + 2);
    expect(await equity(quotedA, quotedS, { tolerance: 0.1 })).toEqual(fast);
    expect(await equity(plainA, quotedS, { tolerance: 0.1 })).toEqual(fast);
    // A group that is not ASCII is read carefully too, with the same result as if it were plain.
    const unicode = file('eq-u.csv', `person_id,group,points,weekly_pence,annual_pence,outcome\n${spendRows[0]!.split(',')[0]},${groups[3]},1,1,1000,allocated\n`);
    expect((await equity(unicode, plainS, { tolerance: 0.1 })).groups).toEqual([{ id: groups[3], people: 1, indicativePence: 1000, spendPence: expect.any(Number), differenceRatio: expect.any(Number), flagged: expect.any(Boolean) }]);
  });

  it('refuses duplicate people and bad amounts whole', async () => {
    const allocations = file('alloc-bad.csv', 'person_id,group,points,weekly_pence,annual_pence,outcome\nA,g,1,1,1,allocated\nA,g,1,1,1,allocated\n');
    const spend = file('spend-bad.csv', 'person_id,annual_spend_pence\nA,lots\n');
    capture();
    expect(await run(['ras', 'equity', '--allocations', allocations, '--spend', spend, '--out', path.join(dir, 'x.json')])).toBe(1);
    expect(err.join('')).toContain('line 3, column person_id: "A" appears more than once');
  });
});
