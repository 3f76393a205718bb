import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../directory/checks.js';
import { type AgreementTerms, outstanding, paymentsDue, periodContaining, settle } from './schedule.js';

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

describe('settling: what was paid always comes to what was due', () => {
  it('for any variations, suspensions and end recorded at any time between runs, the money paid for the periods due equals what the terms make due, to the penny, once a later payment can absorb it', () => {
    const day = (n: number) => addDays('2027-01-04', n);
    const change = fc.oneof(
      fc.record({ kind: fc.constant('vary' as const), at: fc.integer({ min: 1, max: 300 }), weekly: fc.integer({ min: 0, max: 100_000 }) }),
      fc.record({ kind: fc.constant('suspend' as const), at: fc.integer({ min: 0, max: 300 }), length: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom('weekly' as const, 'four-weekly' as const, 'monthly' as const),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 330 }), change), { maxLength: 6 }),
        fc.option(fc.integer({ min: 100, max: 330 }), { nil: null }),
        (weekly, frequency, changes, endAfter) => {
          const terms: AgreementTerms = { startOn: day(0), endOn: null, netWeeklyPence: weekly, frequency, suspensions: [], variations: [] };
          const paid: { periodStart: string; amountPence: number; adjustmentPence: number }[] = [];
          // Runs every 7 days; each change is recorded at its own moment, taking effect from its own day.
          const recorded = [...changes].sort((a, b) => a[0] - b[0]);
          for (let t = 0; t <= 400; t += 7) {
            for (const [when, c] of recorded) {
              if (when > t || when <= t - 7) continue;
              if (c.kind === 'vary') {
                const from = day(c.at);
                if (!terms.variations!.some((v) => v.fromOn >= from)) terms.variations!.push({ fromOn: from, netWeeklyPence: c.weekly });
              } else terms.suspensions.push({ fromOn: day(c.at), toOn: day(c.at + c.length) });
            }
            if (endAfter !== null && t >= endAfter && terms.endOn === null) terms.endOn = day(endAfter);
            const runOn = day(t);
            const lastPaid = paid.map((p) => p.periodStart).sort().at(-1);
            const schedule = paymentsDue(terms, lastPaid && lastPaid > runOn ? lastPaid : runOn);
            for (const d of settle(schedule, paid, runOn)) {
              expect(d.amountPence + d.adjustmentPence).toBeGreaterThanOrEqual(0);
              paid.push({ periodStart: d.periodStart, amountPence: d.amountPence, adjustmentPence: d.adjustmentPence });
            }
          }
          // Everything due for the periods paid, under the final terms, is what was paid plus what is outstanding: exactly.
          const finalSchedule = paymentsDue(terms, day(400));
          const paidStarts = new Set(paid.map((p) => p.periodStart));
          const dueForPaid = finalSchedule.filter((d) => paidStarts.has(d.periodStart)).reduce((sum, d) => sum + d.amountPence, 0);
          const paidNow = paid.reduce((sum, p) => sum + p.amountPence + p.adjustmentPence, 0);
          const left = outstanding(finalSchedule, paid);
          expect(paidNow + left).toBe(dueForPaid);
          // Every period due by the last run was paid.
          expect(finalSchedule.filter((d) => d.periodStart <= day(399) && !paidStarts.has(d.periodStart))).toEqual([]);
          // Still paying at a weekly amount above nothing: the person is never left owed after a run (an
          // overpayment larger than the payments after it can remain: the reclaim settles it).
          const lastWeekly = [...terms.variations!].sort((a, b) => (a.fromOn < b.fromOn ? -1 : 1)).at(-1)?.netWeeklyPence ?? weekly;
          if (terms.endOn === null && lastWeekly > 0 && terms.suspensions.every((x) => x.toOn < day(330))) expect(left).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the payment period a day falls in', () => {
  const terms = { startOn: '2026-06-10', endOn: null, netWeeklyPence: 10_000, frequency: 'four-weekly' as const, suspensions: [] };
  it('is the four weeks that hold the day, and nothing before the first or after the end', () => {
    expect(periodContaining(terms, '2026-06-10')).toEqual({ from: '2026-06-10', to: '2026-07-07', days: 28 });
    expect(periodContaining(terms, '2026-07-08')).toEqual({ from: '2026-07-08', to: '2026-08-04', days: 28 });
    expect(periodContaining(terms, '2026-06-09')).toBeNull();
    expect(periodContaining({ ...terms, endOn: '2026-06-20' }, '2026-07-01')).toBeNull();
  });
});
