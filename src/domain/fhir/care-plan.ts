import { formatPence } from '../money/pence.js';
import { type Outcome, type SupportLine, FREQUENCIES, MANAGEMENT, lineCost, quantityText } from '../planning/plan.js';
import type { FhirResource } from './patient.js';

/**
 * An agreed support plan as a FHIR R4 CarePlan (issue 18): the person's outcomes as goals, each
 * costed line as an activity (what, who, how often, how it is managed and what it costs), the
 * period it runs for and whether it is the plan in force. Pure.
 */
export interface CarePlanFacts {
  id: string;
  personId: string;
  planNumber: number;
  agreedAt: Date | null;
  supportStartsOn: string | null;
  /** The day before the next agreed version starts, when there is one: this version has ended. */
  endedOn: string | null;
  importantToMe: string | null;
  outcomes: Outcome[];
  lines: SupportLine[];
  weeklyCostPence: number | null;
  today: string;
}

function schedule(line: SupportLine): string {
  if (line.frequency === 'one-off') return `${quantityText(line.quantityHundredths)} one-off, ${formatPence(lineCost(line))}`;
  const unit = FREQUENCIES[line.frequency].toLowerCase();
  return `${quantityText(line.quantityHundredths)} ${unit} at ${formatPence(line.unitCostPence)} each: ${formatPence(lineCost(line))} a week`;
}

/** FHIR ids are letters, digits, '-' and '.', up to 64. */
const goalId = (outcomeId: string) => `outcome-${outcomeId.replace(/[^A-Za-z0-9.-]/g, '-')}`.slice(0, 64);

export function carePlanResource(plan: CarePlanFacts): FhirResource {
  const known = new Set(plan.outcomes.map((o) => o.id));
  const ended = plan.endedOn !== null && plan.endedOn < plan.today;
  const notStarted = plan.supportStartsOn !== null && plan.supportStartsOn > plan.today;
  const status = ended ? 'completed' : 'active';
  const activityStatus = ended ? 'completed' : notStarted ? 'not-started' : 'in-progress';
  return {
    resourceType: 'CarePlan',
    id: plan.id,
    contained: plan.outcomes.map((o) => ({ resourceType: 'Goal', id: goalId(o.id), lifecycleStatus: ended ? 'completed' : 'active', description: { text: o.text }, subject: { reference: `Patient/${plan.personId}` } })),
    status,
    intent: 'plan',
    category: [{ text: 'Adult social care support plan (Care Act 2014, section 25)' }],
    title: `Support plan ${plan.planNumber}`,
    ...(plan.importantToMe ? { description: plan.importantToMe } : {}),
    subject: { reference: `Patient/${plan.personId}` },
    ...(plan.supportStartsOn ? { period: { start: plan.supportStartsOn, ...(plan.endedOn ? { end: plan.endedOn } : {}) } } : {}),
    ...(plan.agreedAt ? { created: plan.agreedAt.toISOString() } : {}),
    ...(plan.outcomes.length ? { goal: plan.outcomes.map((o) => ({ reference: `#${goalId(o.id)}` })) } : {}),
    activity: plan.lines.map((line) => ({
      detail: {
        status: activityStatus,
        description: line.description,
        ...(line.outcomes.some((id) => known.has(id)) ? { goal: line.outcomes.filter((id) => known.has(id)).map((id) => ({ reference: `#${goalId(id)}` })) } : {}),
        performer: [{ display: line.providerName }],
        scheduledString: schedule(line),
        ...(line.frequency !== 'one-off' ? { quantity: { value: line.quantityHundredths / 100, unit: line.frequency === 'hours-a-week' ? 'hours a week' : 'visits a week' } } : {}),
      },
      progress: [{ text: `Managed as: ${MANAGEMENT[line.management]}` }],
    })),
    ...(plan.weeklyCostPence !== null ? { note: [{ text: `The personal budget: ${formatPence(plan.weeklyCostPence)} a week in all.` }] } : {}),
  };
}
