import type { ZodType } from 'zod';
import type { PlanContent } from '../../domain/planning/changes.js';
import { withOutcomes } from '../../domain/planning/content.js';
import { keepKnown } from '../../domain/planning/needs.js';
import { FREQUENCIES, FUNDING_STREAMS, MANAGEMENT, type Outcome, type SupportLine, type UnpaidSupport, quantityText } from '../../domain/planning/plan.js';
import { formatPence, poundsForInput } from '../../domain/money/pence.js';
import type { PlanRecord } from './plan-record.js';
import * as present from './presenters.js';
import { lineSchema, outcomeSchema, unpaidSchema } from './schemas.js';

type Values = Record<string, string | string[]>;
export type DirectoryChoice = { id: string; name: string; kind: string; hourlyRatePence?: number | null; checks?: 'meets-standard' | 'due-soon' | 'not-met' };

const KIND_TEXT: Record<string, string> = { 'personal-assistant': 'personal assistant', provider: 'provider' };
const CHECK_WORDS = { 'meets-standard': 'checks up to date', 'due-soon': 'checks due soon', 'not-met': 'checks not met' } as const;

/** A directory choice in words: who, what kind, their rate and whether their checks are met. Pure. */
export function choiceText(d: DirectoryChoice): string {
  const facts = [KIND_TEXT[d.kind] ?? 'support organisation', ...(d.hourlyRatePence ? [`${formatPence(d.hourlyRatePence)} an hour`] : []), ...(d.checks ? [CHECK_WORDS[d.checks]] : [])];
  return `${d.name} (${facts.join(', ')})`;
}

const text = (values: Values, key: string) => {
  const v = values[key];
  return typeof v === 'string' ? v : '';
};

/**
 * One list inside a plan (outcomes, unpaid support, costed lines): its form, how a submitted form
 * becomes an item, and how an item fills the form again. Pure; the routes are built from these.
 */
export interface Collection<T extends { id: string }, F> {
  segment: 'outcomes' | 'unpaid-support' | 'lines';
  noun: string;
  template: string;
  schema: ZodType<F>;
  items: (content: PlanContent) => T[];
  replace: (content: PlanContent, items: T[]) => PlanContent;
  build: (form: F, id: string, record: PlanRecord, provider: DirectoryChoice | null) => T;
  values: (item: T) => Values;
  options: (record: PlanRecord, values: Values, directory: DirectoryChoice[]) => Record<string, unknown>;
  anchors: Record<string, string>;
  /** The line form chooses from the directory. */
  usesDirectory: boolean;
}

export const outcomes: Collection<Outcome, { text: string; needs: string[] }> = {
  segment: 'outcomes',
  noun: 'outcome',
  template: 'support-plans/views/outcome.njk',
  schema: outcomeSchema,
  items: (c) => c.outcomes,
  replace: withOutcomes,
  build: (form, id, record) => ({ id, text: form.text, needs: keepKnown(form.needs, record.needs) }),
  values: (o) => ({ text: o.text, needs: o.needs }),
  options: (record, values) => ({ needItems: present.needItems(record.needs, [values.needs ?? []].flat()) }),
  anchors: { needs: 'needs' },
  usesDirectory: false,
};

export const unpaid: Collection<UnpaidSupport, { who: string; what: string; needs: string[] }> = {
  segment: 'unpaid-support',
  noun: 'support from family, friends or community',
  template: 'support-plans/views/unpaid.njk',
  schema: unpaidSchema,
  items: (c) => c.unpaidSupport,
  replace: (c, items) => ({ ...c, unpaidSupport: items }),
  build: (form, id, record) => ({ id, who: form.who, what: form.what, needs: keepKnown(form.needs, record.needs) }),
  values: (u) => ({ who: u.who, what: u.what, needs: u.needs }),
  options: (record, values) => ({ needItems: present.needItems(record.needs, [values.needs ?? []].flat()) }),
  anchors: { needs: 'needs' },
  usesDirectory: false,
};

type LineForm = typeof lineSchema extends ZodType<infer F> ? F : never;


export const lines: Collection<SupportLine, LineForm> = {
  segment: 'lines',
  noun: 'costed support',
  template: 'support-plans/views/line.njk',
  schema: lineSchema,
  items: (c) => c.lines,
  replace: (c, items) => ({ ...c, lines: items }),
  // The chosen directory entry gives the name and kind, whatever order the plan was edited in.
  build: (form, id, record, provider) => ({
    id,
    description: form.description,
    directoryEntryId: provider?.id ?? null,
    providerName: provider ? provider.name : form.provider_name!,
    providerKind: provider ? (provider.kind === 'personal-assistant' ? 'personal-assistant' : 'organisation') : form.provider_kind!,
    frequency: form.frequency,
    quantityHundredths: form.quantity,
    unitCostPence: form.unit_cost,
    needs: keepKnown(form.needs, record.needs),
    outcomes: keepKnown(form.outcomes, record.plan.outcomes),
    management: form.management,
    fundingStream: form.funding_stream,
    paysRelativeInHousehold: form.pays_relative === 'yes',
    relativeDecision: form.relative_decision,
    employerInsurance: form.employer_insurance,
    payrollArrangement: form.payroll_arrangement,
  }),
  values: (l) => ({
    description: l.description,
    provider: l.directoryEntryId ?? 'other',
    provider_name: l.directoryEntryId ? '' : l.providerName,
    provider_kind: l.providerKind,
    frequency: l.frequency,
    quantity: quantityText(l.quantityHundredths),
    unit_cost: poundsForInput(l.unitCostPence),
    needs: l.needs,
    outcomes: l.outcomes,
    management: l.management,
    funding_stream: l.fundingStream,
    pays_relative: l.paysRelativeInHousehold ? 'yes' : 'no',
    relative_decision: l.relativeDecision ?? '',
    employer_insurance: l.employerInsurance ?? '',
    payroll_arrangement: l.payrollArrangement ?? '',
  }),
  options: (record, values, directory) => ({
    needItems: present.needItems(record.needs, [values.needs ?? []].flat()),
    outcomeItems: present.outcomeItems(record.plan.outcomes, [values.outcomes ?? []].flat()),
    providerItems: [
      { value: '', text: 'Choose from the directory' },
      // The rate rides on the option, so the browser's script can fill the cost in (without it, the worker types it).
      ...directory.map((d) => ({ value: d.id, text: choiceText(d), selected: values.provider === d.id, ...(d.hourlyRatePence ? { attributes: { 'data-rate': poundsForInput(d.hourlyRatePence) } } : {}) })),
      { value: 'other', text: 'Someone not in the directory', selected: values.provider === 'other' },
    ],
    providerKindItems: present.choiceItems({ 'personal-assistant': 'A personal assistant employed by the person', organisation: 'An organisation or self-employed worker' }, text(values, 'provider_kind')),
    frequencyItems: present.choiceItems(FREQUENCIES, text(values, 'frequency')),
    managementItems: present.choiceItems(MANAGEMENT, text(values, 'management')),
    fundingItems: Object.entries(FUNDING_STREAMS).map(([value, label]) => ({ value, text: label, selected: value === (text(values, 'funding_stream') || 'social-care') })),
    relativeItems: present.choiceItems({ no: 'No', yes: 'Yes' }, text(values, 'pays_relative')),
  }),
  anchors: { provider: 'provider', frequency: 'frequency', management: 'management', pays_relative: 'pays_relative', provider_kind: 'provider_kind', needs: 'needs' },
  usesDirectory: true,
};

/** The provider a line form chose: a directory entry's id, or "other". */
export function chosenDirectoryEntry(form: unknown): string | null {
  const provider = (form as { provider?: unknown }).provider;
  return typeof provider === 'string' && provider !== 'other' ? provider : null;
}
