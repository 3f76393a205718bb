import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_OFF_LIMITS, managerAllowanceWeekly, mayAgree, requiredLevel } from './sign-off.js';

const limits = DEFAULT_SIGN_OFF_LIMITS; // a manager: the lesser of 10% and £100 a week above the indicative budget
const weekly = (planWeeklyPence: number, indicativeWeeklyPence: number, exceptional = false) => requiredLevel({ planAnnualPence: planWeeklyPence * 52, indicativeWeeklyPence, exceptional }, limits).level;

describe('sign-off limits at each boundary', () => {
  it('a worker agrees a plan up to the indicative budget, exactly at it included', () => {
    expect(weekly(50_000, 50_000)).toBe('worker');
    expect(weekly(49_999, 50_000)).toBe('worker');
    expect(weekly(50_001, 50_000)).toBe('manager');
  });

  it('a manager agrees up to 10% above when that is less than £100 a week', () => {
    expect(managerAllowanceWeekly(50_000, limits)).toBe(5_000);
    expect(weekly(55_000, 50_000)).toBe('manager');
    expect(weekly(55_001, 50_000)).toBe('panel');
  });

  it('a manager agrees up to £100 a week above when 10% would be more', () => {
    expect(managerAllowanceWeekly(200_000, limits)).toBe(10_000);
    expect(weekly(210_000, 200_000)).toBe('manager');
    expect(weekly(210_001, 200_000)).toBe('panel');
  });

  it('rounds the percentage once, half up', () => {
    expect(managerAllowanceWeekly(12_345, limits)).toBe(1_235); // 1234.5 → 1235
  });

  it('sends every exceptional need to the panel, even within budget', () => {
    expect(weekly(1, 50_000, true)).toBe('panel');
  });

  it('uses the council’s own limits from configuration', () => {
    expect(requiredLevel({ planAnnualPence: 52 * 60_000, indicativeWeeklyPence: 50_000, exceptional: false }, { managerPercent: 25, managerWeeklyPence: 50_000 }).level).toBe('manager');
  });

  it('one-off costs count over the year', () => {
    expect(requiredLevel({ planAnnualPence: 52 * 50_000 + 1, indicativeWeeklyPence: 50_000, exceptional: false }, limits).level).toBe('manager');
  });

  it('each role agrees up to its own level and no further', () => {
    expect(mayAgree('social-worker', 'worker')).toBe(true);
    expect(mayAgree('social-worker', 'manager')).toBe(false);
    expect(mayAgree('team-manager', 'worker')).toBe(true);
    expect(mayAgree('team-manager', 'manager')).toBe(true);
    expect(mayAgree('team-manager', 'panel')).toBe(false);
    expect(mayAgree('panel-member', 'panel')).toBe(true);
    expect(mayAgree('finance-officer', 'worker')).toBe(false);
  });
});
