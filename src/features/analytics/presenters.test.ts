import { describe, expect, it } from 'vitest';
import { calibrationChart, calibrationTable, equityChart, equityTable } from './presenters.js';

/** Aggregate pages name no one, and a group of fewer than 5 people shows no figures that would be theirs. */
describe('small groups on analysis pages', () => {
  it('a calibration group of fewer than 5 shows its count as “fewer than 5” and no fitted figures, on the page, in downloads and the chart', () => {
    const report = {
      groups: [
        { id: 'mental-health', n: 3, pencePerPoint: 2500, fixedPence: 1000, r2: 0.9 },
        { id: 'physical-sensory', n: 40, pencePerPoint: 2200, fixedPence: 500, r2: 0.8 },
      ],
    };
    const table = calibrationTable(report);
    expect(table.display[0]).toEqual(['mental-health', 'fewer than 5', 'not shown', 'not shown', 'not shown', '']);
    expect(table.rows[0]).toEqual(['mental-health', 'fewer than 5', null, null, null, 'fewer than 5 people: not shown']);
    expect(table.display[1]![1]).toBe('40');
    const run = { ...report, rows: 43, sample: [{ group: 'mental-health', points: 10, cost: 99_999 }, { group: 'physical-sensory', points: 12, cost: 30_000 }] };
    const chart = calibrationChart(run);
    expect(chart.legend.map((l) => l.id)).toEqual(['physical-sensory']);
    expect(chart.svg).not.toContain('mental-health');
  });

  it('an equity group of fewer than 5 shows no spend, indicative budget or difference', () => {
    const report = {
      groups: [
        { id: 'learning-disability', people: 2, indicativePence: 100_000, spendPence: 150_000, differenceRatio: 0.5, flagged: true },
        { id: 'older-people', people: 12, indicativePence: 1_000_000, spendPence: 1_050_000, differenceRatio: 0.05, flagged: false },
      ],
      unmatched: 0,
    };
    const table = equityTable(report, 0.1, new Map([['learning-disability', 2500]]));
    expect(table.display[0]!.slice(0, 6)).toEqual(['learning-disability', 'fewer than 5', 'not shown', 'not shown', 'not shown', 'not shown']);
    expect(table.rows[0]!.slice(2, 7)).toEqual([null, null, null, null, null]);
    expect(JSON.stringify(table)).not.toMatch(/150000|1,500|£1,500/);
    expect(table.display[1]![1]).toBe('12');
    expect(equityChart(report, 0.1)).not.toContain('learning-disability');
  });
});
