import type { PlanChecks } from '../../domain/planning/checks.js';
import { formatPence } from '../../domain/money/pence.js';
import { FREQUENCIES, lineCost, planCost } from '../../domain/planning/plan.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { formatDate, formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { PlanRecord } from '../support-plans/plan-record.js';

/** The person's own plan in My Selfdirect, in plain words: the task list, the budget used, the checks, where it is. Pure. */
type Decision = { decision: 'agreed' | 'returned'; level: 'worker' | 'manager' | 'panel'; reasons: string; decided_at: Date };
const LEVEL_WORDS = { worker: 'the worker', manager: 'a manager', panel: 'the panel' } as const;

/** Where the plan is, and why it came back if it did. */
export function whereItIs(record: PlanRecord, decisions: Decision[]) {
  const { plan } = record;
  const last = decisions.at(-1);
  if (plan.status === 'agreed') return { text: `Agreed on ${formatDate(plan.agreed_on)}.`, cameBack: null };
  if (plan.status === 'awaiting-sign-off') return { text: plan.sign_off_level === 'panel' ? 'At the panel. They will decide soon.' : `With ${LEVEL_WORDS[plan.sign_off_level ?? 'worker']} to agree.`, cameBack: null };
  const cameBack = last?.decision === 'returned' ? `It came back from ${LEVEL_WORDS[last.level]} on ${formatDateTime(last.decided_at)}. They said: “${last.reasons}”` : null;
  if (plan.sent_by_person_at) return { text: `With the worker. ${plan.sent_by_person_as?.split(',')[0] ?? 'You'} sent it on ${formatDateTime(plan.sent_by_person_at)}.`, cameBack };
  return { text: 'You are writing it.', cameBack };
}

/** The checks as the person reads them: is every need met, is it allowed, is it within the budget. */
export function checksInWords(record: PlanRecord, checks: PlanChecks) {
  const cost = planCost(record.plan.lines).weeklyPence;
  const budget = record.indicativeWeeklyPence;
  const unmet = checks.effective.problems.filter((p) => p.fix.part === 'needs').map((p) => /“([^”]+)”/.exec(p.message)?.[1]).filter(Boolean);
  const effective = checks.effective.passed
    ? 'Yes. The plan helps with every need.'
    : [record.plan.outcomes.length === 0 ? 'Add something you want to achieve.' : '', ...unmet.map((n) => `Nothing helps with “${n}” yet.`), checks.effective.problems.some((p) => p.fix.part === 'line') ? 'Some paid support is not linked to a need.' : ''].filter(Boolean).join(' ');
  const legal = checks.legal.passed ? 'Yes.' : 'The worker needs to check some things with you. For example, checks on someone you employ.';
  const affordable = checks.affordable.passed ? `Yes. It costs ${formatPence(cost)} a week. The budget is ${formatPence(budget)}.` : `It costs ${formatPence(cost)} a week. That is ${formatPence(cost - budget)} more than the budget of ${formatPence(budget)}. You can change the plan, or the worker can say why it costs more.`;
  return [
    { key: { text: 'Does it meet every need?' }, value: { text: effective } },
    { key: { text: 'Is it allowed?' }, value: { text: legal } },
    { key: { text: 'Is it within the budget?' }, value: { text: affordable } },
  ];
}

export function builderPage(p: { record: PlanRecord; checks: PlanChecks; decisions: Decision[]; own: boolean; name: string; editable: boolean }) {
  const { plan } = p.record;
  const used = planCost(plan.lines).weeklyPence;
  const budget = p.record.indicativeWeeklyPence;
  const tasks = [
    { title: 'What is important to you', href: paths.portal.ownPlanAbout(plan.id), done: Boolean(plan.important_to_me) },
    { title: 'What you want to achieve', href: paths.portal.ownPlanOutcome(plan.id), done: plan.outcomes.length > 0, hint: `${plan.outcomes.length} added` },
    { title: 'Help from family, friends and groups', href: paths.portal.ownPlanUnpaid(plan.id), done: plan.unpaid_support.length > 0, hint: `${plan.unpaid_support.length} added` },
    { title: 'Paid support', href: paths.portal.ownPlanLine(plan.id), done: plan.lines.length > 0, hint: `${plan.lines.length} added` },
  ];
  return {
    title: p.own ? 'Your support plan' : `${p.name}’s support plan`,
    caption: `Version ${plan.plan_number}`,
    where: whereItIs(p.record, p.decisions),
    budget: `${formatPence(used)} of ${formatPence(budget)} a week is used.`,
    over: used > budget,
    checks: checksInWords(p.record, p.checks),
    tasks: p.editable
      ? { items: tasks.map((t) => ({ title: { text: t.title }, href: t.href, hint: t.hint ? { text: t.hint } : undefined, status: t.done ? { text: 'Started' } : { tag: { text: 'Not started', classes: 'govuk-tag--blue' } } })) }
      : null,
    outcomes: plan.outcomes.map((o) => ({ text: o.text, remove: p.editable ? { part: 'outcome', item: o.id } : null })),
    unpaid: plan.unpaid_support.map((u) => ({ text: `${u.who}: ${u.what}`, remove: p.editable ? { part: 'unpaid', item: u.id } : null })),
    lines: plan.lines.map((l) => ({ text: `${l.description} (${l.providerName}): ${l.quantityHundredths / 100} ${FREQUENCIES[l.frequency].toLowerCase()} at ${formatPence(l.unitCostPence)}, ${formatPence(lineCost(l))}${l.frequency === 'one-off' ? '' : ' a week'}`, remove: p.editable ? { part: 'line', item: l.id } : null })),
    removeAction: paths.portal.ownPlanRemove(plan.id),
    version: plan.row_version,
    send: p.editable ? { action: paths.portal.ownPlanSend(plan.id), version: plan.row_version } : null,
    backLink: { href: paths.portal.home(), text: 'Back to My Selfdirect' },
  };
}

export function startPlanPage(p: { own: boolean; name: string; canStart: boolean; agreedPlanHref: string | null; assessmentHref: string; action: string }, errors?: FieldError[]) {
  return {
    title: p.own ? 'Your support plan' : `${p.name}’s support plan`,
    canStart: p.canStart,
    agreedPlanHref: p.agreedPlanHref,
    assessmentHref: p.assessmentHref,
    action: p.action,
    backLink: { href: paths.portal.home(), text: 'Back to My Selfdirect' },
    ...presentErrors(errors),
  };
}

export const needItems = (record: PlanRecord, chosen: unknown) => {
  const picked = new Set([chosen ?? []].flat().map(String));
  return record.needs.map((n) => ({ value: n.id, text: n.title, checked: picked.has(n.id) }));
};

export type DirectoryChoice = { id: string; name: string; kind: string };

/** Who gives the support: the council's directory, or someone not on it. */
export function providerItems(directory: DirectoryChoice[], chosen: unknown) {
  return [{ value: '', text: 'Choose' }, ...directory.map((d) => ({ value: d.id, text: d.name, selected: chosen === d.id })), { value: 'other', text: 'Someone not on the list', selected: chosen === 'other' }];
}
