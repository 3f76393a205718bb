import { type ChargingRules, isToConfirm } from '../../domain/charging/rules.js';
import type { RulesProblem } from '../../domain/charging/rules.js';
import { formatPence } from '../../domain/money/pence.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { type Cell, captionedTable } from '../../web/tables.js';
import type { RulesSummary } from './rules-repository.js';

/** Charging rules as staff read them: every figure, its source, and a tag on each still to confirm. Pure. */

const TO_CONFIRM_TAG = '<strong class="govuk-tag govuk-tag--yellow">To confirm</strong>';
const yes = (b: boolean) => (b ? 'Yes' : 'No');

export function statusTag(status: 'draft' | 'published'): string {
  return status === 'published' ? '<strong class="govuk-tag govuk-tag--green">Published</strong>' : '<strong class="govuk-tag govuk-tag--grey">Draft</strong>';
}

export function rulesListTable(list: RulesSummary[], href: (id: string) => string) {
  return captionedTable(
    `${list.length} ${list.length === 1 ? 'set of charging rules' : 'sets of charging rules'}`,
    [{ text: 'Rules' }, { text: 'Year' }, { text: 'Apply from' }, { text: 'Apply to' }, { text: 'Figures to confirm' }, { text: 'Status' }],
    list.map((r) => [
      { html: `<a class="govuk-link" href="${href(r.id)}">${escapeHtml(r.title)}</a>` },
      { text: r.financial_year },
      { text: formatDate(r.valid_from) },
      { text: formatDate(r.valid_to) },
      { text: String(r.to_confirm), format: 'numeric' },
      { html: statusTag(r.status) },
    ]),
  );
}

function sourceOf(r: ChargingRules, path: string): string {
  let best = '';
  for (const key of Object.keys(r.sources)) if ((path === key || path.startsWith(`${key}.`)) && key.length > best.length) best = key;
  return best ? r.sources[best]! : '';
}

type Row = [string, string, string];

function figureRows(r: ChargingRules): { title: string; rows: Row[] }[] {
  const p = (path: string, label: string, pence: number | null, suffix = ' a week'): Row => [label, pence === null ? 'None' : `${formatPence(pence)}${suffix}`, path];
  const m = r.mig;
  const c = r.council;
  return [
    {
      title: 'Capital',
      rows: [
        p('capital.upperPence', 'Upper capital limit: above this the person pays the full cost', r.capital.upperPence, ''),
        p('capital.lowerPence', 'Lower capital limit: capital up to this is ignored', r.capital.lowerPence, ''),
        [`Tariff income`, `${formatPence(r.capital.tariffWeeklyPence)} a week for each ${formatPence(r.capital.tariffPerPence)} or part of it between the limits`, 'capital.tariffPerPence'],
      ],
    },
    {
      title: 'Minimum income guarantee',
      rows: [
        p('mig.single.age18to24Pence', 'Single, aged 18 to 24', m.single.age18to24Pence),
        p('mig.single.age25ToPensionCreditAgePence', 'Single, aged 25 to pension credit age', m.single.age25ToPensionCreditAgePence),
        p('mig.single.pensionCreditAgePence', 'Single, pension credit age', m.single.pensionCreditAgePence),
        p('mig.loneParentPence', 'Lone parent', m.loneParentPence),
        p('mig.couple.eachPence', 'Member of a couple, each', m.couple.eachPence),
        p('mig.couple.eachPensionCreditAgePence', 'Member of a couple, pension credit age, each', m.couple.eachPensionCreditAgePence),
        p('mig.childPence', 'For each dependent child', m.childPence),
        p('mig.premiums.disabilitySinglePence', 'Disability premium, single', m.premiums.disabilitySinglePence),
        p('mig.premiums.disabilityCouplePence', 'Disability premium, couple', m.premiums.disabilityCouplePence),
        p('mig.premiums.enhancedDisabilitySinglePence', 'Enhanced disability premium, single', m.premiums.enhancedDisabilitySinglePence),
        p('mig.premiums.enhancedDisabilityCouplePence', 'Enhanced disability premium, couple', m.premiums.enhancedDisabilityCouplePence),
        p('mig.premiums.carerPence', 'Carer premium', m.premiums.carerPence),
      ],
    },
    {
      title: 'Benefit rates (to size the night element)',
      rows: [
        p('benefitRates.attendanceAllowance.higherPence', 'Attendance Allowance, higher rate', r.benefitRates.attendanceAllowance.higherPence),
        p('benefitRates.attendanceAllowance.lowerPence', 'Attendance Allowance, lower rate', r.benefitRates.attendanceAllowance.lowerPence),
        p('benefitRates.dlaCare.highestPence', 'DLA care, highest rate', r.benefitRates.dlaCare.highestPence),
        p('benefitRates.dlaCare.middlePence', 'DLA care, middle rate', r.benefitRates.dlaCare.middlePence),
        p('benefitRates.dlaCare.lowestPence', 'DLA care, lowest rate', r.benefitRates.dlaCare.lowestPence),
        p('benefitRates.pipDailyLiving.enhancedPence', 'PIP daily living, enhanced rate', r.benefitRates.pipDailyLiving.enhancedPence),
        p('benefitRates.pipDailyLiving.standardPence', 'PIP daily living, standard rate', r.benefitRates.pipDailyLiving.standardPence),
      ],
    },
    {
      title: 'What is not counted',
      rows: [
        ['Savings Credit', r.disregards.savingsCredit.mode === 'capped' ? `Up to ${formatPence(r.disregards.savingsCredit.singlePence)} a week (single) or ${formatPence(r.disregards.savingsCredit.couplePence)} (couple)` : r.disregards.savingsCredit.mode === 'full' ? 'All of it' : 'None of it', 'disregards.savingsCredit'],
        ['War pensions', r.disregards.warPension.mode === 'full' ? 'All of it' : `The first ${formatPence(r.disregards.warPension.weeklyPence)} a week`, 'disregards.warPension'],
        ['Night element when no night care is arranged', [r.disregards.nightCareElement.attendanceAllowance && 'Attendance Allowance', r.disregards.nightCareElement.dlaCare && 'DLA care', r.disregards.nightCareElement.pipDailyLiving && 'PIP daily living'].filter(Boolean).join(', ') || 'None', 'disregards.nightCareElement'],
      ],
    },
    {
      title: 'The council’s choices',
      rows: [
        ['Share of disposable income charged', `${c.percentOfDisposable}%`, 'council.percentOfDisposable'],
        p('council.maximumWeeklyPence', 'Most anyone is charged', c.maximumWeeklyPence),
        ['The most also applies to people who pay the full cost', yes(c.maximumAppliesToFullCost), 'council.maximumAppliesToFullCost'],
        p('council.minimumChargeWeeklyPence', 'Charges below this are not collected', c.minimumChargeWeeklyPence),
        ['Added to the minimum income guarantee', `${c.migUplift.percent}% and ${formatPence(c.migUplift.fixedWeeklyPence)} a week`, 'council.migUplift'],
        ['Disability-related expenditure', c.dre.method === 'flat' ? `${formatPence(c.dre.flatWeeklyPence)} a week for everyone` : c.dre.method === 'itemised' ? 'Itemised for each person' : `The higher of ${formatPence(c.dre.flatWeeklyPence)} a week and the itemised amount`, 'council.dre'],
        ['Only where a disability benefit is counted', yes(c.dre.requiresDisabilityBenefit), 'council.dre.requiresDisabilityBenefit'],
      ],
    },
  ];
}

/** Each group of figures as a table: the figure, its value with a tag if still to confirm, and where it came from. */
export function figureTables(r: ChargingRules) {
  return figureRows(r).map((group) =>
    captionedTable(
      group.title,
      [{ text: 'Figure' }, { text: 'Amount' }, { text: 'Source' }],
      group.rows.map(([label, value, path]): Cell[] => [{ text: label }, { html: `${escapeHtml(value)}${isToConfirm(r, path) ? ` ${TO_CONFIRM_TAG}` : ''}` }, { text: sourceOf(r, path) }]),
    ),
  );
}

export function warningsList(warnings: RulesProblem[]): string[] {
  return warnings.map((w) => `${w.path.replace(/^\$\./, '')}: ${w.message}`);
}
