import { describe, expect, it } from 'vitest';
import { weeklyPence } from './frequency.js';

describe('weekly amounts (rule 30: a fraction of a penny to the adult’s advantage)', () => {
  it('converts each frequency as the rules say', () => {
    expect(weeklyPence(1000, 'weekly', 'income')).toBe(1000);
    expect(weeklyPence(2001, 'two-weekly', 'income')).toBe(1000);
    expect(weeklyPence(4003, 'four-weekly', 'income')).toBe(1000);
    expect(weeklyPence(100000, 'monthly', 'income')).toBe(23076); // 23076.92
    expect(weeklyPence(5200001, 'yearly', 'income')).toBe(100000);
  });

  it('rounds income down and allowances up', () => {
    expect(weeklyPence(100000, 'monthly', 'allowance')).toBe(23077);
    expect(weeklyPence(4003, 'four-weekly', 'allowance')).toBe(1001);
    expect(weeklyPence(4000, 'four-weekly', 'allowance')).toBe(1000);
  });
});
