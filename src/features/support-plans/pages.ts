import { SIGN_OFF_LEVELS } from '../../domain/planning/sign-off.js';
import { PAYMENT_FREQUENCIES } from '../../domain/planning/plan.js';
import { formatPence } from '../../domain/money/pence.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { fullName } from '../people/presenters.js';
import { safeguardingBanner } from '../safeguarding/presenters.js';
import type { SafeguardingConcern } from '../../db/schema.js';
import type { Collection, DirectoryChoice } from './collections.js';
import type { PlanRecord, PlanView } from './plan-record.js';
import * as present from './presenters.js';
import { captionedTable } from '../../web/tables.js';

/** A draft whose last decision sent it back: who returned it, when, and their reasons, at the top. */
function returnedBanner(view: { plan: { status: string }; decisions: { decision: string; reasons: string; decided_at: Date; decided_by_name: string }[] }) {
  const last = view.decisions[view.decisions.length - 1];
  if (view.plan.status !== 'draft' || last?.decision !== 'returned') return null;
  return { heading: `Returned by ${last.decided_by_name} on ${formatDateTime(last.decided_at)}`, reasons: last.reasons };
}

/** The support plan's pages, from what the route loaded: pure. */

type Values = Record<string, string | string[]>;

export const caption = (record: PlanRecord) => `${fullName(record.person)} (${record.person.reference}): support plan version ${record.plan.plan_number}`;
const backToPlan = (record: PlanRecord) => ({ href: paths.plans.view(record.plan.id), text: 'Back to the plan' });

export function planPage(actor: StaffActor, view: PlanView, concerns: SafeguardingConcern[] | null, errors?: FieldError[]) {
  const editable = can(actor, 'plan:edit', view);
  const awaiting = view.plan.status === 'awaiting-sign-off';
  const agreed = view.plan.status === 'agreed';
  const casework = can(actor, 'plan:see-casework', view);
  return {
    title: `Support plan for ${fullName(view.person)}`,
    caption: `${view.person.reference}: version ${view.plan.plan_number}`,
    plan: view.plan,
    status: present.STATUS_TAGS[view.plan.status],
    editable,
    checks: present.checkCards(view.checks, view.plan.id, editable),
    budget: present.budgetRows(view),
    statement: present.statementRows(view.statement),
    about: present.aboutRows(view.plan, editable),
    outcomes: present.outcomeRows(view.plan, view.needs, editable),
    unpaid: present.unpaidRows(view.plan, view.needs, editable),
    lines: view.plan.lines.length ? present.linesTable(view.plan, view.needs, editable) : null,
    tasks: editable ? present.taskList(view.plan) : null,
    needs: view.needs.map((n) => n.title),
    decisions: present.decisionsTable(view),
    returned: returnedBanner(view),
    versions: present.versionsTable(view),
    actions: {
      submit: editable ? paths.plans.submit(view.plan.id) : null,
      signOff: can(actor, 'plan:decide', view) ? paths.plans.signOff(view.plan.id) : null,
      waitingFor: awaiting ? SIGN_OFF_LEVELS[view.plan.sign_off_level!] : null,
      print: paths.plans.print(view.plan.id),
      pdf: agreed ? paths.plans.pdf(view.plan.id) : null,
      supportStart: can(actor, 'plan:record-support-start', view) ? paths.plans.supportStart(view.plan.id) : null,
      revise: can(actor, 'plan:revise', view) ? paths.plans.revise(view.plan.id) : null,
      changes: view.plan.previous_id ? paths.plans.changes(view.plan.id) : null,
    },
    agreedOn: view.plan.agreed_on ? formatDate(view.plan.agreed_on) : null,
    supportStartsOn: view.plan.support_starts_on ? formatDate(view.plan.support_starts_on) : null,
    version: view.plan.row_version,
    backLink: casework ? { href: paths.people.view(view.person.id), text: 'Back to the person’s record' } : { href: paths.plans.signOffQueue(), text: 'Plans waiting for sign-off' },
    safeguardingBanner: casework && concerns ? safeguardingBanner(concerns) : null,
    errorSummary: presentErrors(errors, { checks: 'checks' }).errorSummary,
  };
}

export function signOffPage(actor: StaffActor, view: PlanView, values: Values = {}, errors?: FieldError[]) {
  const { errorSummary, fieldErrors } = presentErrors(errors, { decision: 'decision' });
  const awaiting = view.plan.status === 'awaiting-sign-off';
  return {
    ...planPage(actor, view, null),
    title: `Sign off the support plan for ${fullName(view.person)}`,
    canDecide: can(actor, 'plan:decide', view),
    notWaiting: !awaiting,
    waitingFor: awaiting ? SIGN_OFF_LEVELS[view.plan.sign_off_level!] : null,
    decisionItems: [
      { value: 'agree', text: 'Agree the plan and the personal budget', checked: values.decision === 'agree' },
      { value: 'return', text: 'Return the plan for changes', checked: values.decision === 'return' },
    ],
    values,
    errorSummary,
    fieldErrors,
    backLink: backToPlan(view),
  };
}

export function aboutPage(record: PlanRecord, values: Values, errors?: FieldError[]) {
  return { title: 'About the person', caption: caption(record), values, version: record.plan.row_version, ...presentErrors(errors), backLink: backToPlan(record) };
}

export const aboutValues = (record: PlanRecord): Values => {
  const p = record.plan;
  return { important_to_me: p.important_to_me ?? '', staying_well: p.staying_well ?? '', contingency: p.contingency ?? '', prevention_advice: p.prevention_advice ?? '' };
};

/** Where the plan's contribution comes from, in a sentence: the financial assessment, never a typed figure. */
export function contributionText(record: PlanRecord): string {
  const c = record.contribution;
  if (!c.financialAssessmentId) return 'There is no financial assessment yet, so the person pays nothing towards this plan. Their contribution is worked out from a financial assessment.';
  return `${formatPence(c.pence)} a week, from the financial assessment of ${formatDate(c.assessedOn)} (the ${c.financialYear} charging rules) with this plan’s cost${c.toConfirm > 0 ? `. ${c.toConfirm} of those rules’ figures are still to be confirmed` : ''}.`;
}

export function moneyPage(record: PlanRecord, values: Values, errors?: FieldError[]) {
  const text = typeof values.payment_frequency === 'string' ? values.payment_frequency : undefined;
  return {
    title: 'Contribution, payments and reasons',
    caption: caption(record),
    values,
    indicative: formatPence(record.indicativeWeeklyPence),
    contribution: contributionText(record),
    financialAssessmentHref: paths.charging.personAssessments(record.person.id),
    awaitingPanel: record.awaitingPanel,
    frequencyItems: present.choiceItems(PAYMENT_FREQUENCIES, text),
    version: record.plan.row_version,
    ...presentErrors(errors, { payment_frequency: 'payment_frequency' }),
    backLink: backToPlan(record),
  };
}

export const moneyValues = (record: PlanRecord): Values => {
  const p = record.plan;
  return { payment_frequency: p.payment_frequency, exceptional_need: p.exceptional_need ?? '', difference_reason: p.difference_reason ?? '' };
};

export function collectionPage<T extends { id: string }, F>(collection: Collection<T, F>, record: PlanRecord, itemId: string | null, values: Values, directory: DirectoryChoice[], errors?: FieldError[]) {
  const action = itemId ? `/plans/${record.plan.id}/${collection.segment}/${itemId}` : `/plans/${record.plan.id}/${collection.segment}/new`;
  return {
    title: itemId ? `Change ${collection.noun}` : `Add ${collection.noun}`,
    caption: caption(record),
    values,
    version: record.plan.row_version,
    action,
    removeAction: itemId ? paths.plans.remove(record.plan.id, collection.segment, itemId) : null,
    noNeeds: record.needs.length === 0,
    ...collection.options(record, values, directory),
    ...presentErrors(errors, collection.anchors),
    backLink: backToPlan(record),
  };
}

export function supportStartPage(record: PlanRecord, values: Values, errors?: FieldError[]) {
  return { title: 'When does the support start?', caption: caption(record), values, version: record.plan.row_version, ...presentErrors(errors, { starts_on: 'starts_on-day' }), backLink: backToPlan(record) };
}

export function queuePage(queue: { id: string; sign_off_level: string | null; submitted_at: Date | null; reference: string; given_name: string; family_name: string; team_name: string }[]) {
  return {
    title: 'Plans waiting for sign-off',
    empty: queue.length === 0,
    table: {
      caption: `${queue.length} ${queue.length === 1 ? 'plan' : 'plans'} you can sign off`,
      captionClasses: 'govuk-table__caption--m',
      firstCellIsHeader: true,
      head: [{ text: 'Person' }, { text: 'Team' }, { text: 'Needs sign-off by' }, { text: 'Sent' }],
      rows: queue.map((q) => [
        { html: `<a class="govuk-link" href="${paths.plans.signOff(q.id)}">${escapeHtml(`${q.given_name} ${q.family_name}`)}</a> (${escapeHtml(q.reference)})` },
        { text: q.team_name },
        { text: SIGN_OFF_LEVELS[q.sign_off_level as keyof typeof SIGN_OFF_LEVELS] },
        { text: q.submitted_at ? formatDateTime(q.submitted_at) : '' },
      ]),
    },
  };
}

export function changesPage(record: PlanRecord, previous: { id: string; plan_number: number } | null, changes: { part: string; change: string }[]) {
  return {
    title: `What changed in version ${record.plan.plan_number}`,
    caption: `${fullName(record.person)} (${record.person.reference})`,
    previous: previous ? { href: paths.plans.view(previous.id), number: previous.plan_number } : null,
    table: changes.length
      ? captionedTable('Changes from the version before', [{ text: 'Part of the plan' }, { text: 'What changed' }], changes.map((c) => [{ text: c.part }, { text: c.change }]))
      : null,
    backLink: backToPlan(record),
  };
}
