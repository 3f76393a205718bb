import { type ChargingRules, percentHundredths } from './rules.js';

/**
 * The weekly contribution by financial assessment, for care outside care homes, in the order of
 * ../shared/docs/charging.md §3. Every figure is whole pence; the only roundings are the floors and
 * ceilings the rules name, each to the adult's advantage (rule 30). All arithmetic is on safe
 * integers (inputs are at most £10 billion a week), so it is exact.
 */
export type Household = 'single' | 'lone_parent' | 'couple';
export type LightTouch = 'none' | 'full_cost' | 'nil';
export type FreeService = 'none' | 'reablement' | 's117' | 'cjd';
export type AaRate = 'none' | 'lower' | 'higher';
export type DlaCareRate = 'none' | 'lowest' | 'middle' | 'highest';
export type PipRate = 'none' | 'standard' | 'enhanced';

/** One person's circumstances: weekly whole pence, their own share (as the batch file's columns). */
export interface Circumstances {
  assessmentDate: string;
  dateOfBirth: string;
  household: Household;
  pensionCreditAge: boolean;
  /** For a couple: has the partner reached pension credit age. Null for anyone else. */
  partnerPensionCreditAge: boolean | null;
  dependentChildren: number;
  disabilityPremium: boolean;
  enhancedDisabilityPremium: boolean;
  carerPremium: boolean;
  nightCareArranged: boolean;
  lightTouch: LightTouch;
  freeService: FreeService;
  statePensionPence: number;
  occupationalPensionPence: number;
  pensionCreditGuaranteePence: number;
  pensionCreditSavingsPence: number;
  universalCreditPence: number;
  esaPence: number;
  incomeSupportJsaPence: number;
  carersAllowancePence: number;
  aaRate: AaRate;
  aaPence: number;
  dlaCareRate: DlaCareRate;
  dlaCarePence: number;
  pipDailyLivingRate: PipRate;
  pipDailyLivingPence: number;
  dlaMobilityPence: number;
  pipMobilityPence: number;
  earningsPence: number;
  warPensionPence: number;
  armedForcesGipAfipPence: number;
  childBenefitCtcPence: number;
  otherCountedPence: number;
  otherDisregardedPence: number;
  jointIncomePence: number;
  capitalSolePence: number;
  capitalJointPence: number;
  jointOwners: number;
  housingCostsPence: number;
  councilTaxPence: number;
  dreItemisedPence: number;
  costOfCareWeeklyPence: number;
}

export const REASONS = ['free-service', 'light-touch-nil', 'light-touch-full-cost', 'full-cost-capital', 'nil-below-mig', 'below-minimum-charge', 'assessed', 'capped-at-cost', 'capped-at-maximum'] as const;
export type ContributionReason = (typeof REASONS)[number];

/** Which amount of the minimum income guarantee applies, for the explanation. */
export type MigBase = 'single-18-to-24' | 'single-25-to-pension-credit-age' | 'single-pension-credit-age' | 'lone-parent' | 'lone-parent-pension-credit-age' | 'couple' | 'couple-pension-credit-age';

export interface Contribution {
  capitalPence: number;
  tariffIncomePence: number;
  countedIncomePence: number;
  disregardedIncomePence: number;
  housingCostsPence: number;
  drePence: number;
  migPence: number;
  disposableIncomePence: number;
  weeklyContributionPence: number;
  reason: ContributionReason;
  /** Whether the steps from tariff income to disposable income were worked out (not for free services, light touch or capital over the limit). */
  assessed: boolean;
  parts: {
    /** Age in completed years on the assessment date. */
    age: number;
    tariffBands: number;
    nightElements: { aa: number; dlaCare: number; pip: number };
    savingsCreditDisregard: number;
    warPensionDisregard: number;
    halfJointIncome: number;
    jointCapitalShare: number;
    countedDisabilityBenefits: number;
    migBase: MigBase;
    migBasePence: number;
    migChildrenPence: number;
    migPremiumsPence: { disability: number; enhancedDisability: number; carer: number };
    statutoryMigPence: number;
    /** The contribution before the minimum charge and the caps: the council's percentage of disposable income, rounded down. */
    percentagePence: number;
  };
}

/** ⌊a × b ÷ d⌋ or ⌈a × b ÷ d⌉ for non-negative integers, exactly: in Number while the product is safe, BigInt beyond. */
export function mulDiv(a: number, b: number, d: number, round: 'floor' | 'ceil'): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return round === 'floor' ? Math.floor(product / d) : Math.ceil(product / d);
  const p = BigInt(a) * BigInt(b);
  const q = p / BigInt(d);
  return Number(round === 'ceil' && q * BigInt(d) !== p ? q + 1n : q);
}

const percents = new WeakMap<ChargingRules, { disposable: number; uplift: number }>();
function percentsOf(rules: ChargingRules) {
  let p = percents.get(rules);
  if (!p) percents.set(rules, (p = { disposable: percentHundredths(rules.council.percentOfDisposable), uplift: percentHundredths(rules.council.migUplift.percent) }));
  return p;
}

/** Age in completed years on a day; a 29 February birthday counts on 1 March in other years. */
export function completedYears(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  let birthday = dateOfBirth.slice(5);
  const year = Number(on.slice(0, 4));
  if (birthday === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) birthday = '03-01';
  return on.slice(5) < birthday ? years - 1 : years;
}

/** Tariff income: £1 a week (the rules' figure) for each £250 or part of £250 between the limits. */
export function tariffBands(capitalPence: number, capital: ChargingRules['capital']): number {
  if (capitalPence <= capital.lowerPence) return 0;
  // (min − lower) ÷ per is exact in floating point when both are safe integers and the quotient's ceiling is taken.
  return Math.ceil((Math.min(capitalPence, capital.upperPence) - capital.lowerPence) / capital.tariffPerPence);
}

const NO_PARTS = (age: number): Contribution['parts'] => ({
  age,
  tariffBands: 0,
  nightElements: { aa: 0, dlaCare: 0, pip: 0 },
  savingsCreditDisregard: 0,
  warPensionDisregard: 0,
  halfJointIncome: 0,
  jointCapitalShare: 0,
  countedDisabilityBenefits: 0,
  migBase: 'single-25-to-pension-credit-age',
  migBasePence: 0,
  migChildrenPence: 0,
  migPremiumsPence: { disability: 0, enhancedDisability: 0, carer: 0 },
  statutoryMigPence: 0,
  percentagePence: 0,
});

function fullCost(rules: ChargingRules, c: Circumstances, capitalPence: number, reason: ContributionReason, parts: Contribution['parts']): Contribution {
  const max = rules.council.maximumWeeklyPence;
  const capped = max !== null && rules.council.maximumAppliesToFullCost && max < c.costOfCareWeeklyPence;
  return {
    capitalPence,
    tariffIncomePence: 0,
    countedIncomePence: 0,
    disregardedIncomePence: 0,
    housingCostsPence: 0,
    drePence: 0,
    migPence: 0,
    disposableIncomePence: 0,
    weeklyContributionPence: capped ? max : c.costOfCareWeeklyPence,
    reason: capped ? 'capped-at-maximum' : reason,
    assessed: false,
    parts,
  };
}

function notAssessed(capitalPence: number, reason: ContributionReason, parts: Contribution['parts']): Contribution {
  return { capitalPence, tariffIncomePence: 0, countedIncomePence: 0, disregardedIncomePence: 0, housingCostsPence: 0, drePence: 0, migPence: 0, disposableIncomePence: 0, weeklyContributionPence: 0, reason, assessed: false, parts };
}

/** The minimum income guarantee by rule 22: the base amount for the household and age, each child, and the premiums. */
function minimumIncomeGuarantee(rules: ChargingRules, c: Circumstances, age: number) {
  const m = rules.mig;
  let base: MigBase;
  let basePence: number;
  if (c.household === 'couple') {
    const pensionAge = c.pensionCreditAge || c.partnerPensionCreditAge === true;
    base = pensionAge ? 'couple-pension-credit-age' : 'couple';
    basePence = pensionAge ? m.couple.eachPensionCreditAgePence : m.couple.eachPence;
  } else if (c.household === 'lone_parent') {
    // A lone parent who has reached pension credit age: the single pension-credit-age amount (charging.md rule 22; TO CONFIRM, the higher reading).
    base = c.pensionCreditAge ? 'lone-parent-pension-credit-age' : 'lone-parent';
    basePence = c.pensionCreditAge ? Math.max(m.single.pensionCreditAgePence, m.loneParentPence) : m.loneParentPence;
  } else if (c.pensionCreditAge) {
    base = 'single-pension-credit-age';
    basePence = m.single.pensionCreditAgePence;
  } else if (age < 25) {
    base = 'single-18-to-24';
    basePence = m.single.age18to24Pence;
  } else {
    base = 'single-25-to-pension-credit-age';
    basePence = m.single.age25ToPensionCreditAgePence;
  }
  const couple = c.household === 'couple';
  const premiums = {
    disability: c.disabilityPremium ? (couple ? m.premiums.disabilityCouplePence : m.premiums.disabilitySinglePence) : 0,
    enhancedDisability: c.enhancedDisabilityPremium ? (couple ? m.premiums.enhancedDisabilityCouplePence : m.premiums.enhancedDisabilitySinglePence) : 0,
    carer: c.carerPremium ? m.premiums.carerPence : 0,
  };
  const childrenPence = c.dependentChildren * m.childPence;
  return { base, basePence, childrenPence, premiums, total: basePence + childrenPence + premiums.disability + premiums.enhancedDisability + premiums.carer };
}

/**
 * The weekly contribution and every figure it came from. The circumstances must already be valid
 * (circumstances.ts checks them); this only calculates.
 */
export function assessContribution(rules: ChargingRules, c: Circumstances): Contribution {
  const age = completedYears(c.dateOfBirth, c.assessmentDate);
  // 1. Capital: the person's own plus an equal share of what is held jointly (a fraction of a penny dropped).
  const jointCapitalShare = c.jointOwners > 0 ? Math.floor(c.capitalJointPence / c.jointOwners) : 0;
  const capitalPence = c.capitalSolePence + jointCapitalShare;
  const parts = NO_PARTS(age);
  parts.jointCapitalShare = jointCapitalShare;
  // 2. Free services. 3. Light touch. 4. Capital above the upper limit.
  if (c.freeService !== 'none') return notAssessed(capitalPence, 'free-service', parts);
  if (c.lightTouch === 'nil') return notAssessed(capitalPence, 'light-touch-nil', parts);
  if (c.lightTouch === 'full_cost') return fullCost(rules, c, capitalPence, 'light-touch-full-cost', parts);
  if (capitalPence > rules.capital.upperPence) return fullCost(rules, c, capitalPence, 'full-cost-capital', parts);

  // 5. Tariff income.
  const bands = tariffBands(capitalPence, rules.capital);
  const tariffIncomePence = bands * rules.capital.tariffWeeklyPence;

  // 6. Income: what is disregarded, and what is counted.
  const br = rules.benefitRates;
  const night = rules.disregards.nightCareElement;
  const day = !c.nightCareArranged;
  const aa = day && night.attendanceAllowance && c.aaRate === 'higher' ? Math.min(c.aaPence, br.attendanceAllowance.higherPence - br.attendanceAllowance.lowerPence) : 0;
  const dlaCare = day && night.dlaCare && c.dlaCareRate === 'highest' ? Math.min(c.dlaCarePence, br.dlaCare.highestPence - br.dlaCare.middlePence) : 0;
  const pip = day && night.pipDailyLiving && c.pipDailyLivingRate === 'enhanced' ? Math.min(c.pipDailyLivingPence, br.pipDailyLiving.enhancedPence - br.pipDailyLiving.standardPence) : 0;
  const sc = rules.disregards.savingsCredit;
  const savingsCreditDisregard = sc.mode === 'full' ? c.pensionCreditSavingsPence : sc.mode === 'none' ? 0 : Math.min(c.pensionCreditSavingsPence, c.household === 'couple' ? sc.couplePence : sc.singlePence);
  const wp = rules.disregards.warPension;
  const warPensionDisregard = wp.mode === 'full' ? c.warPensionPence : Math.min(c.warPensionPence, wp.weeklyPence);
  const halfJointIncome = Math.floor(c.jointIncomePence / 2);
  const disregardedIncomePence =
    aa + dlaCare + pip + savingsCreditDisregard + warPensionDisregard + c.dlaMobilityPence + c.pipMobilityPence + c.earningsPence + c.armedForcesGipAfipPence + c.childBenefitCtcPence + c.otherDisregardedPence;
  const countedDisabilityBenefits = c.aaPence - aa + (c.dlaCarePence - dlaCare) + (c.pipDailyLivingPence - pip);
  const countedIncomePence =
    c.statePensionPence +
    c.occupationalPensionPence +
    c.pensionCreditGuaranteePence +
    (c.pensionCreditSavingsPence - savingsCreditDisregard) +
    c.universalCreditPence +
    c.esaPence +
    c.incomeSupportJsaPence +
    c.carersAllowancePence +
    countedDisabilityBenefits +
    (c.warPensionPence - warPensionDisregard) +
    c.otherCountedPence +
    halfJointIncome;

  // 7. Housing. 8. Disability-related expenditure.
  const housingCostsPence = c.housingCostsPence + c.councilTaxPence;
  const dre = rules.council.dre;
  const drePence =
    dre.requiresDisabilityBenefit && countedDisabilityBenefits === 0
      ? 0
      : dre.method === 'flat'
        ? dre.flatWeeklyPence
        : dre.method === 'itemised'
          ? c.dreItemisedPence
          : Math.max(dre.flatWeeklyPence, c.dreItemisedPence);

  // 9. The minimum income guarantee, with the council's uplift rounded up.
  const mig = minimumIncomeGuarantee(rules, c, age);
  const uplift = rules.council.migUplift;
  const migPence = mulDiv(mig.total, 10000 + percentsOf(rules).uplift, 10000, 'ceil') + uplift.fixedWeeklyPence;

  // 10. Disposable income and the charge.
  const disposableIncomePence = countedIncomePence + tariffIncomePence - housingCostsPence - drePence - migPence;
  Object.assign(parts, {
    tariffBands: bands,
    nightElements: { aa, dlaCare, pip },
    savingsCreditDisregard,
    warPensionDisregard,
    halfJointIncome,
    countedDisabilityBenefits,
    migBase: mig.base,
    migBasePence: mig.basePence,
    migChildrenPence: mig.childrenPence,
    migPremiumsPence: mig.premiums,
    statutoryMigPence: mig.total,
  });
  const result = (weeklyContributionPence: number, reason: ContributionReason): Contribution => ({
    capitalPence,
    tariffIncomePence,
    countedIncomePence,
    disregardedIncomePence,
    housingCostsPence,
    drePence,
    migPence,
    disposableIncomePence,
    weeklyContributionPence,
    reason,
    assessed: true,
    parts,
  });
  if (disposableIncomePence <= 0) return result(0, 'nil-below-mig');
  const raw = mulDiv(disposableIncomePence, percentsOf(rules).disposable, 10000, 'floor');
  parts.percentagePence = raw;
  if (raw < rules.council.minimumChargeWeeklyPence) return result(0, 'below-minimum-charge');
  const cost = c.costOfCareWeeklyPence;
  const max = rules.council.maximumWeeklyPence;
  if (cost < raw && (max === null || cost <= max)) return result(cost, 'capped-at-cost');
  if (max !== null && max < raw) return result(max, 'capped-at-maximum');
  return result(raw, 'assessed');
}
