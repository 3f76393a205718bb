import type { Person } from '../../db/schema.js';
import { FREQUENCIES, FREQUENCY_NAMES, type Frequency } from '../../domain/charging/frequency.js';
import { formatPence, poundsForInput } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { dateParts } from '../../web/forms.js';
import { captionedTable } from '../../web/tables.js';
import { type Entries, INCOME_LINES, SECTIONS, SECTION_TITLES, type Section } from './entries.js';
import type { Explanation } from './explanation.js';

/** Financial assessment pages: form values, check answers, the history and the explanation. Pure. */

const MONEY_FIELDS = /(_amount|^capital_sole|^capital_joint|^dre_itemised|^cost_of_care)$/;
const DATE_FIELDS = ['assessed_on', 'date_of_birth', 'pension_credit_age_on'];

export const personName = (p: Pick<Person, 'given_name' | 'family_name'>) => `${p.given_name} ${p.family_name}`;

/** A section's saved entries (or its defaults) as the form's fields: pence as pounds, dates in three boxes. */
export function formValues(stored: Record<string, unknown> | undefined, defaults: Record<string, unknown>): Record<string, string | string[]> {
  const source = { ...defaults, ...(stored ?? {}) };
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) continue;
    if (DATE_FIELDS.includes(key)) Object.assign(values, dateParts(key, value as string));
    else if (MONEY_FIELDS.test(key) && typeof value === 'number') values[key] = poundsForInput(value);
    else if (Array.isArray(value)) values[key] = value.map(String);
    else values[key] = String(value);
  }
  return values;
}

export const frequencyItems = (chosen: string | undefined) => FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_NAMES[f], selected: (chosen ?? 'weekly') === f }));

/** The income form's rows: each line's field names, label, hint and rate choices. */
export function incomeRows(values: Record<string, string | string[]>, errors: Record<string, { text: string }>) {
  return INCOME_LINES.map((line) => ({
    name: line.name,
    label: line.label,
    hint: line.hint ?? null,
    amount: values[`${line.name}_amount`] ?? '',
    frequencies: frequencyItems(values[`${line.name}_frequency`] as string | undefined),
    error: errors[`${line.name}_amount`] ?? null,
    rate: line.rate ? { name: line.rate.name, items: line.rate.values.map((v) => ({ value: v, text: line.rate!.labels[v]!, selected: (values[line.rate!.name] ?? 'none') === v })), error: errors[line.rate.name] ?? null } : null,
  }));
}

const money = (v: unknown) => (typeof v === 'number' ? formatPence(v) : 'None');
const often = (amount: unknown, frequency: unknown) => (typeof amount === 'number' && amount > 0 ? `${formatPence(amount)} ${FREQUENCY_NAMES[(frequency as Frequency) ?? 'weekly']}` : 'None');
const ROUTE_TEXT: Record<string, string> = {
  full: 'A full financial assessment',
  'light-touch-full-cost': 'Light touch: they pay the full cost (by choice, or their savings are clearly over the limit)',
  'light-touch-nil': 'Light touch: their benefits show they cannot pay',
  'free-reablement': 'Free: reablement or intermediate care, first 6 weeks',
  'free-s117': 'Free: after-care under section 117 of the Mental Health Act',
  'free-cjd': 'Free: Creutzfeldt-Jakob disease',
};
const HOUSEHOLD: Record<string, string> = { single: 'Single, no children', lone_parent: 'Lone parent', couple: 'Member of a couple' };
const PREMIUMS: Record<string, string> = { disability: 'Disability premium', 'enhanced-disability': 'Enhanced disability premium', carer: 'Carer premium' };

function sectionRows(section: Section, e: Record<string, unknown>): [string, string][] {
  switch (section) {
    case 'about':
      return [
        ['Date of the assessment', formatDate(e.assessed_on as string)],
        ['Date of birth', formatDate(e.date_of_birth as string)],
        ['Lives', HOUSEHOLD[e.household as string] ?? ''],
        ['Reached pension credit age', `${e.pension_credit_age === 'yes' ? 'Yes' : 'No'}${e.pension_credit_age_on ? ` (on ${formatDate(e.pension_credit_age_on as string)})` : ''}`],
        ...(e.household === 'couple' ? [['Partner reached pension credit age', e.partner_pension_credit_age === 'yes' ? 'Yes' : 'No'] as [string, string]] : []),
        ['Dependent children', String(e.dependent_children ?? 0)],
        ['Premiums', ((e.premiums as string[]) ?? []).map((p) => PREMIUMS[p]).join(', ') || 'None'],
        ['The council arranges care at night', e.night_care_arranged === 'yes' ? 'Yes' : 'No'],
      ];
    case 'route':
      return [['How it is worked out', ROUTE_TEXT[e.route as string] ?? '']];
    case 'income': {
      const rows = INCOME_LINES.filter((l) => typeof e[`${l.name}_amount`] === 'number' && (e[`${l.name}_amount`] as number) > 0).map((l): [string, string] => [
        l.label,
        `${often(e[`${l.name}_amount`], e[`${l.name}_frequency`])}${l.rate ? ` (${l.rate.labels[e[l.rate.name] as string]?.toLowerCase()})` : ''}`,
      ]);
      return rows.length > 0 ? rows : [['Income', 'None']];
    }
    case 'capital':
      return [
        ['In their name only', money(e.capital_sole)],
        ['Held jointly', (e.capital_joint as number) > 0 ? `${money(e.capital_joint)}, owned by ${e.joint_owners} people` : 'None'],
      ];
    case 'costs':
      return [
        ['Housing costs', often(e.housing_costs_amount, e.housing_costs_frequency)],
        ['Council Tax', often(e.council_tax_amount, e.council_tax_frequency)],
        ['Itemised disability-related costs', `${money(e.dre_itemised)} a week`],
        ['Weekly cost of the care arranged', `${money(e.cost_of_care)} a week`],
      ];
  }
}

/** Check answers: one summary card per section, each with its change link (with hidden text). */
export function checkCards(id: string, entries: Entries) {
  return SECTIONS.map((section) => {
    const e = entries[section];
    return {
      card: { title: { text: SECTION_TITLES[section] }, actions: { items: [{ href: paths.charging.section(id, section), text: e ? 'Change' : 'Fill in', visuallyHiddenText: SECTION_TITLES[section].toLowerCase() }] } },
      rows: e ? sectionRows(section, e).map(([key, value]) => ({ key: { text: key }, value: { text: value } })) : [{ key: { text: 'Not filled in yet' }, value: { text: '' } }],
    };
  });
}

/** The task list of sections, each with its status. */
export function taskList(id: string, entries: Entries) {
  return {
    idPrefix: 'financial-assessment',
    items: SECTIONS.map((s) => ({
      title: { text: SECTION_TITLES[s] },
      href: paths.charging.section(id, s),
      status: entries[s] ? { text: 'Completed' } : { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } },
    })),
  };
}

const REASON_TEXT: Record<string, string> = {
  'free-service': 'Free service',
  'light-touch-nil': 'Light touch: nothing to pay',
  'light-touch-full-cost': 'Light touch: full cost',
  'full-cost-capital': 'Savings over the limit: full cost',
  'nil-below-mig': 'Nothing left after allowances',
  'below-minimum-charge': 'Below the smallest charge',
  assessed: 'Assessed',
  'capped-at-cost': 'Limited to the cost of care',
  'capped-at-maximum': 'Limited to the most anyone pays',
};
export const reasonText = (reason: string | null) => (reason ? (REASON_TEXT[reason] ?? reason) : '');

export function historyTable(rows: { id: string; status: string; assessed_on: string | null; weekly_contribution_pence: number | null; reason: string | null; source: string; financial_year: string | null }[]) {
  return captionedTable(
    `${rows.length} ${rows.length === 1 ? 'financial assessment' : 'financial assessments'}`,
    [{ text: 'Date' }, { text: 'Rules' }, { text: 'Weekly contribution' }, { text: 'Why' }],
    rows.map((r) => [
      { html: `<a class="govuk-link" href="${r.status === 'draft' ? paths.charging.check(r.id) : paths.charging.view(r.id)}">${r.status === 'draft' ? 'Not finished' : escapeHtml(formatDate(r.assessed_on))}</a>` },
      { text: r.financial_year ? `${r.financial_year}${r.source === 'uprating' ? ' (new year’s rates)' : ''}` : '' },
      { text: r.weekly_contribution_pence === null ? '' : formatPence(r.weekly_contribution_pence), format: 'numeric' },
      { text: reasonText(r.reason) },
    ]),
  );
}

/** The explanation's steps as tables of lines with their amounts. */
export function explanationSteps(e: Explanation) {
  return e.steps.map((step) => ({
    heading: step.heading,
    says: step.says,
    table:
      step.lines.length > 0 || step.total
        ? {
            captionClasses: 'govuk-visually-hidden',
            caption: step.heading,
            head: [{ text: 'What' }, { text: 'A week', format: 'numeric' }],
            rows: [...step.lines.map((l) => [{ text: l.text }, { text: formatPence(l.pence), format: 'numeric' }]), ...(step.total ? [[{ html: `<strong>${escapeHtml(step.total.text)}</strong>` }, { html: `<strong>${formatPence(step.total.pence)}</strong>`, format: 'numeric' }]] : [])],
          }
        : null,
  }));
}
