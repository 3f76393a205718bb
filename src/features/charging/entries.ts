import { z } from 'zod';
import type { Circumstances } from '../../domain/charging/contribution.js';
import { FREQUENCIES, type Frequency, weeklyPence } from '../../domain/charging/frequency.js';
import { optionalPounds, requiredChoice, requiredDate, isoDate, tickedField } from '../../web/fields.js';
import { blankToNull } from '../../web/forms.js';

/**
 * What a financial assessment records, section by section, as the officer entered it (amounts
 * with their frequency), and how that becomes the weekly Circumstances the calculation takes.
 */
export const SECTIONS = ['about', 'route', 'income', 'capital', 'costs'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  about: 'About the person',
  route: 'How the contribution is worked out',
  income: 'Income',
  capital: 'Savings and capital',
  costs: 'Housing costs, disability-related costs and the cost of care',
};

export interface IncomeLine {
  key: keyof Circumstances & `${string}Pence`;
  name: string;
  label: string;
  hint?: string;
  /** A benefit paid at a rate, which decides its night element. */
  rate?: { field: 'aaRate' | 'dlaCareRate' | 'pipDailyLivingRate'; name: string; values: readonly string[]; labels: Record<string, string> };
}

export const INCOME_LINES: readonly IncomeLine[] = [
  { key: 'statePensionPence', name: 'state_pension', label: 'State Pension' },
  { key: 'occupationalPensionPence', name: 'occupational_pension', label: 'Work or private pensions', hint: 'After tax' },
  { key: 'pensionCreditGuaranteePence', name: 'pension_credit_guarantee', label: 'Pension Credit: guarantee credit' },
  { key: 'pensionCreditSavingsPence', name: 'pension_credit_savings', label: 'Pension Credit: savings credit' },
  { key: 'universalCreditPence', name: 'universal_credit', label: 'Universal Credit', hint: 'All of it, including any housing element' },
  { key: 'esaPence', name: 'esa', label: 'Employment and Support Allowance' },
  { key: 'incomeSupportJsaPence', name: 'income_support_jsa', label: 'Income Support or Jobseeker’s Allowance' },
  { key: 'carersAllowancePence', name: 'carers_allowance', label: 'Carer’s Allowance' },
  { key: 'aaPence', name: 'aa', label: 'Attendance Allowance', rate: { field: 'aaRate', name: 'aa_rate', values: ['none', 'lower', 'higher'], labels: { none: 'Not paid', lower: 'Lower rate', higher: 'Higher rate' } } },
  { key: 'dlaCarePence', name: 'dla_care', label: 'Disability Living Allowance: care', rate: { field: 'dlaCareRate', name: 'dla_care_rate', values: ['none', 'lowest', 'middle', 'highest'], labels: { none: 'Not paid', lowest: 'Lowest rate', middle: 'Middle rate', highest: 'Highest rate' } } },
  { key: 'pipDailyLivingPence', name: 'pip_daily_living', label: 'Personal Independence Payment: daily living', rate: { field: 'pipDailyLivingRate', name: 'pip_daily_living_rate', values: ['none', 'standard', 'enhanced'], labels: { none: 'Not paid', standard: 'Standard rate', enhanced: 'Enhanced rate' } } },
  { key: 'dlaMobilityPence', name: 'dla_mobility', label: 'Disability Living Allowance: mobility' },
  { key: 'pipMobilityPence', name: 'pip_mobility', label: 'Personal Independence Payment: mobility' },
  { key: 'earningsPence', name: 'earnings', label: 'Earnings from work', hint: 'After tax' },
  { key: 'warPensionPence', name: 'war_pension', label: 'War disablement or war widow’s pension' },
  { key: 'armedForcesGipAfipPence', name: 'armed_forces', label: 'Armed Forces Independence Payment or Guaranteed Income Payment' },
  { key: 'childBenefitCtcPence', name: 'child_benefit', label: 'Child Benefit or Child Tax Credit' },
  { key: 'otherCountedPence', name: 'other_counted', label: 'Other income that counts', hint: 'For example rent from a lodger' },
  { key: 'otherDisregardedPence', name: 'other_disregarded', label: 'Other income that does not count' },
  { key: 'jointIncomePence', name: 'joint_income', label: 'Income the couple get together', hint: 'The whole amount: half of it is counted' },
];

const PENCE_LIMIT = 9_999_999_999;
const amount = (label: string) =>
  optionalPounds(`Enter ${label.toLowerCase()} in pounds and pence, like 23.50`).refine((v) => v === null || v <= PENCE_LIMIT, `${label} must be less than £100,000,000`);
const frequency = z.preprocess(blankToNull, z.enum(FREQUENCIES).nullable().catch('weekly')).transform((v) => v ?? 'weekly');
const count = (label: string) =>
  z.preprocess(blankToNull, z.coerce.number({ error: `Enter the number of ${label} as a whole number, like 2` }).int(`Enter the number of ${label} as a whole number`).min(0, `The number of ${label} cannot be less than 0`).max(20, `The number of ${label} must be 20 or fewer`).nullable()).transform((v) => v ?? 0);

/** The version of the assessment the form was read at: a later save by someone else is a conflict, not an overwrite. */
const row_version = z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive();

export const sectionForms = {
  about: z
    .object({
      row_version,
      assessed_on: requiredDate('The date of the assessment', 'Enter the date of the assessment'),
      date_of_birth: requiredDate('Their date of birth', 'Enter their date of birth'),
      household: requiredChoice(['single', 'lone_parent', 'couple'], 'Select who they live with'),
      pension_credit_age: requiredChoice(['yes', 'no'], 'Select whether they have reached pension credit age'),
      pension_credit_age_on: isoDate('The day they reach pension credit age'),
      partner_pension_credit_age: z.preprocess(blankToNull, z.enum(['yes', 'no']).nullable()),
      dependent_children: count('children'),
      premiums: tickedField.pipe(z.array(z.enum(['disability', 'enhanced-disability', 'carer'], { error: 'Select the premiums from the list' }))),
      night_care_arranged: requiredChoice(['yes', 'no'], 'Select whether the council arranges care at night'),
    })
    .superRefine((f, ctx) => {
      if (f.household === 'couple' && f.partner_pension_credit_age === null) ctx.addIssue({ code: 'custom', path: ['partner_pension_credit_age'], message: 'Select whether their partner has reached pension credit age' });
      if (f.household === 'lone_parent' && f.dependent_children === 0) ctx.addIssue({ code: 'custom', path: ['dependent_children'], message: 'A lone parent has at least 1 child: enter how many' });
      if (f.household === 'single' && f.dependent_children > 0) ctx.addIssue({ code: 'custom', path: ['household'], message: 'Someone with children they look after is a lone parent: select lone parent' });
      if (f.date_of_birth && f.assessed_on && f.date_of_birth >= f.assessed_on) ctx.addIssue({ code: 'custom', path: ['date_of_birth'], message: 'Their date of birth must be before the date of the assessment' });
    }, { when: () => true }),
  route: z.object({
    row_version,
    route: requiredChoice(['full', 'light-touch-full-cost', 'light-touch-nil', 'free-reablement', 'free-s117', 'free-cjd'], 'Select how the contribution is worked out'),
  }),
  income: z
    .object(
      Object.fromEntries([
        ['row_version', row_version],
        ...INCOME_LINES.flatMap((line) => [
          [`${line.name}_amount`, amount(line.label)],
          [`${line.name}_frequency`, frequency],
          ...(line.rate ? [[line.rate.name, z.preprocess(blankToNull, z.enum(line.rate.values as [string, ...string[]]).nullable()).transform((v) => v ?? 'none')]] : []),
        ]),
      ]) as Record<string, z.ZodType<unknown>>,
    )
    .superRefine((f, ctx) => {
      for (const line of INCOME_LINES) {
        if (!line.rate) continue;
        const rate = f[line.rate.name];
        const pence = f[`${line.name}_amount`] as number | null;
        if (rate !== 'none' && !pence) ctx.addIssue({ code: 'custom', path: [`${line.name}_amount`], message: `Enter how much ${line.label} they get at the ${String(rate)} rate` });
        if (rate === 'none' && pence) ctx.addIssue({ code: 'custom', path: [line.rate.name], message: `Select the rate of ${line.label} they get` });
      }
    }, { when: () => true }),
  capital: z
    .object({
      row_version,
      capital_sole: amount('Capital in their name only'),
      capital_joint: amount('Capital held jointly'),
      joint_owners: count('owners'),
    })
    .superRefine((f, ctx) => {
      if (typeof f.capital_joint === 'number' && f.capital_joint > 0 && typeof f.joint_owners === 'number' && f.joint_owners < 2) ctx.addIssue({ code: 'custom', path: ['joint_owners'], message: 'Enter how many people own the joint capital, including them: 2 or more' });
    }, { when: () => true }),
  costs: z.object({
    row_version,
    housing_costs_amount: amount('Housing costs'),
    housing_costs_frequency: frequency,
    council_tax_amount: amount('Council Tax'),
    council_tax_frequency: frequency,
    dre_itemised: amount('Itemised disability-related costs'),
    cost_of_care: amount('The weekly cost of care').refine((v) => v !== null, 'Enter the weekly cost of the care arranged, or 0 if none is arranged yet'),
  }),
} satisfies Record<Section, z.ZodType<unknown>>;

export type Entries = Partial<Record<Section, Record<string, unknown>>>;

/** The sections still to fill in. */
export function missingSections(entries: Entries): Section[] {
  return SECTIONS.filter((s) => entries[s] === undefined);
}

const ROUTES: Record<string, Pick<Circumstances, 'lightTouch' | 'freeService'>> = {
  full: { lightTouch: 'none', freeService: 'none' },
  'light-touch-full-cost': { lightTouch: 'full_cost', freeService: 'none' },
  'light-touch-nil': { lightTouch: 'nil', freeService: 'none' },
  'free-reablement': { lightTouch: 'none', freeService: 'reablement' },
  'free-s117': { lightTouch: 'none', freeService: 's117' },
  'free-cjd': { lightTouch: 'none', freeService: 'cjd' },
};

/** The weekly circumstances from complete entries: income rounded down, allowances up (rule 30). */
export function circumstancesFromEntries(entries: Required<Entries>): Circumstances {
  const about = entries.about as z.infer<typeof sectionForms.about>;
  const route = entries.route as z.infer<typeof sectionForms.route>;
  const income = entries.income as Record<string, unknown>;
  const capital = entries.capital as z.infer<typeof sectionForms.capital>;
  const costs = entries.costs as z.infer<typeof sectionForms.costs>;
  const couple = about.household === 'couple';
  const weekly = (name: string) => weeklyPence((income[`${name}_amount`] as number | null) ?? 0, (income[`${name}_frequency`] as Frequency) ?? 'weekly', 'income');
  const lines = Object.fromEntries(INCOME_LINES.map((line) => [line.key, line.key === 'jointIncomePence' && !couple ? 0 : weekly(line.name)]));
  const rates = Object.fromEntries(INCOME_LINES.filter((l) => l.rate).map((l) => [l.rate!.field, income[l.rate!.name] ?? 'none']));
  return {
    assessmentDate: about.assessed_on,
    dateOfBirth: about.date_of_birth,
    household: about.household,
    pensionCreditAge: about.pension_credit_age === 'yes',
    partnerPensionCreditAge: couple ? about.partner_pension_credit_age === 'yes' : null,
    dependentChildren: about.household === 'single' ? 0 : about.dependent_children,
    disabilityPremium: about.premiums.includes('disability'),
    enhancedDisabilityPremium: about.premiums.includes('enhanced-disability'),
    carerPremium: about.premiums.includes('carer'),
    nightCareArranged: about.night_care_arranged === 'yes',
    ...ROUTES[route.route]!,
    ...(lines as Record<IncomeLine['key'], number>),
    ...(rates as Pick<Circumstances, 'aaRate' | 'dlaCareRate' | 'pipDailyLivingRate'>),
    capitalSolePence: capital.capital_sole ?? 0,
    capitalJointPence: capital.capital_joint ?? 0,
    jointOwners: (capital.capital_joint ?? 0) > 0 ? capital.joint_owners : 0,
    housingCostsPence: weeklyPence(costs.housing_costs_amount ?? 0, costs.housing_costs_frequency as Frequency, 'allowance'),
    councilTaxPence: weeklyPence(costs.council_tax_amount ?? 0, costs.council_tax_frequency as Frequency, 'allowance'),
    dreItemisedPence: costs.dre_itemised ?? 0,
    costOfCareWeeklyPence: costs.cost_of_care ?? 0,
  } as Circumstances;
}
