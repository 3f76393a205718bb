import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anytownRules, circumstances } from '../../../test/helpers/charging.js';
import { checkCircumstances } from './circumstances.js';
import { type Circumstances, assessContribution } from './contribution.js';
import type { ChargingRules } from './rules.js';

/** Any valid circumstances under the Anytown rules' year, and any council choices. */
const money = (max: number) => fc.oneof(fc.constant(0), fc.integer({ min: 0, max }));

const arbitraryCircumstances: fc.Arbitrary<Circumstances> = fc
  .record({
    household: fc.constantFrom('single', 'lone_parent', 'couple'),
    pensionCreditAge: fc.boolean(),
    partner: fc.boolean(),
    children: fc.integer({ min: 1, max: 4 }),
    birthYear: fc.integer({ min: 1930, max: 2006 }),
    aa: fc.constantFrom('none', 'lower', 'higher'),
    dla: fc.constantFrom('none', 'lowest', 'middle', 'highest'),
    pip: fc.constantFrom('none', 'standard', 'enhanced'),
    flags: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    lightTouch: fc.constantFrom('none', 'none', 'none', 'full_cost', 'nil'),
    freeService: fc.constantFrom('none', 'none', 'none', 'none', 'reablement'),
    incomes: fc.array(money(60000), { minLength: 20, maxLength: 20 }),
    capitalSole: fc.oneof(money(1500000), money(3000000), fc.constantFrom(1425000, 1425001, 2325000, 2325001)),
    capitalJoint: money(2000000),
    owners: fc.constantFrom(0, 2, 3),
    cost: money(200000),
  })
  .map((a) => {
    const i = a.incomes;
    const amount = (rate: string, pence: number) => (rate === 'none' ? 0 : pence + 1);
    return circumstances({
      dateOfBirth: `${a.birthYear}-03-15`,
      household: a.household as Circumstances['household'],
      pensionCreditAge: a.pensionCreditAge,
      partnerPensionCreditAge: a.household === 'couple' ? a.partner : null,
      dependentChildren: a.household === 'lone_parent' ? a.children : a.household === 'couple' ? a.children - 1 : 0,
      disabilityPremium: a.flags[0]!,
      enhancedDisabilityPremium: a.flags[1]!,
      carerPremium: a.flags[2]!,
      nightCareArranged: a.flags[3]!,
      lightTouch: a.lightTouch as Circumstances['lightTouch'],
      freeService: a.freeService as Circumstances['freeService'],
      statePensionPence: i[0]!,
      occupationalPensionPence: i[1]!,
      pensionCreditGuaranteePence: i[2]!,
      pensionCreditSavingsPence: i[3]! % 3000,
      universalCreditPence: i[4]!,
      esaPence: i[5]!,
      incomeSupportJsaPence: i[6]!,
      carersAllowancePence: i[7]!,
      aaRate: a.aa as Circumstances['aaRate'],
      aaPence: amount(a.aa, i[8]! % 12000),
      dlaCareRate: a.dla as Circumstances['dlaCareRate'],
      dlaCarePence: amount(a.dla, i[9]! % 12000),
      pipDailyLivingRate: a.pip as Circumstances['pipDailyLivingRate'],
      pipDailyLivingPence: amount(a.pip, i[10]! % 12000),
      earningsPence: i[11]!,
      warPensionPence: i[12]! % 5000,
      otherCountedPence: i[13]!,
      otherDisregardedPence: i[14]!,
      jointIncomePence: a.household === 'couple' ? i[15]! : 0,
      capitalSolePence: a.capitalSole,
      capitalJointPence: a.owners ? a.capitalJoint : 0,
      jointOwners: a.owners,
      housingCostsPence: i[16]! % 30000,
      councilTaxPence: i[17]! % 5000,
      dreItemisedPence: i[18]! % 8000,
      costOfCareWeeklyPence: a.cost,
    });
  });

const arbitraryRules: fc.Arbitrary<ChargingRules> = fc
  .record({
    percent: fc.constantFrom('100', '90', '75', '92.5', '33.33'),
    maximum: fc.option(fc.integer({ min: 0, max: 60000 }), { nil: null }),
    maximumAppliesToFullCost: fc.boolean(),
    minimum: fc.constantFrom(0, 125, 500),
    uplift: fc.constantFrom('0', '2.5', '25'),
    fixed: fc.constantFrom(0, 500),
    dre: fc.constantFrom('flat', 'itemised', 'higher-of-flat-and-itemised'),
    requires: fc.boolean(),
    pipNight: fc.boolean(),
    sc: fc.constantFrom('capped', 'full', 'none'),
    war: fc.constantFrom('statutory', 'full'),
  })
  .map((x) => {
    const r = structuredClone(base);
    Object.assign(r.council, {
      percentOfDisposable: x.percent,
      maximumWeeklyPence: x.maximum,
      maximumAppliesToFullCost: x.maximumAppliesToFullCost,
      minimumChargeWeeklyPence: x.minimum,
      migUplift: { percent: x.uplift, fixedWeeklyPence: x.fixed },
      dre: { method: x.dre, flatWeeklyPence: 2000, requiresDisabilityBenefit: x.requires },
    });
    r.disregards.nightCareElement.pipDailyLiving = x.pipNight;
    r.disregards.savingsCredit.mode = x.sc as ChargingRules['disregards']['savingsCredit']['mode'];
    r.disregards.warPension.mode = x.war as ChargingRules['disregards']['warPension']['mode'];
    return r;
  });

const base = anytownRules();

describe('properties of every contribution', () => {
  it('generates valid circumstances (the properties below are about real cases)', () => {
    fc.assert(
      fc.property(arbitraryCircumstances, (c) => {
        expect(checkCircumstances(base, c)).toEqual([]);
      }),
    );
  });

  it('is never negative and never above the cost of the care arranged', () => {
    fc.assert(
      fc.property(arbitraryRules, arbitraryCircumstances, (r, c) => {
        const result = assessContribution(r, c);
        expect(result.weeklyContributionPence).toBeGreaterThanOrEqual(0);
        expect(result.weeklyContributionPence).toBeLessThanOrEqual(c.costOfCareWeeklyPence);
        expect(Number.isSafeInteger(result.weeklyContributionPence)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never leaves the person’s income, after housing costs and DRE, below the minimum income guarantee', () => {
    fc.assert(
      fc.property(arbitraryRules, arbitraryCircumstances, (r, c) => {
        const result = assessContribution(r, c);
        if (!result.assessed) return; // full cost by choice or capital, nil, or free: no income test
        const left = result.countedIncomePence + result.tariffIncomePence - result.housingCostsPence - result.drePence - result.weeklyContributionPence;
        if (result.weeklyContributionPence > 0) expect(left).toBeGreaterThanOrEqual(result.migPence);
      }),
      { numRuns: 3000 },
    );
  });

  it('never goes up when an allowance goes up (housing, council tax, itemised DRE, the MIG and its uplift)', () => {
    const more = fc.integer({ min: 1, max: 20000 });
    fc.assert(
      fc.property(arbitraryRules, arbitraryCircumstances, more, fc.constantFrom('housing', 'councilTax', 'dre', 'mig', 'fixed', 'premium'), (r, c, extra, which) => {
        const before = assessContribution(r, c).weeklyContributionPence;
        let r2 = r;
        let c2 = c;
        if (which === 'housing') c2 = { ...c, housingCostsPence: c.housingCostsPence + extra };
        if (which === 'councilTax') c2 = { ...c, councilTaxPence: c.councilTaxPence + extra };
        if (which === 'dre') c2 = { ...c, dreItemisedPence: c.dreItemisedPence + extra };
        if (which === 'premium') c2 = { ...c, carerPremium: true };
        if (which === 'mig' || which === 'fixed') {
          r2 = structuredClone(r);
          if (which === 'mig') for (const k of ['age18to24Pence', 'age25ToPensionCreditAgePence', 'pensionCreditAgePence'] as const) r2.mig.single[k] += extra;
          else r2.council.migUplift.fixedWeeklyPence += extra;
        }
        expect(assessContribution(r2, c2).weeklyContributionPence).toBeLessThanOrEqual(before);
      }),
      { numRuns: 3000 },
    );
  });
});
