import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FREQUENCIES, FUNDING_STREAMS, MANAGEMENT, type SupportLine, WEEKS_PER_YEAR, budgetStatement, lineCost, parseQuantity, paymentAmount, planCost, quantityText } from './plan.js';

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T)[];

const lineArbitrary: fc.Arbitrary<SupportLine> = fc.record({
  id: fc.uuid(),
  description: fc.constant('Support'),
  directoryEntryId: fc.constant(null),
  providerName: fc.constant('Someone'),
  providerKind: fc.constantFrom('personal-assistant' as const, 'organisation' as const),
  frequency: fc.constantFrom(...keys(FREQUENCIES)),
  quantityHundredths: fc.integer({ min: 1, max: 16_800 }),
  unitCostPence: fc.integer({ min: 0, max: 500_000 }),
  needs: fc.constant(['personal-care']),
  outcomes: fc.constant([]),
  management: fc.constantFrom(...keys(MANAGEMENT)),
  fundingStream: fc.constantFrom(...keys(FUNDING_STREAMS)),
  paysRelativeInHousehold: fc.boolean(),
  relativeDecision: fc.constant(null),
  employerInsurance: fc.constant(null),
  payrollArrangement: fc.constant(null),
});

describe('the personal budget statement (Care Act s26)', () => {
  it('the cost always equals the contribution plus the council’s amount, weekly and yearly, and nobody pays less than nothing', () => {
    fc.assert(
      fc.property(fc.array(lineArbitrary, { maxLength: 12 }), fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom('weekly' as const, 'four-weekly' as const, 'monthly' as const), (lines, contribution, frequency) => {
        const s = budgetStatement({ lines, contributionWeeklyPence: contribution, paymentFrequency: frequency });
        expect(s.weekly.costPence).toBe(s.weekly.contributionPence + s.weekly.councilPence);
        expect(s.annual.costPence).toBe(s.annual.contributionPence + s.annual.councilPence);
        expect(s.weekly.contributionPence).toBeGreaterThanOrEqual(0);
        expect(s.weekly.councilPence).toBeGreaterThanOrEqual(0);
        expect(s.weekly.contributionPence).toBeLessThanOrEqual(contribution);
        expect(s.annual.costPence).toBe(planCost(lines).annualPence);
        for (const v of [s.weekly.costPence, s.weekly.contributionPence, s.weekly.councilPence, s.annual.costPence, s.annual.councilPence]) expect(Number.isSafeInteger(v)).toBe(true);
        if (s.directPayment) {
          expect(s.directPayment.netWeeklyPence).toBe(Math.max(0, s.directPayment.grossWeeklyPence - s.weekly.contributionPence));
          expect(s.directPayment.netWeeklyPence).toBeLessThanOrEqual(s.weekly.councilPence);
        }
      }),
    );
  });

  it('pays a direct payment net of the contribution: £150 − £40 = £110 a week, £440 every 4 weeks', () => {
    const line: SupportLine = {
      id: 'a', description: 'PA', directoryEntryId: null, providerName: 'Jo', providerKind: 'personal-assistant', frequency: 'hours-a-week',
      quantityHundredths: 1000, unitCostPence: 1500, needs: [], outcomes: [], management: 'direct-payment', fundingStream: 'social-care',
      paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null,
    };
    const s = budgetStatement({ lines: [line], contributionWeeklyPence: 4000, paymentFrequency: 'four-weekly' });
    expect(s.weekly).toEqual({ costPence: 15_000, contributionPence: 4000, councilPence: 11_000 });
    expect(s.directPayment).toEqual({ grossWeeklyPence: 15_000, netWeeklyPence: 11_000, frequency: 'four-weekly', paymentPence: 44_000, oneOffPence: 0 });
    expect(s.annual.costPence).toBe(15_000 * WEEKS_PER_YEAR);
  });

  it('limits the contribution to the cost and says so', () => {
    const s = budgetStatement({ lines: [], contributionWeeklyPence: 4000, paymentFrequency: 'weekly' });
    expect(s.weekly).toEqual({ costPence: 0, contributionPence: 0, councilPence: 0 });
    expect(s.contributionLimitedToCost).toBe(true);
  });
});

describe('money in a plan line', () => {
  it('rounds quantity × unit cost once, half up', () => {
    expect(lineCost({ quantityHundredths: 750, unitCostPence: 1_455 })).toBe(10_913); // 7.5 × £14.55 = £109.125
    expect(lineCost({ quantityHundredths: 133, unitCostPence: 1_000 })).toBe(1_330);
  });

  it('pays monthly as 52 weeks ÷ 12, rounded once', () => {
    expect(paymentAmount(11_000, 'monthly')).toBe(47_667); // 476,666.67 → 47,667
    expect(paymentAmount(11_000, 'weekly')).toBe(11_000);
  });

  it('reads and writes quantities with up to 2 decimal places', () => {
    expect(parseQuantity('7.5')).toBe(750);
    expect(parseQuantity('12')).toBe(1200);
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('1.234')).toBeNull();
    expect(parseQuantity('-1')).toBeNull();
    expect(quantityText(750)).toBe('7.5');
    expect(quantityText(1205)).toBe('12.05');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), (q) => {
        expect(parseQuantity(quantityText(q))).toBe(q);
      }),
    );
  });
});
