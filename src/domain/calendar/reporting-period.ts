import { financialYearDates, financialYearOf } from './financial-year.js';

/**
 * The periods the statutory returns are made for: a financial year (`2025` is April 2025 to March
 * 2026) or one of its quarters (`2025-Q3` is October to December 2025). Pure.
 */
export interface ReportingPeriod {
  key: string;
  label: string;
  from: string;
  to: string;
}

const QUARTER_MONTHS = [
  ['04-01', '06-30', 'April to June'],
  ['07-01', '09-30', 'July to September'],
  ['10-01', '12-31', 'October to December'],
  ['01-01', '03-31', 'January to March'],
] as const;

const yearLabel = (start: number) => `${start} to ${String(start + 1).slice(2)}`;

export function reportingPeriod(key: string): ReportingPeriod | null {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(key);
  if (!match) return null;
  const start = Number(match[1]);
  if (start < 2000 || start > 2100) return null;
  if (!match[2]) return { key, label: `Financial year ${yearLabel(start)}`, ...financialYearDates(start) };
  const q = Number(match[2]);
  const [from, to, months] = QUARTER_MONTHS[q - 1]!;
  const calendarYear = q === 4 ? start + 1 : start;
  return { key, label: `Quarter ${q} of ${yearLabel(start)} (${months} ${calendarYear})`, from: `${calendarYear}-${from}`, to: `${calendarYear}-${to}` };
}

/** The financial year a day is in, as a period. */
export function yearContaining(day: string): ReportingPeriod {
  return reportingPeriod(String(financialYearOf(day)))!;
}

/** The last `count` quarters ending on or before `day`'s quarter, oldest first. */
export function quartersTo(day: string, count: number): ReportingPeriod[] {
  const year = financialYearOf(day);
  const month = Number(day.slice(5, 7));
  let q = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
  let y = year;
  const periods: ReportingPeriod[] = [];
  for (let i = 0; i < count; i++) {
    periods.unshift(reportingPeriod(`${y}-Q${q}`)!);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return periods;
}

/** The year of 12 months ending on a day: ASCOF's period for a quarter's snapshot. */
export function yearEndingOn(day: string): { from: string; to: string } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const lastOfMonth = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const before = new Date(Date.UTC(y - 1, m - 1, Math.min(d, lastOfMonth) + 1));
  return { from: before.toISOString().slice(0, 10), to: day };
}
