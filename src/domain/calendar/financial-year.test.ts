import { expect, it } from 'vitest';
import { financialYearDates, financialYearOf } from './financial-year.js';

it('a financial year runs from 1 April to 31 March', () => {
  expect(financialYearOf('2026-04-01')).toBe(2026);
  expect(financialYearOf('2027-03-31')).toBe(2026);
  expect(financialYearOf('2026-01-15')).toBe(2025);
  expect(financialYearDates(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
});
