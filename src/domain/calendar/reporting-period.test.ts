import { describe, expect, it } from 'vitest';
import { quartersTo, reportingPeriod, yearContaining, yearEndingOn } from './reporting-period.js';

describe('reporting periods', () => {
  it('reads a financial year and its quarters', () => {
    expect(reportingPeriod('2025')).toEqual({ key: '2025', label: 'Financial year 2025 to 26', from: '2025-04-01', to: '2026-03-31' });
    expect(reportingPeriod('2025-Q1')).toMatchObject({ from: '2025-04-01', to: '2025-06-30' });
    expect(reportingPeriod('2025-Q3')).toMatchObject({ from: '2025-10-01', to: '2025-12-31', label: 'Quarter 3 of 2025 to 26 (October to December 2025)' });
    expect(reportingPeriod('2025-Q4')).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    for (const bad of ['2025-Q5', '25', '2025-26', '', '1999']) expect(reportingPeriod(bad)).toBeNull();
  });

  it('finds the year a day is in, the quarters up to it, and the year ending on a day', () => {
    expect(yearContaining('2026-03-31').key).toBe('2025');
    expect(yearContaining('2026-04-01').key).toBe('2026');
    expect(quartersTo('2026-12-06', 4).map((p) => p.key)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    expect(quartersTo('2026-02-10', 2).map((p) => p.key)).toEqual(['2025-Q3', '2025-Q4']);
    expect(yearEndingOn('2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(yearEndingOn('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });
});
