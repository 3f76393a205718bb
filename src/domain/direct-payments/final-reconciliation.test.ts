import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../directory/checks.js';
import { formatPence } from '../money/pence.js';
import { finalReconciliation, statutoryRedundancyPence } from './final-reconciliation.js';
import { type LedgerEntry, movement, totals } from './ledger.js';
import { type AgreementTerms, outstanding, paymentsDue, settle } from './schedule.js';

const none = { noticePence: 0, holidayPence: 0, redundancyPence: 0, otherPence: 0 };

describe('the final reconciliation of an ended direct payment', () => {
  it('what is left after the personal assistant’s notice and holiday pay comes back', () => {
    const r = finalReconciliation({ balancePence: 150_000, overpaidPence: 20_000, owedPence: 0, liabilities: { ...none, noticePence: 24_000, holidayPence: 9_050 } }, formatPence);
    expect(r).toMatchObject({ liabilitiesPence: 33_050, positionPence: 116_950, outcome: 'reclaim', amountPence: 116_950 });
    expect(r.explanation[0]).toBe('The account holds £1,500.00, including £200.00 paid for days after the direct payment ended.');
    expect(r.explanation.at(-1)).toBe('That leaves £1,169.50, which comes back to the council.');
  });

  it('when the account cannot cover what the employer still owes their staff, the council pays the rest', () => {
    const r = finalReconciliation({ balancePence: 10_000, overpaidPence: 0, owedPence: 2_500, liabilities: { ...none, noticePence: 24_000, redundancyPence: 36_000 } }, formatPence);
    expect(r).toMatchObject({ positionPence: -47_500, outcome: 'final-payment', amountPence: 47_500 });
    expect(r.explanation).toContain('The council still owes £25.00 for days up to the end.');
  });

  it('exactly nothing left is neither a reclaim nor a payment', () => {
    expect(finalReconciliation({ balancePence: 5_000, overpaidPence: 0, owedPence: 0, liabilities: { ...none, otherPence: 5_000 } }, formatPence)).toMatchObject({ outcome: 'nothing', amountPence: 0 });
  });

  it('for any figures: balance + owed − liabilities = the position, and the amount moves the account to exactly the liabilities', () => {
    const pence = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 10_000_000 }), pence, pence, pence, pence, pence, (balance, owed, notice, holiday, redundancy, other) => {
        const r = finalReconciliation({ balancePence: balance, overpaidPence: 0, owedPence: owed, liabilities: { noticePence: notice, holidayPence: holiday, redundancyPence: redundancy, otherPence: other } }, formatPence);
        expect(r.positionPence).toBe(balance + owed - (notice + holiday + redundancy + other));
        expect(r.amountPence).toBeGreaterThanOrEqual(0);
        // After the reclaim comes back, or the final payment goes in, the account holds what it must still pay.
        const after = balance + owed + (r.outcome === 'final-payment' ? r.amountPence : r.outcome === 'reclaim' ? -r.amountPence : 0);
        expect(after).toBe(r.liabilitiesPence);
      }),
    );
  });
});

describe('the ledger through variations, suspensions, an end and its final reconciliation', () => {
  it('for any sequence of events, balance = payments in − spending − reclaims, and after the final reckoning the account holds exactly its liabilities', () => {
    const day = (n: number) => addDays('2027-01-04', n);
    const event = fc.oneof(
      fc.record({ kind: fc.constant('vary' as const), at: fc.integer({ min: 1, max: 300 }), weekly: fc.integer({ min: 0, max: 100_000 }) }),
      fc.record({ kind: fc.constant('suspend' as const), at: fc.integer({ min: 0, max: 300 }), length: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('spend' as const), pence: fc.integer({ min: -5_000, max: 200_000 }) }),
      fc.record({ kind: fc.constant('reclaim' as const), pence: fc.integer({ min: 1, max: 100_000 }) }),
    );
    const pence = fc.integer({ min: 0, max: 500_000 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('weekly' as const, 'four-weekly' as const, 'monthly' as const), fc.array(fc.tuple(fc.integer({ min: 0, max: 330 }), event), { maxLength: 12 }), fc.integer({ min: 60, max: 330 }), fc.tuple(pence, pence, pence, pence), (weekly, frequency, events, endAt, [notice, holiday, redundancy, other]) => {
        const terms: AgreementTerms = { startOn: day(0), endOn: null, netWeeklyPence: weekly, frequency, suspensions: [], variations: [] };
        const paid: { periodStart: string; amountPence: number; adjustmentPence: number }[] = [];
        const entries: LedgerEntry[] = [];
        const sums = { paid: 0, spent: 0, reclaimed: 0 };
        const post = (kind: 'payment' | 'spend' | 'reclaim', amount: number) => {
          entries.push(...movement(kind, amount));
          sums[kind === 'payment' ? 'paid' : kind === 'spend' ? 'spent' : 'reclaimed'] += amount;
        };
        const recorded = [...events].sort((a, b) => a[0] - b[0]);
        for (let t = 0; t <= 350; t += 7) {
          for (const [when, e] of recorded) {
            if (when > t || when <= t - 7) continue;
            if (e.kind === 'vary' && !terms.variations!.some((v) => v.fromOn >= day(e.at))) terms.variations!.push({ fromOn: day(e.at), netWeeklyPence: e.weekly });
            if (e.kind === 'suspend') terms.suspensions.push({ fromOn: day(e.at), toOn: day(e.at + e.length) });
            if (e.kind === 'spend') post('spend', e.pence);
            if (e.kind === 'reclaim') post('reclaim', e.pence);
          }
          if (t >= endAt && terms.endOn === null) terms.endOn = day(endAt);
          const runOn = day(t);
          const lastPaid = paid.map((p) => p.periodStart).sort().at(-1);
          for (const d of settle(paymentsDue(terms, lastPaid && lastPaid > runOn ? lastPaid : runOn), paid, runOn)) {
            paid.push({ periodStart: d.periodStart, amountPence: d.amountPence, adjustmentPence: d.adjustmentPence });
            if (d.amountPence + d.adjustmentPence !== 0) post('payment', d.amountPence + d.adjustmentPence);
          }
          expect(totals(entries).account).toBe(sums.paid - sums.spent - sums.reclaimed);
        }
        // Nothing is paid for a period starting after the end.
        expect(paid.filter((p) => p.periodStart > terms.endOn!)).toEqual([]);
        const settlement = outstanding(paymentsDue(terms, day(400)), paid);
        const balance = totals(entries).account;
        const r = finalReconciliation({ balancePence: balance, overpaidPence: Math.max(0, -settlement), owedPence: Math.max(0, settlement), liabilities: { noticePence: notice, holidayPence: holiday, redundancyPence: redundancy, otherPence: other } }, formatPence);
        if (r.outcome === 'reclaim') post('reclaim', r.amountPence);
        if (r.outcome === 'final-payment') post('payment', r.amountPence);
        expect(totals(entries).account).toBe(sums.paid - sums.spent - sums.reclaimed);
        expect(totals(entries).account + Math.max(0, settlement)).toBe(notice + holiday + redundancy + other);
      }),
      { numRuns: 200 },
    );
  });
});

describe('statutory redundancy pay for a personal assistant', () => {
  const cap = 71_900;

  it('none under two full years', () => {
    expect(statutoryRedundancyPence({ weeklyPayPence: 30_000, weeklyCapPence: cap, ageAtEnd: 45, fullYears: 1 })).toBe(0);
  });

  it('a week and a half for each year at 41 or over, a week from 22, half a week under 22', () => {
    // Aged 43 at the end, 4 years: years at ages 42, 41 (1.5 weeks each), 40, 39 (1 week each) = 5 weeks.
    expect(statutoryRedundancyPence({ weeklyPayPence: 30_000, weeklyCapPence: cap, ageAtEnd: 43, fullYears: 4 })).toBe(150_000);
    // Aged 23, 3 years: ages 22 (1), 21, 20 (½ each) = 2 weeks.
    expect(statutoryRedundancyPence({ weeklyPayPence: 30_001, weeklyCapPence: cap, ageAtEnd: 23, fullYears: 3 })).toBe(60_002);
    // Aged 21, 3 years: 1½ weeks of £300.01 = £450.015 → £450.02 (rounded once, half up).
    expect(statutoryRedundancyPence({ weeklyPayPence: 30_001, weeklyCapPence: cap, ageAtEnd: 21, fullYears: 3 })).toBe(45_002);
  });

  it('a week’s pay is capped and at most 20 years count', () => {
    expect(statutoryRedundancyPence({ weeklyPayPence: 100_000, weeklyCapPence: cap, ageAtEnd: 70, fullYears: 30 })).toBe(cap * 30);
  });
});
