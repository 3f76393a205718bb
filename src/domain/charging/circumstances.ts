import type { Circumstances } from './contribution.js';
import { completedYears } from './contribution.js';
import type { ChargingRules } from './rules.js';

/**
 * The `selfdirect-financial-assessment` columns (charging.md §6), each with how it is read and
 * the field of Circumstances it fills, and the checks across fields that the batch file and the
 * web form share. Amounts are at most 10 digits of pence (£99,999,999.99 a week), so every sum
 * stays an exact integer.
 */
export type ColumnKind = 'id' | 'date' | 'household' | 'yes-no' | 'partner' | 'count' | 'light-touch' | 'free-service' | 'pence' | 'aa-rate' | 'dla-care-rate' | 'pip-rate';

export interface Column {
  name: string;
  kind: ColumnKind;
  field: keyof Circumstances | 'personId';
}

const c = (name: string, kind: ColumnKind, field: Column['field']): Column => ({ name, kind, field });

export const ASSESSMENT_COLUMNS: readonly Column[] = [
  c('person_id', 'id', 'personId'),
  c('assessment_date', 'date', 'assessmentDate'),
  c('date_of_birth', 'date', 'dateOfBirth'),
  c('household', 'household', 'household'),
  c('pension_credit_age', 'yes-no', 'pensionCreditAge'),
  c('partner_pension_credit_age', 'partner', 'partnerPensionCreditAge'),
  c('dependent_children', 'count', 'dependentChildren'),
  c('disability_premium', 'yes-no', 'disabilityPremium'),
  c('enhanced_disability_premium', 'yes-no', 'enhancedDisabilityPremium'),
  c('carer_premium', 'yes-no', 'carerPremium'),
  c('night_care_arranged', 'yes-no', 'nightCareArranged'),
  c('light_touch', 'light-touch', 'lightTouch'),
  c('free_service', 'free-service', 'freeService'),
  c('state_pension_pence', 'pence', 'statePensionPence'),
  c('occupational_pension_pence', 'pence', 'occupationalPensionPence'),
  c('pension_credit_guarantee_pence', 'pence', 'pensionCreditGuaranteePence'),
  c('pension_credit_savings_pence', 'pence', 'pensionCreditSavingsPence'),
  c('universal_credit_pence', 'pence', 'universalCreditPence'),
  c('esa_pence', 'pence', 'esaPence'),
  c('income_support_jsa_pence', 'pence', 'incomeSupportJsaPence'),
  c('carers_allowance_pence', 'pence', 'carersAllowancePence'),
  c('aa_rate', 'aa-rate', 'aaRate'),
  c('aa_pence', 'pence', 'aaPence'),
  c('dla_care_rate', 'dla-care-rate', 'dlaCareRate'),
  c('dla_care_pence', 'pence', 'dlaCarePence'),
  c('pip_daily_living_rate', 'pip-rate', 'pipDailyLivingRate'),
  c('pip_daily_living_pence', 'pence', 'pipDailyLivingPence'),
  c('dla_mobility_pence', 'pence', 'dlaMobilityPence'),
  c('pip_mobility_pence', 'pence', 'pipMobilityPence'),
  c('earnings_pence', 'pence', 'earningsPence'),
  c('war_pension_pence', 'pence', 'warPensionPence'),
  c('armed_forces_gip_afip_pence', 'pence', 'armedForcesGipAfipPence'),
  c('child_benefit_ctc_pence', 'pence', 'childBenefitCtcPence'),
  c('other_counted_pence', 'pence', 'otherCountedPence'),
  c('other_disregarded_pence', 'pence', 'otherDisregardedPence'),
  c('joint_income_pence', 'pence', 'jointIncomePence'),
  c('capital_sole_pence', 'pence', 'capitalSolePence'),
  c('capital_joint_pence', 'pence', 'capitalJointPence'),
  c('joint_owners', 'count', 'jointOwners'),
  c('housing_costs_pence', 'pence', 'housingCostsPence'),
  c('council_tax_pence', 'pence', 'councilTaxPence'),
  c('dre_itemised_pence', 'pence', 'dreItemisedPence'),
  c('cost_of_care_weekly_pence', 'pence', 'costOfCareWeeklyPence'),
];

export const ENUMS = {
  household: ['single', 'lone_parent', 'couple'],
  'light-touch': ['none', 'full_cost', 'nil'],
  'free-service': ['none', 'reablement', 's117', 'cjd'],
  'aa-rate': ['none', 'lower', 'higher'],
  'dla-care-rate': ['none', 'lowest', 'middle', 'highest'],
  'pip-rate': ['none', 'standard', 'enhanced'],
} as const;

export const MAX_AMOUNT_DIGITS = 10;
export const MAX_COUNT = 20;

export interface CircumstancesProblem {
  /** The batch file's column name; the web form maps it to its own field. */
  column: string;
  message: string;
}

const RATE_PAIRS = [
  ['aaRate', 'aaPence', 'aa_rate', 'aa_pence'],
  ['dlaCareRate', 'dlaCarePence', 'dla_care_rate', 'dla_care_pence'],
  ['pipDailyLivingRate', 'pipDailyLivingPence', 'pip_daily_living_rate', 'pip_daily_living_pence'],
] as const;

/**
 * The checks across fields (each field's own form is already right): the date inside the rules'
 * year, an adult, children matching the household, the partner's age only for a couple, an
 * amount exactly when a rate is paid, joint income only for a couple, joint capital with owners.
 */
export function checkCircumstances(rules: Pick<ChargingRules, 'validFrom' | 'validTo' | 'financialYear'>, x: Circumstances): CircumstancesProblem[] {
  const problems: CircumstancesProblem[] = [];
  const problem = (column: string, message: string) => problems.push({ column, message });
  if (x.assessmentDate < rules.validFrom || x.assessmentDate > rules.validTo) problem('assessment_date', `expected a date from ${rules.validFrom} to ${rules.validTo}, when the ${rules.financialYear} rules apply`);
  if (x.dateOfBirth > x.assessmentDate || completedYears(x.dateOfBirth, x.assessmentDate) < 18) problem('date_of_birth', 'expected someone aged 18 or over on the assessment date');
  if (x.household === 'single' && x.dependentChildren !== 0) problem('dependent_children', 'expected 0 for household single; a person with children is lone_parent');
  if (x.household === 'lone_parent' && x.dependentChildren === 0) problem('dependent_children', 'expected 1 or more for household lone_parent');
  if (x.household === 'couple' && x.partnerPensionCreditAge === null) problem('partner_pension_credit_age', 'expected yes or no for a couple');
  if (x.household !== 'couple' && x.partnerPensionCreditAge !== null) problem('partner_pension_credit_age', 'expected empty: only a couple has a partner');
  if (x.household !== 'couple' && x.jointIncomePence !== 0) problem('joint_income_pence', 'expected 0: only a couple has joint income');
  for (const [rate, amount, rateColumn, amountColumn] of RATE_PAIRS) {
    if (x[rate] === 'none' && x[amount] !== 0) problem(amountColumn, `expected 0 when ${rateColumn} is none`);
    if (x[rate] !== 'none' && x[amount] === 0) problem(amountColumn, `expected the weekly amount paid at the ${x[rate]} rate, more than 0`);
  }
  if (x.jointOwners === 1) problem('joint_owners', 'expected 2 or more owners of joint capital, or 0 when there is none');
  if (x.capitalJointPence > 0 && x.jointOwners === 0) problem('joint_owners', 'expected 2 or more: the number of people who own the joint capital');
  return problems;
}
