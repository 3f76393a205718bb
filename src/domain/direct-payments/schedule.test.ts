import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../directory/checks.js';
import { type AgreementTerms, paymentsDue } from './schedule.js';

const base: AgreementTerms = { startOn: '2027-01-04', endOn: null, netWeeklyPence: 7_000, frequency: 'weekly', suspensions: [] };

describe('a variation changes the weekly amount from a day', () => {
  it('the period it falls in is paid days ÷ 7 of each amount, rounded once; later periods in full at the new amount', () => {
    const due = paymentsDue({ ...base, variations: [{ fromOn: '2027-01-14', netWeeklyPence: 14_000 }] }, '2027-01-25');
    // 11 January: 3 days at £70 a week, 4 at £140: (3 × 7000 + 4 × 14000) ÷ 7 = 11000.
    expect(due.map((d) => [d.periodStart, d.amountPence])).toEqual([
      ['2027-01-04', 7_000],
      ['2027-01-11', 11_000],
      ['2027-01-18', 14_000],
      ['2027-01-25', 14_000],
    ]);
  });

  it('four-weekly: rounded once across the pieces, half up', () => {
    const due = paymentsDue({ ...base, frequency: 'four-weekly', netWeeklyPence: 10_001, variations: [{ fromOn: '2027-01-15', netWeeklyPence: 12_345 }] }, '2027-02-01');
    // 11 days at 10001 and 17 at 12345: (110011 + 209865) ÷ 7 = 45696.57 → 45697.
    expect(due.map((d) => d.amountPence)).toEqual([45_697, 12_345 * 4]);
  });

  it('a variation on the first day of a period, or before the start, is simply the new amount', () => {
    expect(paymentsDue({ ...base, variations: [{ fromOn: '2027-01-11', netWeeklyPence: 9_000 }] }, '2027-01-11').map((d) => d.amountPence)).toEqual([7_000, 9_000]);
    expect(paymentsDue({ ...base, variations: [{ fromOn: '2026-12-01', netWeeklyPence: 9_000 }] }, '2027-01-04').map((d) => d.amountPence)).toEqual([9_000]);
  });

  it('for any terms, a variation to the same amount changes nothing; weekly and four-weekly amounts lie between the two rates’ shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom('weekly' as const, 'four-weekly' as const, 'monthly' as const),
        fc.integer({ min: 0, max: 120 }),
        (weekly, other, frequency, offset) => {
          const terms: AgreementTerms = { ...base, netWeeklyPence: weekly, frequency };
          const through = '2027-06-30';
          const fromOn = addDays(base.startOn, offset);
          expect(paymentsDue({ ...terms, variations: [{ fromOn, netWeeklyPence: weekly }] }, through)).toEqual(paymentsDue(terms, through));
          const varied = paymentsDue({ ...terms, variations: [{ fromOn, netWeeklyPence: other }] }, through);
          // A calendar month is paid 52 ÷ 12 weeks whatever its days, so only 7- and 28-day periods are bounded this way.
          if (frequency === 'monthly') return;
          const [low, high] = [Math.min(weekly, other), Math.max(weekly, other)];
          for (const d of varied) {
            expect(d.amountPence).toBeGreaterThanOrEqual(Math.floor((low * d.days) / 7));
            expect(d.amountPence).toBeLessThanOrEqual(Math.ceil((high * d.days) / 7));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
