import { describe, expect, it } from 'vitest';
import { calibrationChart, calibrationTable, equityCautions, equityChart, equityTable } from './presenters.js';
import { csvOf } from './result-table.js';

const TITLES = new Map([['learning-disability', 'Learning disability'], ['older-people', 'Older people'], ['physical-sensory', 'Physical or sensory'], ['mental-health', 'Mental health']]);

/** Aggregate pages name no one, and a group of fewer than 5 people shows no figures that would be theirs. */
describe('small groups on analysis pages', () => {
  it('a calibration group of fewer than 5 shows its count as “fewer than 5” and no fitted figures, on the page, in downloads and the chart', () => {
    const report = {
      groups: [
        { id: 'mental-health', n: 3, pencePerPoint: 2500, fixedPence: 1000, r2: 0.9 },
        { id: 'physical-sensory', n: 40, pencePerPoint: 2200, fixedPence: 500, r2: 0.8 },
      ],
    };
    const table = calibrationTable(report, { throughOrigin: false, titles: TITLES });
    expect(table.display[0]).toEqual(['Mental health', 'mental-health', 'fewer than 5', 'not shown', 'not shown', 'not shown', 'fewer than 5 people: not shown']);
    expect(table.rows[0]).toEqual(['Mental health', 'mental-health', 'fewer than 5', null, null, null, 'fewer than 5 people: not shown']);
    expect(table.display[1]![2]).toBe('40');
    const run = { ...report, rows: 43, sample: [{ group: 'mental-health', points: 10, cost: 99_999 }, { group: 'physical-sensory', points: 12, cost: 30_000 }] };
    const chart = calibrationChart(run, TITLES);
    expect(chart.legend.map((l) => l.label)).toEqual(['Physical or sensory']);
    expect(chart.svg).not.toContain('mental-health');
    expect(chart.svg).not.toContain('Mental health');
  });

  it('an equity group of fewer than 5 shows no spend, indicative budget or difference', () => {
    const report = {
      groups: [
        { id: 'learning-disability', people: 2, indicativePence: 100_000, spendPence: 150_000, differenceRatio: 0.5, flagged: true },
        { id: 'older-people', people: 12, indicativePence: 1_000_000, spendPence: 1_050_000, differenceRatio: 0.05, flagged: false },
      ],
      unmatched: 0,
    };
    const table = equityTable(report, 0.1, new Map([['learning-disability', 2500]]), TITLES);
    expect(table.display[0]!.slice(0, 7)).toEqual(['Learning disability', 'learning-disability', 'fewer than 5', 'not shown', 'not shown', 'not shown', 'not shown']);
    expect(table.rows[0]!.slice(3, 6)).toEqual([null, null, null]);
    expect(JSON.stringify(table)).not.toMatch(/150000|1,500|£1,500/);
    expect(table.display[1]![2]).toBe('12');
    expect(equityChart(report, 0.1, TITLES)).not.toContain('Learning disability');
  });
});

describe('equity groups too small to conclude from (issue 17)', () => {
  it('a group of 5 to 19 people is shown with a warning, never told the RAS is wrong, and suggests no rate', () => {
    const report = {
      groups: [
        { id: 'older-people', people: 12, indicativePence: 1_000_000, spendPence: 1_500_000, differenceRatio: 0.5, flagged: true },
        { id: 'learning-disability', people: 40, indicativePence: 4_000_000, spendPence: 5_040_000, differenceRatio: 0.26, flagged: true },
      ],
      unmatched: 0,
    };
    const table = equityTable(report, 0.1, new Map([['older-people', 2000], ['learning-disability', 2500]]), TITLES);
    const older = table.display[0]!;
    expect(older[7]).toBe('No');
    expect(older[8]).toBe('');
    expect(older[9]).toBe('Only 12 people: too few to conclude from. They spent 50% more than the indicative budgets');
    expect(table.display[1]![9]).toBe('Spent 26% more than the indicative budgets: the RAS gives this group too little');
    expect(equityCautions(report, TITLES)).toEqual(['Older people: only 12 people, too few to conclude from (20 or more are needed)']);
  });
});

describe('the page, the CSV and the workbook agree (issue 17)', () => {
  it('columns carry their units in their titles; the CSV gives money in pounds and differences in per cent, as the page does', () => {
    const report = { groups: [{ id: 'learning-disability', people: 40, indicativePence: 4_000_050, spendPence: 5_040_000, differenceRatio: 0.26, flagged: true }], unmatched: 0 };
    const table = equityTable(report, 0.1, new Map([['learning-disability', 2500]]), TITLES);
    expect(table.columns.map((c) => c.title)).toEqual(['Group', 'Group id', 'People', 'Indicative budgets (£ a year)', 'Spend (£ a year)', 'Difference (%)', 'Outside tolerance', 'Enough people to conclude', 'Rate that would have matched spend (£ per point)', 'What it means']);
    expect(table.display[0]!.slice(0, 6)).toEqual(['Learning disability', 'learning-disability', '40', '£40,000.50', '£50,400.00', '+26%']);
    const csv = csvOf(table).split('\r\n');
    expect(csv[1]!.startsWith('Learning disability,learning-disability,40,40000.50,50400.00,26,Yes,Yes,')).toBe(true);
  });

  it('a line through 2 people is labelled, not given an R² of 1.000', () => {
    const table = calibrationTable({ groups: [{ id: 'physical-sensory', n: 2, pencePerPoint: 400, fixedPence: -3000, r2: 1 }] }, { throughOrigin: false, titles: TITLES });
    // Two people are fewer than 5, so nothing is shown at all; the label is for the command line and bigger groups.
    expect(table.display[0]![5]).toBe('not shown');
    const bigger = calibrationTable({ groups: [{ id: 'physical-sensory', n: 12, pencePerPoint: 400, fixedPence: -3000, r2: 0.75 }] }, { throughOrigin: false, titles: TITLES });
    expect(bigger.display[0]!.slice(5)).toEqual(['0.750', 'only 12 people: too few to rely on the fitted rate']);
  });
});
