import type { SupportPlan } from '../../db/schema.js';
import type { AssessedNeed, CheckResult, FixTarget, PlanChecks } from '../../domain/planning/checks.js';
import { type BudgetStatement, FREQUENCIES, FUNDING_STREAMS, MANAGEMENT, type Outcome, PAYMENT_FREQUENCIES, type UnpaidSupport, lineAnnualCost, lineCost, planCost, quantityText } from '../../domain/planning/plan.js';
import { SIGN_OFF_LEVELS } from '../../domain/planning/sign-off.js';
import { formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import type { PlanView } from './plan-record.js';

/** Pure shaping of a support plan into GOV.UK macro parameters. */

export const STATUS_TAGS: Record<SupportPlan['status'], { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  'awaiting-sign-off': { text: 'Waiting for sign-off', classes: 'govuk-tag--yellow' },
  agreed: { text: 'Agreed', classes: 'govuk-tag--green' },
};

const CHECK_TITLES = { effective: 'Effective', legal: 'Legal', affordable: 'Affordable' } as const;
const CHECK_HINTS = {
  effective: 'Every assessed need is met, paid or unpaid, and the money is spent only on assessed needs',
  legal: 'Nobody is paid who should not be; personal assistants are checked, insured and paid through payroll',
  affordable: 'The cost is within the personal budget, or the difference is explained',
} as const;

export function fixHref(planId: string, fix: FixTarget): string {
  if (fix.part === 'line') return paths.plans.line(planId, fix.id);
  if (fix.part === 'money') return paths.plans.money(planId);
  if (fix.part === 'outcomes') return paths.plans.newOutcome(planId);
  return `${paths.plans.view(planId)}#costed-support`;
}

export function checkCards(checks: PlanChecks, planId: string, editable: boolean) {
  return (Object.keys(CHECK_TITLES) as (keyof PlanChecks)[]).map((key) => {
    const check: CheckResult = checks[key];
    return {
      id: `check-${key}`,
      title: CHECK_TITLES[key],
      hint: CHECK_HINTS[key],
      tag: check.passed ? { text: 'Met', classes: 'govuk-tag--green' } : { text: 'Not met', classes: 'govuk-tag--red' },
      problems: check.problems.map((p) => ({ text: p.message, href: editable ? fixHref(planId, p.fix) : null })),
      notes: check.notes,
    };
  });
}

const needTitles = (needs: readonly AssessedNeed[], ids: string[]) => ids.map((id) => needs.find((n) => n.id === id)?.title ?? id).join(', ');

export function lineRows(plan: SupportPlan, needs: readonly AssessedNeed[], editable: boolean) {
  return plan.lines.map((line) => {
    const how = line.frequency === 'one-off' ? `One-off: ${quantityText(line.quantityHundredths)} at ${formatPence(line.unitCostPence)}` : `${quantityText(line.quantityHundredths)} ${FREQUENCIES[line.frequency].toLowerCase()} at ${formatPence(line.unitCostPence)}`;
    const name = `${escapeHtml(line.description)}${editable ? ` <a class="govuk-link govuk-!-display-none-print" href="${paths.plans.line(plan.id, line.id)}">Change<span class="govuk-visually-hidden"> ${escapeHtml(line.description)}</span></a>` : ''}`;
    return [
      { html: name },
      { text: line.providerName },
      { text: how },
      { text: needTitles(needs, line.needs) },
      { text: `${MANAGEMENT[line.management]} (${FUNDING_STREAMS[line.fundingStream]})` },
      { text: line.frequency === 'one-off' ? '' : formatPence(lineCost(line)), format: 'numeric' },
      { text: formatPence(lineAnnualCost(line)), format: 'numeric' },
    ];
  });
}

export function linesTable(plan: SupportPlan, needs: readonly AssessedNeed[], editable: boolean) {
  const cost = planCost(plan.lines);
  return {
    caption: 'Costed support',
    captionClasses: 'govuk-table__caption--m',
    attributes: { id: 'costed-support' },
    firstCellIsHeader: true,
    head: [{ text: 'What' }, { text: 'Who' }, { text: 'How often' }, { text: 'Needs it meets' }, { text: 'How it is managed' }, { text: 'A week', format: 'numeric' }, { text: 'A year', format: 'numeric' }],
    rows: [
      ...lineRows(plan, needs, editable),
      [{ text: 'Personal budget (social care)' }, { text: '' }, { text: '' }, { text: '' }, { text: '' }, { text: formatPence(cost.weeklyPence), format: 'numeric', classes: 'govuk-!-font-weight-bold' }, { text: formatPence(cost.annualPence), format: 'numeric', classes: 'govuk-!-font-weight-bold' }],
    ],
  };
}

export function outcomeRows(plan: SupportPlan, needs: readonly AssessedNeed[], editable: boolean) {
  return plan.outcomes.map((o: Outcome) => ({
    key: { text: o.text },
    value: { text: `About: ${needTitles(needs, o.needs)}` },
    actions: editable ? { items: [{ href: paths.plans.outcome(plan.id, o.id), text: 'Change', visuallyHiddenText: o.text }] } : undefined,
  }));
}

export function unpaidRows(plan: SupportPlan, needs: readonly AssessedNeed[], editable: boolean) {
  return plan.unpaid_support.map((u: UnpaidSupport) => ({
    key: { text: u.who },
    value: { text: `${u.what} (meets: ${needTitles(needs, u.needs)})` },
    actions: editable ? { items: [{ href: paths.plans.unpaid(plan.id, u.id), text: 'Change', visuallyHiddenText: u.who }] } : undefined,
  }));
}

const ABOUT = [
  ['important_to_me', 'What is important to me'],
  ['staying_well', 'What I can do to stay well'],
  ['contingency', 'If something goes wrong (contingency)'],
  ['prevention_advice', 'Advice on preventing or delaying needs'],
] as const;

export function aboutRows(plan: SupportPlan, editable: boolean) {
  return ABOUT.map(([column, label]) => ({
    key: { text: label },
    value: { text: plan[column] ?? 'Not written yet' },
    actions: editable ? { items: [{ href: `${paths.plans.about(plan.id)}#${column}`, text: 'Change', visuallyHiddenText: label.toLowerCase() }] } : undefined,
  }));
}

/** The Care Act s26 statement: cost, contribution, council amount, and direct payments. */
export function statementRows(statement: BudgetStatement) {
  const rows = [
    { key: { text: 'The cost of meeting your needs' }, value: { text: `${formatPence(statement.weekly.costPence)} a week (${formatPence(statement.annual.costPence)} a year${statement.oneOffPence ? `, including ${formatPence(statement.oneOffPence)} one-off` : ''})` } },
    { key: { text: 'What you pay (your contribution)' }, value: { text: `${formatPence(statement.weekly.contributionPence)} a week (${formatPence(statement.annual.contributionPence)} a year)${statement.contributionLimitedToCost ? '. Your assessed contribution is more than the cost, so you pay the whole cost' : ''}` } },
    { key: { text: 'What the council pays' }, value: { text: `${formatPence(statement.weekly.councilPence)} a week (${formatPence(statement.annual.councilPence)} a year)` } },
  ];
  if (statement.directPayment) {
    const dp = statement.directPayment;
    rows.push({
      key: { text: 'Your direct payment' },
      value: {
        text: `${formatPence(dp.paymentPence)} ${PAYMENT_FREQUENCIES[dp.frequency].toLowerCase()} (${formatPence(dp.grossWeeklyPence)} a week less your contribution: ${formatPence(dp.netWeeklyPence)} a week)${dp.oneOffPence ? `, and ${formatPence(dp.oneOffPence)} once for one-off costs` : ''}`,
      },
    });
  }
  return rows;
}

export function budgetRows(view: PlanView) {
  const cost = planCost(view.plan.lines);
  const difference = cost.weeklyPence - view.indicativeWeeklyPence;
  const rows = [
    { key: { text: 'Indicative personal budget' }, value: { html: `${formatPence(view.indicativeWeeklyPence)} a week. <a class="govuk-link" href="${paths.assessments.view(view.assessment.id)}">How it was worked out</a>` } },
    { key: { text: 'This plan costs' }, value: { text: `${formatPence(cost.weeklyPence)} a week${cost.oneOffPence ? ` and ${formatPence(cost.oneOffPence)} one-off` : ''}` } },
    { key: { text: 'Difference from the indicative budget' }, value: { text: difference === 0 ? 'None' : `${formatPence(Math.abs(difference))} a week ${difference > 0 ? 'more' : 'less'}${view.plan.difference_reason ? `. Reason: ${view.plan.difference_reason}` : ''}` } },
  ];
  for (const other of cost.otherStreams) {
    rows.push({ key: { text: `Paid from ${FUNDING_STREAMS[other.fundingStream]}` }, value: { text: `${formatPence(other.weeklyPence)} a week${other.oneOffPence ? ` and ${formatPence(other.oneOffPence)} one-off` : ''} (not part of the personal budget)` } });
  }
  if (view.plan.exceptional_need) rows.push({ key: { text: 'Exceptional need' }, value: { text: view.plan.exceptional_need } });
  rows.push({ key: { text: view.plan.status === 'agreed' ? 'Signed off by' : 'Needs sign-off by' }, value: { text: `${capitalise(SIGN_OFF_LEVELS[view.signOff.level])}: ${view.signOff.reason.charAt(0).toLowerCase()}${view.signOff.reason.slice(1)}` } });
  return rows;
}

const capitalise = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

export function decisionsTable(view: PlanView) {
  if (view.decisions.length === 0) return null;
  return {
    caption: 'Sign-off decisions',
    captionClasses: 'govuk-table__caption--m',
    head: [{ text: 'Decision' }, { text: 'By' }, { text: 'When' }, { text: 'Amount a week', format: 'numeric' }, { text: 'Reasons' }],
    rows: view.decisions.map((d) => [
      { text: d.decision === 'agreed' ? `Agreed by ${SIGN_OFF_LEVELS[d.level]}` : 'Returned for changes' },
      { text: d.decided_by_name },
      { text: formatDateTime(d.decided_at) },
      { text: formatPence(d.weekly_cost_pence), format: 'numeric' },
      { text: d.reasons },
    ]),
  };
}

export function versionsTable(view: PlanView) {
  if (view.versions.length < 2) return null;
  return {
    caption: 'Versions of this plan',
    captionClasses: 'govuk-table__caption--m',
    head: [{ text: 'Version' }, { text: 'Status' }, { text: 'Agreed on' }],
    rows: view.versions.map((v) => [
      { html: v.id === view.plan.id ? `Version ${v.plan_number} (this one)` : `<a class="govuk-link" href="${paths.plans.view(v.id)}">Version ${v.plan_number}</a>` },
      { text: STATUS_TAGS[v.status].text },
      { text: v.agreed_on ? formatDate(v.agreed_on) : '' },
    ]),
  };
}

/** The task list of a draft: each part of the plan and whether it has anything in it yet. */
export function taskList(plan: SupportPlan) {
  const status = (done: boolean) => (done ? { text: 'Completed' } : { tag: { text: 'Not started', classes: 'govuk-tag--blue' } });
  return {
    idPrefix: 'plan-tasks',
    items: [
      { title: { text: 'About the person' }, href: paths.plans.about(plan.id), status: status(Boolean(plan.important_to_me)) },
      { title: { text: 'Outcomes they want to achieve' }, href: paths.plans.newOutcome(plan.id), status: status(plan.outcomes.length > 0) },
      { title: { text: 'Support from family, friends and community' }, href: paths.plans.newUnpaid(plan.id), status: status(plan.unpaid_support.length > 0) },
      { title: { text: 'Add costed support' }, href: paths.plans.newLine(plan.id), status: status(plan.lines.length > 0) },
      { title: { text: 'Contribution, payments and reasons' }, href: paths.plans.money(plan.id), status: status(plan.row_version > 1 && (plan.contribution_weekly_pence > 0 || plan.difference_reason !== null)) },
    ],
  };
}

/** Checkbox items for the assessed needs. */
export function needItems(needs: readonly AssessedNeed[], selected: string[]) {
  return needs.map((n) => ({ value: n.id, text: n.title, checked: selected.includes(n.id) }));
}

export function outcomeItems(outcomes: readonly Outcome[], selected: string[]) {
  return outcomes.map((o) => ({ value: o.id, text: o.text, checked: selected.includes(o.id) }));
}

export const choiceItems = (choices: Record<string, string>, selected: string | undefined) => Object.entries(choices).map(([value, text]) => ({ value, text, checked: value === selected }));

/** One section of the person's copy: paragraphs, a list, label–value rows or a table. */
export interface CopySection {
  heading: string;
  paragraphs?: string[];
  list?: string[];
  rows?: [string, string][];
  table?: { head: string[]; rows: string[][] };
}

export interface PersonCopy {
  title: string;
  personName: string;
  reference: string;
  version: number;
  status: string;
  agreedOn: string | null;
  sections: CopySection[];
}

/**
 * The person's own copy of their plan, in plain English: the same words for the printable page
 * and the PDF. `explanation` is the indicative budget explanation's headline and steps.
 */
export function personCopy(view: PlanView, explanation: { headline: string; steps: string[]; decision: string | null } | null, personName: string): PersonCopy {
  const { plan, needs } = view;
  const say = (text: string | null, otherwise: string) => [text ?? otherwise];
  const cost = planCost(plan.lines);
  const difference = cost.weeklyPence - view.indicativeWeeklyPence;
  const budget: [string, string][] = statementPairs(view.statement);
  budget.push(['Your indicative budget', `${formatPence(view.indicativeWeeklyPence)} a week`]);
  if (difference !== 0) {
    budget.push(['Difference', `Your plan costs ${formatPence(Math.abs(difference))} a week ${difference > 0 ? 'more' : 'less'} than the indicative budget${plan.difference_reason ? `. This is because: ${plan.difference_reason}` : ''}`]);
  }
  const sections: CopySection[] = [
    { heading: 'What is important to me', paragraphs: say(plan.important_to_me, 'Not written yet') },
    { heading: 'My assessed needs', list: needs.map((n) => n.title) },
    { heading: 'What I want to achieve', list: plan.outcomes.map((o) => (o.needs.length ? `${o.text} (about: ${needTitles(needs, o.needs)})` : o.text)) },
    { heading: 'What I can do to stay well', paragraphs: say(plan.staying_well, 'Not written yet') },
    { heading: 'Support from family, friends and community', list: plan.unpaid_support.length ? plan.unpaid_support.map((u) => `${u.who}: ${u.what}`) : ['None recorded'] },
    {
      heading: 'My paid support',
      table: {
        head: ['What', 'Who', 'How often', 'How it is paid', 'Cost'],
        rows: plan.lines.map((l) => [
          l.description,
          l.providerName,
          l.frequency === 'one-off' ? 'Once' : `${quantityText(l.quantityHundredths)} ${FREQUENCIES[l.frequency].toLowerCase()}`,
          `${MANAGEMENT[l.management]}${l.fundingStream === 'social-care' ? '' : ` (paid by ${FUNDING_STREAMS[l.fundingStream]})`}`,
          l.frequency === 'one-off' ? `${formatPence(lineCost(l))} once` : `${formatPence(lineCost(l))} a week`,
        ]),
      },
    },
    { heading: 'If something goes wrong', paragraphs: say(plan.contingency, 'Not written yet') },
    { heading: 'Advice on preventing or delaying needs', paragraphs: say(plan.prevention_advice, 'None given') },
    { heading: 'My personal budget', rows: budget },
  ];
  if (explanation) sections.push({ heading: 'How my indicative budget was worked out', paragraphs: [explanation.headline, ...explanation.steps, ...(explanation.decision ? [explanation.decision] : [])] });
  return {
    title: 'My care and support plan',
    personName,
    reference: view.person.reference,
    version: plan.plan_number,
    status: STATUS_TAGS[plan.status].text,
    agreedOn: plan.agreed_on ? formatDate(plan.agreed_on) : null,
    sections,
  };
}

function statementPairs(statement: BudgetStatement): [string, string][] {
  return statementRows(statement).map((row) => [row.key.text, row.value.text]);
}

/** The person's copy's sections as GOV.UK macro parameters, for the printable page. */
export function printSections(copy: PersonCopy) {
  return copy.sections.map((section) => ({
    heading: section.heading,
    paragraphs: section.paragraphs ?? [],
    list: section.list ? (section.list.length ? section.list : ['None']) : null,
    summary: section.rows ? { rows: section.rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } })) } : null,
    table: section.table
      ? section.table.rows.length
        ? { caption: section.heading, captionClasses: 'govuk-visually-hidden', head: section.table.head.map((text) => ({ text })), rows: section.table.rows.map((row) => row.map((text) => ({ text }))) }
        : null
      : null,
    emptyTable: Boolean(section.table && section.table.rows.length === 0),
  }));
}
