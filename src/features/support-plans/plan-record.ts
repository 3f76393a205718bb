import type { Assessment, Person, SupportPlan } from '../../db/schema.js';
import type { CheckPolicy } from '../../domain/directory/checks.js';
import type { PlanContent } from '../../domain/planning/changes.js';
import { type AssessedNeed, type DirectoryFacts, type PlanChecks, planChecks } from '../../domain/planning/checks.js';
import { assessedNeeds } from '../../domain/planning/needs.js';
import { type BudgetStatement, budgetStatement, planCost } from '../../domain/planning/plan.js';
import { type SignOffLevel, type SignOffLimits, requiredLevel } from '../../domain/planning/sign-off.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import type { Executor } from '../../web/route.js';
import { assessmentForPlan } from '../assessments/repository.js';
import { directoryFactsFor } from '../directory/repository.js';
import { NO_ASSESSMENT, type PlanContribution, contributionFor } from '../charging/plan-contribution.js';
import { personById } from '../people/repository.js';
import { planById, planVersionsOf } from './repository.js';

/** A plan version with everything its rules and pages need, loaded once per request. */
export interface PlanRecord {
  plan: SupportPlan;
  person: Person;
  assessment: Assessment;
  /** The assessed needs: the assessment's domains that scored points. */
  needs: AssessedNeed[];
  /** The panel's amount when it decided, otherwise the RAS figure. */
  indicativeWeeklyPence: number;
  /** The assessment was referred to the panel and it has not decided yet. */
  awaitingPanel: boolean;
  directory: Map<string, DirectoryFacts>;
  /** The scheme the assessment was priced with, and the panel's decision on it if any. */
  scheme: RasScheme;
  panelDecision: { weekly_pence: number; decision: string; reasons: string } | null;
  /** Every version of the person's plan, newest first. */
  versions: { id: string; plan_number: number; status: SupportPlan['status']; agreed_on: string | null }[];
  /** This is the newest version. */
  latest: boolean;
  /**
   * Where the contribution comes from: for a version not yet agreed, the person's latest financial
   * assessment with this plan's cost (and `plan.contribution_weekly_pence` is that figure); for an
   * agreed one, the assessment it was agreed with.
   */
  contribution: PlanContribution;
}

export async function loadPlanRecord(db: Executor, id: string): Promise<PlanRecord | undefined> {
  const plan = await planById(db, id);
  if (!plan) return undefined;
  const directoryIds = [...new Set(plan.lines.map((l) => l.directoryEntryId).filter((v): v is string => v !== null))];
  // A migrated plan has no assessment behind it: it is shown by its own page (migrated-plan.ts).
  if (!plan.assessment_id) return undefined;
  const [person, found, versions, directory] = await Promise.all([personById(db, plan.person_id), assessmentForPlan(db, plan.assessment_id), planVersionsOf(db, plan.person_id), directoryFactsFor(db, directoryIds)]);
  if (!person || !found) return undefined;
  const contribution =
    plan.status === 'agreed'
      ? { ...(plan.contribution_assessment_id ? await contributionFor(db, person.id, plan.lines, plan.contribution_assessment_id) : NO_ASSESSMENT), pence: plan.contribution_weekly_pence }
      : await contributionFor(db, person.id, plan.lines);
  return {
    plan: plan.status === 'agreed' ? plan : { ...plan, contribution_weekly_pence: contribution.pence },
    contribution,
    person,
    assessment: found.assessment,
    scheme: found.scheme,
    panelDecision: found.panelDecision,
    needs: assessedNeeds(found.scheme, found.assessment.answers),
    indicativeWeeklyPence: found.panelWeeklyPence ?? found.assessment.weekly_pence ?? 0,
    awaitingPanel: found.assessment.outcome === 'panel-review' && found.panelWeeklyPence === null,
    directory,
    versions,
    latest: versions[0]?.id === plan.id,
  };
}

/** The content of a plan version: what a draft edit changes and a new version copies. */
export function contentOf(plan: SupportPlan): PlanContent {
  return {
    importantToMe: plan.important_to_me,
    stayingWell: plan.staying_well,
    contingency: plan.contingency,
    preventionAdvice: plan.prevention_advice,
    outcomes: plan.outcomes,
    unpaidSupport: plan.unpaid_support,
    lines: plan.lines,
    contributionWeeklyPence: plan.contribution_weekly_pence,
    paymentFrequency: plan.payment_frequency,
    exceptionalNeed: plan.exceptional_need,
    differenceReason: plan.difference_reason,
  };
}

export const EMPTY_PLAN: PlanContent = { importantToMe: null, stayingWell: null, contingency: null, preventionAdvice: null, outcomes: [], unpaidSupport: [], lines: [], contributionWeeklyPence: 0, paymentFrequency: 'four-weekly', exceptionalNeed: null, differenceReason: null };

export interface PlanSettings {
  checkPolicy: CheckPolicy;
  signOffLimits: SignOffLimits;
}

export function checksFor(record: PlanRecord, today: string, settings: PlanSettings): PlanChecks {
  const { plan } = record;
  return planChecks({
    needs: record.needs,
    outcomes: plan.outcomes,
    unpaidSupport: plan.unpaid_support,
    lines: plan.lines,
    directory: record.directory,
    indicativeWeeklyPence: record.indicativeWeeklyPence,
    differenceReason: plan.difference_reason,
    today,
    checkPolicy: settings.checkPolicy,
  });
}

export function signOffFor(record: PlanRecord, settings: PlanSettings): { level: SignOffLevel; reason: string } {
  return requiredLevel(
    { planAnnualPence: planCost(record.plan.lines).annualPence, indicativeWeeklyPence: record.indicativeWeeklyPence, exceptional: Boolean(record.plan.exceptional_need) || record.awaitingPanel },
    settings.signOffLimits,
  );
}

/** The agreed statement as it was agreed; a draft's as it would be now. */
export function statementFor(plan: SupportPlan): BudgetStatement {
  return plan.statement ?? budgetStatement({ lines: plan.lines, contributionWeeklyPence: plan.contribution_weekly_pence, paymentFrequency: plan.payment_frequency });
}

/** Every problem of the three checks, as form errors on the plan page. */
export function checkProblems(checks: PlanChecks) {
  return [...checks.effective.problems, ...checks.legal.problems, ...checks.affordable.problems].map((p) => ({ field: 'checks', message: p.message }));
}

export const planAudit = (record: Pick<PlanRecord, 'plan' | 'person'>, action = 'plan.viewed') => ({ action, subjectType: 'support-plan', subjectId: record.plan.id, personId: record.person.id });

/** A plan record with what its page shows: the checks, the statement, the sign-off it needs and the decisions so far. */
export interface PlanView extends PlanRecord {
  checks: PlanChecks;
  statement: BudgetStatement;
  signOff: { level: SignOffLevel; reason: string };
  decisions: { decision: 'agreed' | 'returned'; level: SignOffLevel; weekly_cost_pence: number; indicative_weekly_pence: number; reasons: string; decided_at: Date; decided_by_name: string }[];
}

export function planView(record: PlanRecord, decisions: PlanView['decisions'], today: string, settings: PlanSettings): PlanView {
  const required = signOffFor(record, settings);
  return {
    ...record,
    checks: checksFor(record, today, settings),
    statement: statementFor(record.plan),
    signOff: record.plan.sign_off_level ? { level: record.plan.sign_off_level, reason: required.reason } : required,
    decisions,
  };
}
