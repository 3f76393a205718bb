import { reviewsAfterSignOff } from '../../domain/planning/journey.js';
import { budgetStatement, hasDirectPayment, planCost } from '../../domain/planning/plan.js';
import { ConflictError, ForbiddenError } from '../../errors.js';
import { can } from '../../policies/index.js';
import { mayAgreeAt } from '../../policies/support-plans.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { queueMessage } from '../outbox/repository.js';
import { readersOf } from '../portal/repository.js';
import { paths } from '../../paths.js';
import { cancelScheduledReviews, scheduleReviews } from '../reviews/repository.js';
import { type PlanRecord, checkProblems, checksFor, signOffFor } from './plan-record.js';
import { allPassed } from '../../domain/planning/checks.js';
import { PlanError } from './start-plan.js';
import { recordPlanServices } from '../statutory-returns/plan-services.js';
import { moveServiceStarts } from '../statutory-returns/repository.js';
import { insertSignOffDecision, otherAgreedPlansOf, updatePlanAtVersion } from './repository.js';

const settingsOf = (ctx: Context) => ({ checkPolicy: ctx.config.checkPolicy, signOffLimits: ctx.config.signOffLimits });

/** Sends a draft for sign-off at the level its cost and needs require. Every check must pass. */
export async function submitPlan(ctx: Context, record: PlanRecord, version: number) {
  if (record.plan.status !== 'draft') throw new ConflictError('This plan has already been sent for sign-off');
  const checks = checksFor(record, ctx.today, settingsOf(ctx));
  if (!allPassed(checks)) throw new PlanError(checkProblems(checks));
  const { level } = signOffFor(record, settingsOf(ctx));
  await updatePlanAtVersion(ctx.db, record.plan.id, version, { status: 'awaiting-sign-off', sign_off_level: level, submitted_at: new Date(), submitted_by: ctx.actor.id, contribution_weekly_pence: record.contribution.pence, contribution_assessment_id: record.contribution.financialAssessmentId });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'plan.submitted', subjectType: 'support-plan', subjectId: record.plan.id, personId: record.person.id, after: { level, annual_cost_pence: planCost(record.plan.lines).annualPence } });
  return { level };
}

/**
 * Agrees a plan, fixing the personal budget and the s26 statement and scheduling its reviews, or
 * returns it with reasons. Only someone whose delegated authority covers the plan may agree it;
 * the checks and the level are worked out again first, as the plan may have changed since.
 */
export async function decidePlan(ctx: Context, record: PlanRecord, version: number, decision: { agree: boolean; reasons: string }) {
  const { plan, person } = record;
  if (plan.status !== 'awaiting-sign-off' || !plan.sign_off_level) throw new ConflictError('This plan is not waiting for sign-off');
  if (!can(ctx.actor, 'plan:decide', record)) throw new ForbiddenError('This plan needs sign-off at a higher level than yours');
  const cost = planCost(plan.lines);
  if (decision.agree) {
    const checks = checksFor(record, ctx.today, settingsOf(ctx));
    if (!allPassed(checks)) throw new PlanError(checkProblems(checks));
    if (!mayAgreeAt(ctx.actor, signOffFor(record, settingsOf(ctx)).level)) throw new ForbiddenError('This plan now needs sign-off at a higher level than yours');
  }
  const statement = budgetStatement({ lines: plan.lines, contributionWeeklyPence: plan.contribution_weekly_pence, paymentFrequency: plan.payment_frequency });
  await updatePlanAtVersion(
    ctx.db,
    plan.id,
    version,
    decision.agree
      ? { status: 'agreed', agreed_on: ctx.today, agreed_at: new Date(), agreed_by: ctx.actor.id, indicative_weekly_pence: record.indicativeWeeklyPence, statement: JSON.stringify(statement), contribution_weekly_pence: record.contribution.pence, contribution_assessment_id: record.contribution.financialAssessmentId }
      : { status: 'draft', sign_off_level: null, submitted_at: null, submitted_by: null },
  );
  await insertSignOffDecision(ctx.db, { planId: plan.id, decision: decision.agree ? 'agreed' : 'returned', level: plan.sign_off_level, weeklyCostPence: cost.weeklyPence, annualCostPence: cost.annualPence, indicativeWeeklyPence: record.indicativeWeeklyPence, reasons: decision.reasons, decidedBy: ctx.actor.id });
  if (decision.agree) {
    const earlier = await otherAgreedPlansOf(ctx.db, person.id, plan.id);
    const directPaymentIsNew = hasDirectPayment(plan.lines) && !earlier.some((p) => hasDirectPayment(p.lines));
    await cancelScheduledReviews(ctx.db, person.id, 'A new version of the plan was agreed');
    await scheduleReviews(ctx.db, reviewsAfterSignOff(ctx.today, directPaymentIsNew).map((r) => ({ personId: person.id, planId: plan.id, kind: r.kind, dueFrom: r.dueFrom, dueBy: r.dueBy })));
    await recordPlanServices(ctx.db, auditActor(ctx.actor), ctx.config.statutory, person, { id: plan.id, lines: plan.lines, startsOn: plan.support_starts_on ?? ctx.today });
  }
  if (decision.agree) await tellThePlanIsReady(ctx, person.id, plan.id);
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: decision.agree ? 'plan.agreed' : 'plan.returned',
    subjectType: 'support-plan',
    subjectId: plan.id,
    personId: person.id,
    after: decision.agree
      ? { level: plan.sign_off_level, indicative_weekly_pence: record.indicativeWeeklyPence, weekly_cost_pence: cost.weeklyPence, annual_cost_pence: cost.annualPence, council_weekly_pence: statement.weekly.councilPence }
      : { level: plan.sign_off_level },
    reason: decision.reasons,
  });
}

/** "Your plan is ready to agree": to those who see the plan in My Selfdirect, through the outbox (no words of the plan). */
async function tellThePlanIsReady(ctx: Context, personId: string, planId: string) {
  for (const reader of await readersOf(ctx.db, personId, 'plan')) {
    await queueMessage(ctx, {
      template: 'letter',
      to: reader.email,
      personalisation: { name: reader.display_name, title: 'Your support plan is ready to agree', body: `The council has agreed the support plan. Please read it and tell us if you agree. Sign in to My Selfdirect: ${ctx.config.publicUrl}${paths.portal.signIn()}` },
      reference: `plan-ready-${planId}-${reader.id}`,
      personId,
    });
  }
}

/** When the support in an agreed plan starts: the only thing ever recorded on an agreed version. */
export async function recordSupportStart(ctx: Context, record: PlanRecord, version: number, startsOn: string) {
  if (record.plan.status !== 'agreed') throw new ConflictError('Record when support starts once the plan is agreed');
  await updatePlanAtVersion(ctx.db, record.plan.id, version, { support_starts_on: startsOn });
  await moveServiceStarts(ctx.db, record.plan.id, startsOn);
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'plan.support-start-recorded',
    subjectType: 'support-plan',
    subjectId: record.plan.id,
    personId: record.person.id,
    before: { support_starts_on: record.plan.support_starts_on },
    after: { support_starts_on: startsOn },
  });
}
