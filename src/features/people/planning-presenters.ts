import type { Review, SupportPlan } from '../../db/schema.js';
import { REVIEW_KINDS, STEP_ORDER, STEPS, type Step, reviewState } from '../../domain/planning/journey.js';
import { formatPence } from '../../domain/money/pence.js';
import { planCost } from '../../domain/planning/plan.js';
import { paths } from '../../paths.js';
import { formatDate } from '../../web/format.js';
import { STATUS_TAGS } from '../support-plans/presenters.js';

/** The person's page: where they are in the journey, their plans and their reviews. Pure. */

export function journeySteps(current: Step) {
  const index = STEP_ORDER.indexOf(current);
  return {
    current: `Step ${index + 1} of ${STEP_ORDER.length}: ${STEPS[current]}`,
    steps: STEP_ORDER.map((step, i) => ({ text: STEPS[step], state: i < index ? 'done' : i === index ? 'current' : 'to do' })),
  };
}

type PlanListing = Pick<SupportPlan, 'id' | 'plan_number' | 'status' | 'agreed_on' | 'support_starts_on' | 'lines'> & { migrated?: boolean };

/** One agreed version is current: the latest. An earlier agreed one says it was replaced, and by which. */
export function planTable(list: PlanListing[]) {
  if (list.length === 0) return null;
  const agreed = list.filter((p) => p.status === 'agreed').sort((a, b) => b.plan_number - a.plan_number);
  const current = agreed[0]?.plan_number;
  const statusOf = (p: PlanListing) => {
    if (p.status !== 'agreed' || p.plan_number === current) return STATUS_TAGS[p.status].text;
    const next = [...agreed].reverse().find((a) => a.plan_number > p.plan_number);
    return `Replaced by version ${next!.plan_number}${next!.agreed_on ? ` on ${formatDate(next!.agreed_on)}` : ''}`;
  };
  return {
    caption: 'Support plans',
    captionClasses: 'govuk-visually-hidden',
    firstCellIsHeader: true,
    head: [{ text: 'Version' }, { text: 'Status' }, { text: 'Agreed on' }, { text: 'Support starts' }, { text: 'Cost a week', format: 'numeric' }],
    rows: list.map((p) => [
      { html: `<a class="govuk-link" href="${p.migrated ? paths.plans.migrated(p.id) : paths.plans.view(p.id)}">Version ${p.plan_number}${p.migrated ? ' (brought in)' : ''}</a>` },
      { text: statusOf(p) },
      { text: p.agreed_on ? formatDate(p.agreed_on) : '' },
      { text: p.support_starts_on ? formatDate(p.support_starts_on) : '' },
      { text: formatPence(planCost(p.lines).weeklyPence), format: 'numeric' },
    ]),
  };
}

const REVIEW_STATES = { scheduled: 'Scheduled', due: 'Due', overdue: 'Overdue' } as const;

export function reviewTable(list: Review[], today: string) {
  if (list.length === 0) return null;
  return {
    caption: 'Reviews',
    captionClasses: 'govuk-visually-hidden',
    firstCellIsHeader: true,
    head: [{ text: 'Review' }, { text: 'Due' }, { text: 'Status' }],
    rows: list.map((r) => [
      { html: `<a class="govuk-link" href="${paths.reviews.view(r.id)}">${REVIEW_KINDS[r.kind]}</a>` },
      { text: `${formatDate(r.due_from)} to ${formatDate(r.due_by)}` },
      { text: r.status === 'completed' ? `Done on ${formatDate(r.reviewed_on)}` : REVIEW_STATES[reviewState({ dueFrom: r.due_from, dueBy: r.due_by }, today)] },
    ]),
  };
}
