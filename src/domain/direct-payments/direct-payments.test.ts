import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPence } from '../money/pence.js';
import { balanced, movement, totals, type LedgerEntry } from './ledger.js';
import { addressTextIsHousehold, sameHousehold } from './household.js';
import { COUNCIL_PAYMENT_WINDOW_DAYS, councilPaymentWindow, flagsAfterOfficerMatch, matchTransaction } from './matching.js';
import { addDays } from '../directory/checks.js';
import { surplusOf } from './monitoring.js';
import { fullPeriodAmount, paymentsDue } from './schedule.js';

describe('payments due', () => {
  it('pays 4-weekly in advance, 13 a year, drifting against the calendar', () => {
    const due = paymentsDue({ startOn: '2026-04-01', endOn: null, netWeeklyPence: 11_000, frequency: 'four-weekly', suspensions: [] }, '2027-03-30');
    expect(due).toHaveLength(13);
    expect(due[0]).toEqual({ periodStart: '2026-04-01', periodEnd: '2026-04-28', days: 28, amountPence: 44_000 });
    expect(due[12]!.periodStart).toBe('2027-03-03');
  });

  it('pays a part period pro rata by days ÷ 7, rounded once', () => {
    const due = paymentsDue({ startOn: '2026-04-01', endOn: '2026-04-10', netWeeklyPence: 11_001, frequency: 'four-weekly', suspensions: [] }, '2026-12-31');
    expect(due).toEqual([{ periodStart: '2026-04-01', periodEnd: '2026-04-10', days: 10, amountPence: 15_716 }]); // 11001 × 10 ÷ 7 = 15715.71
  });

  it('leaves out suspended days', () => {
    const due = paymentsDue({ startOn: '2026-04-06', endOn: null, netWeeklyPence: 7_000, frequency: 'weekly', suspensions: [{ fromOn: '2026-04-15', toOn: '2026-04-24' }] }, '2026-04-27');
    expect(due.map((d) => [d.periodStart, d.amountPence])).toEqual([['2026-04-06', 7_000], ['2026-04-13', 2_000], ['2026-04-20', 2_000], ['2026-04-27', 7_000]]);
  });

  it('pays monthly on the same day each month, 52 weeks ÷ 12', () => {
    expect(fullPeriodAmount(11_000, 'monthly')).toBe(47_667);
    const due = paymentsDue({ startOn: '2026-01-31', endOn: null, netWeeklyPence: 11_000, frequency: 'monthly', suspensions: [] }, '2026-04-30');
    expect(due.map((d) => d.periodStart)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });
});

describe('the ledger', () => {
  it('every movement balances, and an account’s balance is payments in − spending − reclaims', () => {
    const kinds = fc.constantFrom('payment' as const, 'spend' as const, 'reclaim' as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(kinds, fc.integer({ min: -5_000_000, max: 5_000_000 })), { maxLength: 200 }), (moves) => {
        const entries: LedgerEntry[] = [];
        let paid = 0;
        let spent = 0;
        let reclaimed = 0;
        for (const [kind, amount] of moves) {
          const m = movement(kind, amount);
          expect(balanced(m)).toBe(true);
          entries.push(...m);
          if (kind === 'payment') paid += amount;
          else if (kind === 'spend') spent += amount;
          else reclaimed += amount;
        }
        const t = totals(entries);
        expect(t.account).toBe(paid - spent - reclaimed);
        expect(t.council + t.account + t.spend + t.reclaimed).toBe(0);
      }),
    );
  });
});

describe('matching spending to the plan', () => {
  const payees = [
    { lineId: 'l1', description: 'Help to get up', names: ['Jo Bloggs'], paysRelativeInHousehold: false, relativeDecision: false },
    { lineId: 'l2', description: 'Help from my son', names: ['Raj Patel'], paysRelativeInHousehold: true, relativeDecision: false },
  ];
  it('matches a payee the plan names, and flags what it should', () => {
    expect(matchTransaction({ amountPence: -2900, counterparty: 'JO BLOGGS', description: 'wages', mcc: null }, payees)).toEqual({ lineId: 'l1', flags: [] });
    expect(matchTransaction({ amountPence: -5000, counterparty: 'Raj Patel', description: '', mcc: null }, payees)).toEqual({ lineId: 'l2', flags: ['household-relative'] });
    expect(matchTransaction({ amountPence: -2000, counterparty: 'ATM High St', description: '', mcc: '6011' }, payees)).toEqual({ lineId: null, flags: ['cash-withdrawal'] });
    expect(matchTransaction({ amountPence: -9999, counterparty: 'Big Telly Shop', description: '', mcc: '5732' }, payees)).toEqual({ lineId: null, flags: ['not-in-plan'] });
    expect(matchTransaction({ amountPence: 44_000, counterparty: 'Anytown Council', description: 'DP', mcc: null }, payees)).toEqual({ lineId: null, flags: [] });
  });

  it('matches a care merchant’s payment to the plan’s one organisation when no name matches', () => {
    const withAgency = [...payees, { lineId: 'l3', description: 'Day centre', names: ['Riverside Day Centre'], organisation: true, paysRelativeInHousehold: false, relativeDecision: false }];
    expect(matchTransaction({ amountPence: -4800, counterparty: 'RSIDE DC LTD', description: '', mcc: '8050' }, withAgency)).toEqual({ lineId: 'l3', flags: [] });
    expect(matchTransaction({ amountPence: -4800, counterparty: 'RSIDE DC LTD', description: '', mcc: '5411' }, withAgency)).toEqual({ lineId: null, flags: ['not-in-plan'] });
    const twoAgencies = [...withAgency, { lineId: 'l4', description: 'Agency', names: ['Helping Hands'], organisation: true, paysRelativeInHousehold: false, relativeDecision: false }];
    expect(matchTransaction({ amountPence: -4800, counterparty: 'RSIDE DC LTD', description: '', mcc: '8050' }, twoAgencies)).toEqual({ lineId: null, flags: ['not-in-plan'] });
  });
});

describe('the surplus', () => {
  it('keeps the contingency and liabilities back, and proposes only what is above the threshold', () => {
    const s = surplusOf({ balancePence: 200_000, contingencyPence: 20_000, personalAssistantPayPence: 100_000, holidayAccrualPercent: 12.07, personalAssistantWeeklyPence: 10_000, noticeWeeks: 1, netWeeklyPence: 11_000, thresholdWeeks: 8 }, formatPence);
    expect(s.liabilitiesPence).toBe(12_070 + 10_000);
    expect(s.surplusPence).toBe(157_930);
    expect(s.thresholdPence).toBe(88_000);
    expect(s.proposedReclaimPence).toBe(69_930);
    expect(s.explanation[3]).toBe('So £699.30 is more than the account needs and could be returned.');
    expect(surplusOf({ balancePence: 50_000, contingencyPence: 0, personalAssistantPayPence: 0, holidayAccrualPercent: 12.07, personalAssistantWeeklyPence: 0, noticeWeeks: 1, netWeeklyPence: 11_000, thresholdWeeks: 8 }, formatPence).proposedReclaimPence).toBe(0);
  });
});

describe('statement rules', () => {
  it('recognises the council payment within ten days either side of a period start', () => {
    expect(COUNCIL_PAYMENT_WINDOW_DAYS).toBe(10);
    expect(councilPaymentWindow('2026-04-15', addDays)).toEqual({ from: '2026-04-05', to: '2026-04-25' });
  });
  it('an officer’s match to none flags spending as not in the plan, except cash', () => {
    expect(flagsAfterOfficerMatch(['not-in-plan'], 'l1', null)).toEqual([]);
    expect(flagsAfterOfficerMatch([], null, '5411')).toEqual(['not-in-plan']);
    expect(flagsAfterOfficerMatch(['cash-withdrawal'], null, '6011')).toEqual(['cash-withdrawal']);
  });

  it('flags paying a close relative who lives with the person, whether or not a plan line says so, unless a line records the decision', () => {
    const husband = [{ names: ['Derek Ashworth'], relationship: 'Husband' }];
    // Paid with no plan line for him (issue 13, defect 6): both flags, not just "not in the plan".
    expect(matchTransaction({ amountPence: -6000, counterparty: 'DEREK ASHWORTH', description: 'Transfer', mcc: null }, [], husband)).toEqual({ lineId: null, flags: ['household-relative', 'not-in-plan'] });
    // Paid through a line that does not say it pays a relative.
    const asPa = [{ lineId: 'l9', description: 'Evening help', names: ['Derek Ashworth'], paysRelativeInHousehold: false, relativeDecision: false }];
    expect(matchTransaction({ amountPence: -6000, counterparty: 'Derek Ashworth', description: '', mcc: null }, asPa, husband)).toEqual({ lineId: 'l9', flags: ['household-relative'] });
    // A line that pays him with the council's recorded decision: allowed.
    const decided = [{ ...asPa[0]!, paysRelativeInHousehold: true, relativeDecision: true }];
    expect(matchTransaction({ amountPence: -6000, counterparty: 'Derek Ashworth', description: '', mcc: null }, decided, husband)).toEqual({ lineId: 'l9', flags: [] });
  });

  it('a relative shares the household only at the same first line and postcode', () => {
    const home = { line1: '12 Mill Lane', postcode: 'AN1 2BC' };
    expect(sameHousehold(home, { line1: '12 mill lane', postcode: 'an12bc' })).toBe(true);
    expect(sameHousehold(home, { line1: '14 Mill Lane', postcode: 'AN1 2BC' })).toBe(false);
    expect(sameHousehold(home, { line1: null, postcode: null })).toBe(false);
    expect(sameHousehold({ line1: null, postcode: null }, { line1: null, postcode: null })).toBe(false);
    expect(addressTextIsHousehold('12 Mill Lane, Anytown AN1 2BC', home)).toBe(true);
    expect(addressTextIsHousehold('3 Oak Road, Anytown AN1 2BC', home)).toBe(false);
  });
});
