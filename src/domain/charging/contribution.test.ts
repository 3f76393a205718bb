import { describe, expect, it } from 'vitest';
import { anytownRules, circumstances, rulesWith } from '../../../test/helpers/charging.js';
import { type Circumstances, assessContribution, completedYears, mulDiv, tariffBands } from './contribution.js';

const rules = anytownRules();
const assess = (c: Partial<Circumstances>, r = rules) => assessContribution(r, circumstances(c));

describe('capital and tariff income (rules 6, 8, 10)', () => {
  it.each([
    [1424999, 0],
    [1425000, 0],
    [1425001, 1],
    [1450000, 1],
    [1450001, 2],
    [1800000, 15],
    [2324999, 36],
    [2325000, 36],
  ])('capital of %i pence gives %i tariff bands (£1 for each £250 or part)', (capital, bands) => {
    expect(tariffBands(capital, rules.capital)).toBe(bands);
    const r = assess({ capitalSolePence: capital });
    expect(r.tariffIncomePence).toBe(bands * 100);
    expect(r.reason).not.toBe('full-cost-capital');
  });

  it('capital at the upper limit is not above it; a penny more is, and the person pays the full cost', () => {
    expect(assess({ capitalSolePence: 2325000, costOfCareWeeklyPence: 18000 }).reason).toBe('nil-below-mig');
    const over = assess({ capitalSolePence: 2325001, costOfCareWeeklyPence: 18000 });
    expect(over).toMatchObject({ reason: 'full-cost-capital', weeklyContributionPence: 18000, capitalPence: 2325001, tariffIncomePence: 0, migPence: 0 });
  });

  it('joint capital is shared equally, a fraction of a penny dropped, and added to sole capital', () => {
    const r = assess({ capitalSolePence: 500000, capitalJointPence: 2000001, jointOwners: 2 });
    expect(r.capitalPence).toBe(1500000);
    expect(assess({ capitalJointPence: 1000001, jointOwners: 3 }).capitalPence).toBe(333333);
    // Joint capital can tip a person over the limit.
    expect(assess({ capitalSolePence: 2000000, capitalJointPence: 650002, jointOwners: 2 }).reason).toBe('full-cost-capital');
  });

  it('a council may set higher capital limits', () => {
    const generous = rulesWith((r) => Object.assign(r.capital, { upperPence: 3000000, lowerPence: 2000000 }));
    expect(assess({ capitalSolePence: 2500000, otherCountedPence: 50000 }, generous).tariffIncomePence).toBe(2000);
  });
});

describe('ages and the minimum income guarantee (rule 22)', () => {
  it('counts completed years; a 29 February birthday falls on 1 March in other years', () => {
    expect(completedYears('2000-06-03', '2025-06-02')).toBe(24);
    expect(completedYears('2000-06-02', '2025-06-02')).toBe(25);
    expect(completedYears('2000-02-29', '2025-02-28')).toBe(24);
    expect(completedYears('2000-02-29', '2025-03-01')).toBe(25);
    expect(completedYears('2000-02-29', '2024-02-29')).toBe(24);
    expect(completedYears('2000-02-29', '2024-02-28')).toBe(23);
  });

  it('a single person: 18–24, 25 to pension credit age, pension credit age', () => {
    expect(assess({ dateOfBirth: '2000-06-03' }).migPence).toBe(8915);
    expect(assess({ dateOfBirth: '2000-06-02' }).migPence).toBe(11250);
    expect(assess({ dateOfBirth: '2007-06-02' }).migPence).toBe(8915);
    expect(assess({ dateOfBirth: '1955-01-01', pensionCreditAge: true }).migPence).toBe(23260);
    // Pension credit age is decided upstream: the flag, not the age, chooses the amount.
    expect(assess({ dateOfBirth: '1959-01-01', pensionCreditAge: false }).migPence).toBe(11250);
  });

  it('a lone parent gets the lone parent amount at any adult age, and each child; at pension credit age the single pension-age amount', () => {
    expect(assess({ household: 'lone_parent', dependentChildren: 2, dateOfBirth: '2004-01-01' }).migPence).toBe(11250 + 2 * 10295);
    expect(assess({ household: 'lone_parent', dependentChildren: 1, dateOfBirth: '1955-01-01', pensionCreditAge: true }).migPence).toBe(23260 + 10295);
  });

  it('a member of a couple: the couple amount each, the pension-age amount when either has reached it', () => {
    const couple = { household: 'couple', partnerPensionCreditAge: false } as const;
    expect(assess(couple).migPence).toBe(8835);
    expect(assess({ ...couple, partnerPensionCreditAge: true }).migPence).toBe(17755);
    expect(assess({ ...couple, pensionCreditAge: true, dateOfBirth: '1950-01-01' }).migPence).toBe(17755);
    expect(assess({ ...couple, dependentChildren: 1 }).migPence).toBe(8835 + 10295);
  });

  it('adds the premiums at single or couple rates', () => {
    expect(assess({ disabilityPremium: true, enhancedDisabilityPremium: true, carerPremium: true }).migPence).toBe(11250 + 4965 + 2425 + 5325);
    const r = assess({ household: 'couple', partnerPensionCreditAge: false, disabilityPremium: true, enhancedDisabilityPremium: true });
    expect(r.migPence).toBe(8835 + 3540 + 1730);
    expect(r.parts.migPremiumsPence).toEqual({ disability: 3540, enhancedDisability: 1730, carer: 0 });
  });

  it('the council’s uplift is rounded up, then its fixed amount added', () => {
    const uplifted = rulesWith((r) => (r.council.migUplift = { percent: '2.5', fixedWeeklyPence: 500 }));
    // 11250 × 1.025 = 11531.25 → 11532, + 500.
    expect(assess({}, uplifted).migPence).toBe(12032);
    expect(assess({}, uplifted).parts.statutoryMigPence).toBe(11250);
  });
});

describe('income: what is counted and what is not (rules 12–19)', () => {
  it('disregards the night element of AA higher rate when no night care is arranged, never more than was received', () => {
    const aa = { dateOfBirth: '1947-02-22', pensionCreditAge: true, aaRate: 'higher', aaPence: 11040 } as const;
    expect(assess(aa)).toMatchObject({ countedIncomePence: 7390, disregardedIncomePence: 3650 });
    expect(assess({ ...aa, nightCareArranged: true })).toMatchObject({ countedIncomePence: 11040, disregardedIncomePence: 0 });
    expect(assess({ ...aa, aaRate: 'lower', aaPence: 7390 })).toMatchObject({ countedIncomePence: 7390, disregardedIncomePence: 0 });
    // Paid less than the difference (an overlapping benefit): only what was received.
    expect(assess({ ...aa, aaPence: 2000 })).toMatchObject({ countedIncomePence: 0, disregardedIncomePence: 2000 });
    expect(assess(aa, rulesWith((r) => (r.disregards.nightCareElement.attendanceAllowance = false))).disregardedIncomePence).toBe(0);
  });

  it('the night element of DLA care (highest) and, where the council chooses, PIP daily living (enhanced)', () => {
    expect(assess({ dlaCareRate: 'highest', dlaCarePence: 11040 }).parts.nightElements.dlaCare).toBe(3650);
    expect(assess({ dlaCareRate: 'middle', dlaCarePence: 7390 }).parts.nightElements.dlaCare).toBe(0);
    const pip = { pipDailyLivingRate: 'enhanced', pipDailyLivingPence: 11040 } as const;
    expect(assess(pip).countedIncomePence).toBe(11040); // Anytown counts PIP in full
    const pipRules = rulesWith((r) => (r.disregards.nightCareElement.pipDailyLiving = true));
    expect(assess(pip, pipRules).countedIncomePence).toBe(7390);
    expect(assess({ ...pip, nightCareArranged: true }, pipRules).countedIncomePence).toBe(11040);
  });

  it('Savings Credit: capped at the single or couple rate, disregarded in full, or counted, by the council’s rules', () => {
    const sc = { pensionCreditSavingsPence: 1500 };
    expect(assess(sc)).toMatchObject({ countedIncomePence: 795, disregardedIncomePence: 705 });
    expect(assess({ ...sc, household: 'couple', partnerPensionCreditAge: true })).toMatchObject({ countedIncomePence: 440, disregardedIncomePence: 1060 });
    expect(assess({ pensionCreditSavingsPence: 500 })).toMatchObject({ countedIncomePence: 0, disregardedIncomePence: 500 });
    expect(assess(sc, rulesWith((r) => (r.disregards.savingsCredit.mode = 'full')))).toMatchObject({ countedIncomePence: 0, disregardedIncomePence: 1500 });
    expect(assess(sc, rulesWith((r) => (r.disregards.savingsCredit.mode = 'none')))).toMatchObject({ countedIncomePence: 1500, disregardedIncomePence: 0 });
  });

  it('war pensions: £10 disregarded, or all of it where the council chooses', () => {
    expect(assess({ warPensionPence: 2500 })).toMatchObject({ countedIncomePence: 1500, disregardedIncomePence: 1000 });
    expect(assess({ warPensionPence: 800 })).toMatchObject({ countedIncomePence: 0, disregardedIncomePence: 800 });
    expect(assess({ warPensionPence: 2500 }, rulesWith((r) => (r.disregards.warPension.mode = 'full')))).toMatchObject({ countedIncomePence: 0, disregardedIncomePence: 2500 });
  });

  it.each([['dlaMobilityPence'], ['pipMobilityPence'], ['earningsPence'], ['armedForcesGipAfipPence'], ['childBenefitCtcPence'], ['otherDisregardedPence']] as const)('%s is disregarded in full', (field) => {
    expect(assess({ [field]: 12345 })).toMatchObject({ countedIncomePence: 0, disregardedIncomePence: 12345 });
  });

  it.each([['statePensionPence'], ['occupationalPensionPence'], ['pensionCreditGuaranteePence'], ['universalCreditPence'], ['esaPence'], ['incomeSupportJsaPence'], ['carersAllowancePence'], ['otherCountedPence']] as const)('%s is counted in full', (field) => {
    expect(assess({ [field]: 12345 })).toMatchObject({ countedIncomePence: 12345, disregardedIncomePence: 0 });
  });

  it('counts half of a couple’s joint income, a half penny dropped', () => {
    expect(assess({ household: 'couple', partnerPensionCreditAge: false, jointIncomePence: 12345 }).countedIncomePence).toBe(6172);
  });
});

describe('allowances: housing and disability-related expenditure (rules 20–21)', () => {
  it('allows housing costs and council tax', () => {
    expect(assess({ otherCountedPence: 30000, housingCostsPence: 5000, councilTaxPence: 2500 })).toMatchObject({ housingCostsPence: 7500, disposableIncomePence: 30000 - 7500 - 11250 });
  });

  const disabled = { pipDailyLivingRate: 'standard', pipDailyLivingPence: 7390, dreItemisedPence: 3000 } as const;
  it('flat DRE only where a disability benefit is counted', () => {
    expect(assess(disabled).drePence).toBe(2000);
    expect(assess({ dreItemisedPence: 3000 }).drePence).toBe(0);
    expect(assess({ dreItemisedPence: 3000 }, rulesWith((r) => (r.council.dre.requiresDisabilityBenefit = false))).drePence).toBe(2000);
  });

  it('itemised DRE, or the higher of flat and itemised', () => {
    expect(assess(disabled, rulesWith((r) => (r.council.dre.method = 'itemised'))).drePence).toBe(3000);
    expect(assess(disabled, rulesWith((r) => (r.council.dre.method = 'higher-of-flat-and-itemised'))).drePence).toBe(3000);
    expect(assess({ ...disabled, dreItemisedPence: 1500 }, rulesWith((r) => (r.council.dre.method = 'higher-of-flat-and-itemised'))).drePence).toBe(2000);
  });
});

describe('the charge: percentage, minimum and caps (rules 2, 24–25)', () => {
  const income = { otherCountedPence: 21250 }; // disposable £100.00 over the £112.50 MIG
  it('charges the disposable income, or nothing when it is nil or negative', () => {
    expect(assess(income)).toMatchObject({ disposableIncomePence: 10000, weeklyContributionPence: 10000, reason: 'assessed' });
    expect(assess({ otherCountedPence: 11250 })).toMatchObject({ disposableIncomePence: 0, weeklyContributionPence: 0, reason: 'nil-below-mig' });
    expect(assess({ otherCountedPence: 11251 })).toMatchObject({ weeklyContributionPence: 1, reason: 'assessed' });
  });

  it('a percentage of disposable income is rounded down', () => {
    expect(assess({ otherCountedPence: 11250 + 333 }, rulesWith((r) => (r.council.percentOfDisposable = '92.5'))).weeklyContributionPence).toBe(308); // 308.025
    expect(assess({ otherCountedPence: 11250 + 3 }, rulesWith((r) => (r.council.percentOfDisposable = '50'))).weeklyContributionPence).toBe(1);
  });

  it('a charge below the minimum is waived; at the minimum it is charged', () => {
    const minimum = rulesWith((r) => (r.council.minimumChargeWeeklyPence = 125));
    expect(assess({ otherCountedPence: 11250 + 124 }, minimum)).toMatchObject({ weeklyContributionPence: 0, reason: 'below-minimum-charge' });
    expect(assess({ otherCountedPence: 11250 + 125 }, minimum)).toMatchObject({ weeklyContributionPence: 125, reason: 'assessed' });
  });

  it('never more than the cost of care, nor the council’s maximum; a tie reports the cost', () => {
    expect(assess({ ...income, costOfCareWeeklyPence: 9999 })).toMatchObject({ weeklyContributionPence: 9999, reason: 'capped-at-cost' });
    expect(assess({ ...income, costOfCareWeeklyPence: 10000 })).toMatchObject({ weeklyContributionPence: 10000, reason: 'assessed' });
    const maximum = rulesWith((r) => (r.council.maximumWeeklyPence = 8000));
    expect(assess(income, maximum)).toMatchObject({ weeklyContributionPence: 8000, reason: 'capped-at-maximum' });
    expect(assess({ ...income, costOfCareWeeklyPence: 8000 }, maximum)).toMatchObject({ weeklyContributionPence: 8000, reason: 'capped-at-cost' });
    expect(assess({ ...income, costOfCareWeeklyPence: 7000 }, maximum)).toMatchObject({ weeklyContributionPence: 7000, reason: 'capped-at-cost' });
  });

  it('the maximum binds full-cost payers only where the council says so', () => {
    const over = { capitalSolePence: 3000000, costOfCareWeeklyPence: 50000 };
    expect(assess(over, rulesWith((r) => (r.council.maximumWeeklyPence = 30000)))).toMatchObject({ weeklyContributionPence: 50000, reason: 'full-cost-capital' });
    const binding = rulesWith((r) => Object.assign(r.council, { maximumWeeklyPence: 30000, maximumAppliesToFullCost: true }));
    expect(assess(over, binding)).toMatchObject({ weeklyContributionPence: 30000, reason: 'capped-at-maximum' });
    expect(assess({ ...over, costOfCareWeeklyPence: 20000 }, binding)).toMatchObject({ weeklyContributionPence: 20000, reason: 'full-cost-capital' });
  });
});

describe('light touch and free services (rules 5, 26)', () => {
  it('light touch nil: nothing; light touch full cost: the cost of care', () => {
    expect(assess({ lightTouch: 'nil', otherCountedPence: 90000 })).toMatchObject({ weeklyContributionPence: 0, reason: 'light-touch-nil', countedIncomePence: 0 });
    expect(assess({ lightTouch: 'full_cost', costOfCareWeeklyPence: 25000, capitalSolePence: 100 })).toMatchObject({ weeklyContributionPence: 25000, reason: 'light-touch-full-cost', capitalPence: 100 });
  });

  it.each([['reablement'], ['s117'], ['cjd']] as const)('%s is free, whatever the person has', (service) => {
    expect(assess({ freeService: service, capitalSolePence: 9000000, lightTouch: 'full_cost', otherCountedPence: 90000 })).toMatchObject({ weeklyContributionPence: 0, reason: 'free-service', capitalPence: 9000000, migPence: 0 });
  });
});

describe('exact arithmetic', () => {
  it('multiplies and divides beyond the safe integers exactly', () => {
    expect(mulDiv(9_999_999_999_999, 9999, 10000, 'floor')).toBe(Number((9_999_999_999_999n * 9999n) / 10000n));
    expect(mulDiv(9_999_999_999_999, 10001, 10000, 'ceil')).toBe(Number((9_999_999_999_999n * 10001n + 9999n) / 10000n));
    expect(mulDiv(7, 3, 2, 'ceil')).toBe(11);
    expect(mulDiv(7, 3, 2, 'floor')).toBe(10);
  });
});
