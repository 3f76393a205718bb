import { type ContributionReason, assessContribution } from '../../domain/charging/contribution.js';
import { type SupportLine, budgetStatement } from '../../domain/planning/plan.js';
import type { Executor } from '../../web/route.js';
import { completedWithRules } from './repository.js';
import { rulesOf } from './rules-repository.js';

/**
 * A support plan's weekly contribution, from the person's latest financial assessment (never typed):
 * the assessment's circumstances under its own rules, with the cost of care the plan arranges, so
 * the contribution is never more than the plan costs. No assessment, no charge.
 */
export interface PlanContribution {
  pence: number;
  financialAssessmentId: string | null;
  assessedOn: string | null;
  financialYear: string | null;
  reason: ContributionReason | null;
  /** The rules have figures still to confirm. */
  toConfirm: number;
}

export const NO_ASSESSMENT: PlanContribution = { pence: 0, financialAssessmentId: null, assessedOn: null, financialYear: null, reason: null, toConfirm: 0 };

export async function contributionFor(db: Executor, personId: string, lines: SupportLine[], financialAssessmentId?: string | null): Promise<PlanContribution> {
  const fa = await completedWithRules(db, personId, financialAssessmentId ?? null);
  if (!fa) return NO_ASSESSMENT;
  const rules = rulesOf(fa);
  const cost = budgetStatement({ lines, contributionWeeklyPence: 0, paymentFrequency: 'four-weekly' }).weekly.costPence;
  const result = assessContribution(rules, { ...fa.circumstances, costOfCareWeeklyPence: cost });
  return { pence: result.weeklyContributionPence, financialAssessmentId: fa.id, assessedOn: fa.assessed_on, financialYear: rules.financialYear, reason: result.reason, toConfirm: rules.toConfirm.length };
}
