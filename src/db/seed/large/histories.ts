import { addDays } from '../../../domain/directory/checks.js';
import { annualReviewAfter, reviewsAfterSignOff } from '../../../domain/planning/journey.js';
import { assessedNeeds } from '../../../domain/planning/needs.js';
import { type SupportLine, budgetStatement, planCost } from '../../../domain/planning/plan.js';
import { type CompiledScheme, explain } from '../../../domain/ras/pricing.js';
import type { RasScheme } from '../../../domain/ras/scheme.js';
import type { AuditRecord } from '../../../features/audit/audit-trail.js';
import type { SeededRandom } from './random.js';
import { DEFAULT_DELIVERY_MECHANISMS, serviceChanges, serviceFor, serviceSignature } from '../../../domain/cld/services.js';
import { OWN_EVENT_PREFIX } from '../../../domain/migration/legacy-rows.js';

/**
 * One person's ten years, by the app's own rules: each cycle an assessment priced by the
 * published scheme, a plan whose lines meet every assessed need within the indicative budget
 * (so it passes the Effective, Legal and Affordable checks), its sign-off and the reviews the
 * rules schedule (src/domain/planning/journey.ts), done on time or, now and then, overdue.
 * Pure apart from the random source; the caller inserts the rows.
 */

export interface SchemeInUse {
  row: { id: string; scheme_id: string; version: string };
  compiled: CompiledScheme;
  document: RasScheme;
}

export interface Setting {
  today: string;
  schemes: { adult: SchemeInUse; carer: SchemeInUse };
  /** Personal assistants and providers to choose from, with names. */
  assistants: { id: string; name: string }[];
  providers: { id: string; name: string }[];
}

export interface PersonFacts {
  id: string;
  kind: 'adult' | 'carer';
  groupId: string | null;
  open: boolean;
  /** The first assessment starts here; a closed record closes on `closesOn`. */
  startsOn: string;
  closesOn: string | null;
  workerId: string;
  /** Pays for support by direct payment (every plan version): the money part follows. */
  directPayment: boolean;
  /** CLD's client type ('Service user', 'Unpaid carer'): which services the plans are. */
  clientType: string;
  /** Why a closed record closed: its open services end with the CLD outcome that says so. */
  closedBecause: string | null;
}

export interface HistoryRows {
  assessments: Record<string, unknown>[];
  plans: Record<string, unknown>[];
  signOffs: Record<string, unknown>[];
  reviews: Record<string, unknown>[];
  audits: AuditRecord[];
  /** For a direct payment: each agreed version, when its support starts, its weekly payment and its personal assistant line. */
  agreedForPayment: { planId: string; supportStartsOn: string; netWeeklyPence: number; assistantLineId: string; assistantName: string }[];
  /** The CLD register's events the commands would have written: assessments, services from agreed plans, reviews. */
  events: Record<string, unknown>[];
}

const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`).toISOString();
const ANSWERS = ['a', 'b', 'c', 'd'] as const;

function answersFor(rnd: SeededRandom, scheme: SchemeInUse, weights: number[]) {
  const pick = () => {
    const r = rnd.next();
    let sum = 0;
    for (const [i, w] of weights.entries()) if (r < (sum += w)) return ANSWERS[i]!;
    return 'a';
  };
  return Object.fromEntries(scheme.compiled.questionIds.map((q) => [q, pick()]));
}

/** Answers the scheme prices above nothing, with needs to meet: a few tries at most. */
function assessmentFor(rnd: SeededRandom, scheme: SchemeInUse, groupId: string | null, keep: Record<string, string> | null) {
  for (let attempt = 0; ; attempt++) {
    const answers = keep ?? answersFor(rnd, scheme, attempt < 3 ? [0.35, 0.35, 0.2, 0.1] : [0, 0.5, 0.5, 0]);
    const priced = explain(scheme.compiled, answers, groupId);
    const needs = assessedNeeds(scheme.document, answers);
    if ((priced.outcome !== 'below-threshold' && priced.allocation.weeklyPence > 0 && needs.length > 0) || attempt >= 6) return { answers, priced, needs };
    keep = null;
  }
}

/** Lines that meet every need within the weekly budget: a personal assistant and an agency by direct payment, or commissioned care. */
function linesFor(rnd: SeededRandom, setting: Setting, needs: string[], weeklyPence: number, outcomeId: string, directPayment: boolean): SupportLine[] {
  const base = { outcomes: [outcomeId], fundingStream: 'social-care' as const, paysRelativeInHousehold: false, relativeDecision: null, frequency: 'hours-a-week' as const };
  const hours = (share: number, unitCostPence: number) => Math.floor((weeklyPence * share * 100) / unitCostPence);
  const provider = rnd.pick(setting.providers);
  if (!directPayment) {
    const unit = rnd.int(2200, 2600);
    return [{ ...base, id: rnd.uuid(), description: 'Home care visits', directoryEntryId: provider.id, providerName: provider.name, providerKind: 'organisation', quantityHundredths: hours(1, unit), unitCostPence: unit, needs, management: 'council-commissioned', employerInsurance: null, payrollArrangement: null }];
  }
  const assistant = rnd.pick(setting.assistants);
  const paUnit = rnd.int(1300, 1600);
  const agencyUnit = rnd.int(2200, 2600);
  return [
    { ...base, id: rnd.uuid(), description: 'Personal assistant: help at home and getting out', directoryEntryId: assistant.id, providerName: assistant.name, providerKind: 'personal-assistant', quantityHundredths: hours(0.6, paUnit), unitCostPence: paUnit, needs, management: 'direct-payment', employerInsurance: 'Example Mutual employer’s liability', payrollArrangement: 'Anytown Payroll Service' },
    { ...base, id: rnd.uuid(), description: 'Agency cover for nights and holidays', directoryEntryId: provider.id, providerName: provider.name, providerKind: 'organisation', quantityHundredths: hours(0.4, agencyUnit), unitCostPence: agencyUnit, needs: needs.slice(0, 1), management: 'direct-payment', employerInsurance: null, payrollArrangement: null },
  ];
}

export function historyOf(rnd: SeededRandom, setting: Setting, person: PersonFacts): HistoryRows {
  const rows: HistoryRows = { assessments: [], plans: [], signOffs: [], reviews: [], audits: [], agreedForPayment: [], events: [] };
  // The CLD register, as the commands write it (src/features/statutory-returns): references made from the seeded random source.
  const reference = (kind: string) => `${OWN_EVENT_PREFIX}${kind}-${rnd.uuid().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  const event = (values: Record<string, unknown>) => rows.events.push({ id: rnd.uuid(), person_id: person.id, updated_at: `${values.start_date}T12:00:00Z`, created_at: `${values.start_date}T12:00:00Z`, ...values });
  let openServices: { eventReference: string; signature: string; row: Record<string, unknown> }[] = [];
  const scheme = setting.schemes[person.kind];
  const end = person.closesOn ?? setting.today;
  const audit = (record: Omit<AuditRecord, 'personId'>) => rows.audits.push({ ...record, personId: person.id });
  let day = person.startsOn;
  let planNumber = 0;
  let previousPlanId: string | null = null;
  let previousLines: SupportLine[] | null = null;
  let keptAnswers: Record<string, string> | null = null;
  let scheduled: Record<string, unknown>[] = [];
  while (day < end) {
    const last = (nextDay: string) => nextDay >= end;
    const { answers, priced, needs } = assessmentFor(rnd, scheme, person.groupId, person.directPayment ? keptAnswers : null);
    if (person.directPayment) keptAnswers = answers;
    const assessmentId = rnd.uuid();
    const completedOn = addDays(day, 14);
    const base = { id: assessmentId, person_id: person.id, kind: person.kind, scheme_row_id: scheme.row.id, scheme_id: scheme.row.scheme_id, scheme_version: scheme.row.version, answers, group_id: person.groupId, started_at: at(day), started_by: person.workerId };
    // Open records: now and then someone is part-way through an assessment, or has a budget but no plan yet.
    if (last(completedOn) || (person.open && !person.directPayment && planNumber > 0 && last(addDays(day, 900)) && rnd.chance(0.05))) {
      if (person.open) rows.assessments.push({ ...base, status: 'in-progress' });
      break;
    }
    rows.assessments.push({ ...base, status: 'completed', points: priced.totalPoints, weekly_pence: priced.allocation.weeklyPence, annual_pence: priced.allocation.annualPence, outcome: priced.outcome, completed_at: at(completedOn), completed_by: person.workerId });
    audit({ action: 'assessment.completed', subjectType: 'assessment', subjectId: assessmentId, after: { points: priced.totalPoints, weekly_pence: priced.allocation.weeklyPence, outcome: priced.outcome } });
    const eligible = priced.outcome !== 'below-threshold' && priced.allocation.weeklyPence > 0 && needs.length > 0 ? 'Yes' : 'No';
    event({ event_reference: reference('A'), event_type: 'Assessment', start_date: day, end_date: completedOn, description: 'Needs assessment', outcome: eligible === 'Yes' ? 'Progress to support planning or services' : 'NFA: Information and advice or signposting', assessment_type: 'Long term assessment', method_of_assessment: rnd.pick(['Face to face', 'Supported self-assessment', 'Telephone']), eligible_needs_identified: eligible, source: 'assessment', source_id: assessmentId });
    if (priced.outcome === 'below-threshold' || priced.allocation.weeklyPence === 0 || needs.length === 0) break;
    const agreedOn = addDays(day, 30);
    const planId = rnd.uuid();
    const outcomeId = rnd.uuid();
    const needIds = needs.map((n) => n.id);
    const lines = linesFor(rnd, setting, needIds, priced.allocation.weeklyPence, outcomeId, person.directPayment);
    // A new version starts as a copy of the last (start-plan.ts): its lines keep their ids and
    // their providers (the same personal assistant), so transactions stay matched to them.
    if (previousLines?.length === lines.length) {
      lines.forEach((line, i) => {
        const before = previousLines![i]!;
        Object.assign(line, { id: before.id, directoryEntryId: before.directoryEntryId, providerName: before.providerName });
      });
    }
    previousLines = lines;
    const outcomes = [{ id: outcomeId, text: 'I want to stay living in my own home and see my friends', needs: needIds }];
    const plan = {
      id: planId, person_id: person.id, assessment_id: assessmentId, plan_number: ++planNumber, previous_id: previousPlanId,
      important_to_me: 'My home, my family and getting out each week.', staying_well: 'Keeping active and seeing my GP when I need to.', contingency: 'My family call the agency if my support does not come.',
      outcomes, unpaid_support: [], lines, contribution_weekly_pence: 0, payment_frequency: 'four-weekly', indicative_weekly_pence: priced.allocation.weeklyPence,
      created_at: at(addDays(day, 15)), created_by: person.workerId, updated_at: at(agreedOn),
    };
    const stillDrafting = last(agreedOn) || (person.open && !person.directPayment && last(addDays(agreedOn, 700)) && rnd.chance(0.04));
    if (stillDrafting) {
      if (person.open) rows.plans.push({ ...plan, status: 'draft' });
      break;
    }
    const cost = planCost(lines);
    const statement = budgetStatement({ lines, contributionWeeklyPence: 0, paymentFrequency: 'four-weekly' });
    const level = priced.outcome === 'panel-review' ? 'panel' : 'worker';
    const supportStartsOn = addDays(agreedOn, 14);
    rows.plans.push({ ...plan, status: 'agreed', sign_off_level: level, submitted_at: at(agreedOn, 9), submitted_by: person.workerId, agreed_on: agreedOn, agreed_at: at(agreedOn, 11), agreed_by: person.workerId, statement, support_starts_on: supportStartsOn });
    rows.signOffs.push({ id: rnd.uuid(), plan_id: planId, decision: 'agreed', level, weekly_cost_pence: cost.weeklyPence, annual_cost_pence: cost.annualPence, indicative_weekly_pence: priced.allocation.weeklyPence, reasons: 'Meets the assessed needs within the indicative budget.', decided_at: at(agreedOn, 11), decided_by: person.workerId });
    audit({ action: 'plan.agreed', subjectType: 'support-plan', subjectId: planId, after: { weekly_cost_pence: cost.weeklyPence } });
    // Its lines become the person's services (src/features/statutory-returns/plan-services.ts): the same ones carry on, others end the day before and start.
    const services = lines.map((line) => serviceFor(line, { clientType: person.clientType, cqcLocationId: null, mechanisms: DEFAULT_DELIVERY_MECHANISMS })).filter((x) => x !== null);
    const changes = serviceChanges(openServices, services);
    for (const ended of openServices.filter((o) => changes.end.includes(o.eventReference))) {
      ended.row.end_date = addDays(supportStartsOn, -1) < (ended.row.start_date as string) ? ended.row.start_date : addDays(supportStartsOn, -1);
      ended.row.outcome = 'Continuation of support or services';
    }
    openServices = openServices.filter((o) => !changes.end.includes(o.eventReference));
    for (const service of changes.start) {
      const row: Record<string, unknown> = { event_reference: reference('S'), event_type: 'Service', start_date: supportStartsOn, description: service.description, service_type: service.serviceType, service_component: service.serviceComponent, delivery_mechanism: service.deliveryMechanism, unit_cost_pence: service.unitCostPence, cost_frequency: service.costFrequency, planned_hundredths_per_week: service.plannedHundredthsPerWeek, weekly_cost_pence: service.weeklyCostPence, provider_name: service.providerName, provider_cqc_location_id: service.providerCqcLocationId, source: 'support-plan', source_id: planId };
      event(row);
      openServices.push({ eventReference: row.event_reference as string, signature: serviceSignature(service), row: rows.events.at(-1)! });
    }
    if (person.directPayment && statement.directPayment) {
      const assistantLine = lines.find((l) => l.providerKind === 'personal-assistant')!;
      rows.agreedForPayment.push({ planId, supportStartsOn, netWeeklyPence: statement.directPayment.netWeeklyPence, assistantLineId: assistantLine.id, assistantName: assistantLine.providerName });
    }
    // The earlier plan's reviews not yet done are replaced by this plan's.
    for (const r of scheduled) rows.reviews.push({ ...r, status: 'cancelled', cancelled_reason: 'A new plan was agreed' });
    scheduled = [];
    const next = addDays(agreedOn, rnd.int(700, 1100));
    const pending = reviewsAfterSignOff(agreedOn, person.directPayment && planNumber === 1);
    while (pending.length > 0) {
      const review = pending.shift()!;
      const row = { id: rnd.uuid(), person_id: person.id, plan_id: planId, kind: review.kind, due_from: review.dueFrom, due_by: review.dueBy, version: 1 };
      const reviewedOn = addDays(review.dueFrom, rnd.int(0, 20));
      // Done before the next assessment and before today, except a few left overdue on open records.
      if (reviewedOn < next && reviewedOn < end && !(person.open && last(next) && rnd.chance(0.06))) {
        rows.reviews.push({ ...row, status: 'completed', reviewed_on: reviewedOn, result: 'no-change', working: 'Support is working well.', recorded_at: at(reviewedOn, 15), recorded_by: person.workerId, version: 2 });
        audit({ action: 'review.recorded', subjectType: 'review', subjectId: row.id, after: { result: 'no-change' } });
        event({ event_reference: reference('R'), event_type: 'Review', start_date: reviewedOn, end_date: reviewedOn, description: review.kind === 'annual' ? 'Annual review' : 'Review after sign-off', outcome: 'Continuation of support or services', review_reason: 'Planned review', method_of_review: rnd.pick(['Face to face', 'Telephone', 'Supported self-review']), review_outcomes_achieved: rnd.pick(['Fully achieved', 'Partially achieved']), source: 'review', source_id: row.id });
        if (review.kind === 'annual') pending.push(annualReviewAfter(reviewedOn));
      } else if (review.dueFrom < next || last(next)) {
        scheduled.push(row);
      }
    }
    previousPlanId = planId;
    day = next;
  }
  for (const r of scheduled) rows.reviews.push(person.open ? { ...r, status: 'scheduled' } : { ...r, status: 'cancelled', cancelled_reason: 'The record was closed' });
  // A closed record's services end when it closed.
  if (person.closesOn) {
    for (const o of openServices) {
      o.row.end_date = person.closesOn < (o.row.start_date as string) ? o.row.start_date : person.closesOn;
      o.row.outcome = person.closedBecause === 'Died' ? 'NFA: Deceased' : person.closedBecause === 'Moved out of the area' ? 'NFA: Responsibility moved to another local authority' : 'NFA: Support ended as planned';
    }
  }
  return rows;
}
