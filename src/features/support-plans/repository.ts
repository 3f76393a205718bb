import { type Updateable, sql } from 'kysely';
import type { Person, SupportPlan, SupportPlansTable } from '../../db/schema.js';
import type { PlanContent } from '../../domain/planning/changes.js';
import type { SignOffLevel } from '../../domain/planning/sign-off.js';
import { ConflictError } from '../../errors.js';
import type { Executor } from '../../web/route.js';

/** The support_plans and sign_off_decisions tables: every query on them is here. */

export function contentColumns(content: PlanContent) {
  return {
    important_to_me: content.importantToMe,
    staying_well: content.stayingWell,
    contingency: content.contingency,
    prevention_advice: content.preventionAdvice,
    outcomes: JSON.stringify(content.outcomes),
    unpaid_support: JSON.stringify(content.unpaidSupport),
    lines: JSON.stringify(content.lines),
    contribution_weekly_pence: content.contributionWeeklyPence,
    payment_frequency: content.paymentFrequency,
    exceptional_need: content.exceptionalNeed,
    difference_reason: content.differenceReason,
  };
}

export async function planById(db: Executor, id: string): Promise<SupportPlan | undefined> {
  return db.selectFrom('support_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person's versions, newest first: enough for the plan page's history and the person's page. */
export async function planVersionsOf(db: Executor, personId: string) {
  return db
    .selectFrom('support_plans')
    .select(['id', 'plan_number', 'status', 'sign_off_level', 'agreed_on', 'support_starts_on', 'lines', 'assessment_id', 'migrated', 'created_at'])
    .where('person_id', '=', personId)
    .orderBy('plan_number', 'desc')
    .execute();
}

export async function decisionsOn(db: Executor, planId: string) {
  return db
    .selectFrom('sign_off_decisions')
    .innerJoin('staff_users', 'staff_users.id', 'sign_off_decisions.decided_by')
    .select(['decision', 'level', 'weekly_cost_pence', 'indicative_weekly_pence', 'reasons', 'decided_at', 'staff_users.display_name as decided_by_name'])
    .where('plan_id', '=', planId)
    .orderBy('decided_at')
    .execute();
}

/** The version being written or waiting for sign-off, if there is one. */
export async function openPlanOf(db: Executor, personId: string): Promise<SupportPlan | undefined> {
  return db.selectFrom('support_plans').selectAll().where('person_id', '=', personId).where('status', '<>', 'agreed').executeTakeFirst();
}

export async function latestAgreedPlanOf(db: Executor, personId: string): Promise<SupportPlan | undefined> {
  return db.selectFrom('support_plans').selectAll().where('person_id', '=', personId).where('status', '=', 'agreed').orderBy('plan_number', 'desc').limit(1).executeTakeFirst();
}

export async function otherAgreedPlansOf(db: Executor, personId: string, exceptId: string) {
  return db.selectFrom('support_plans').select(['id', 'lines']).where('person_id', '=', personId).where('status', '=', 'agreed').where('id', '<>', exceptId).execute();
}

export async function insertPlanVersion(db: Executor, plan: { person: Person; assessmentId: string; previousId: string | null; createdBy: string | null; createdByAccount?: string; content: PlanContent }): Promise<SupportPlan> {
  return db
    .insertInto('support_plans')
    .values({
      person_id: plan.person.id,
      assessment_id: plan.assessmentId,
      plan_number: sql<number>`(SELECT coalesce(max(plan_number), 0) + 1 FROM support_plans WHERE person_id = ${plan.person.id})`,
      previous_id: plan.previousId,
      status: 'draft',
      created_by: plan.createdBy,
      created_by_account: plan.createdByAccount ?? null,
      updated_at: new Date(),
      ...contentColumns(plan.content),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a version only if nobody else has since the editor read it. */
export async function updatePlanAtVersion(db: Executor, id: string, version: number, changes: Updateable<SupportPlansTable>): Promise<SupportPlan> {
  const updated = await db
    .updateTable('support_plans')
    .set({ ...changes, updated_at: new Date(), row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new ConflictError('Someone else changed this support plan while you were working on it. Your change was not saved: look at the plan as it is now and make it again');
  return updated;
}

export async function insertSignOffDecision(
  db: Executor,
  decision: { planId: string; decision: 'agreed' | 'returned'; level: SignOffLevel; weeklyCostPence: number; annualCostPence: number; indicativeWeeklyPence: number; reasons: string; decidedBy: string },
) {
  await db
    .insertInto('sign_off_decisions')
    .values({
      plan_id: decision.planId,
      decision: decision.decision,
      level: decision.level,
      weekly_cost_pence: decision.weeklyCostPence,
      annual_cost_pence: decision.annualCostPence,
      indicative_weekly_pence: decision.indicativeWeeklyPence,
      reasons: decision.reasons,
      decided_by: decision.decidedBy,
    })
    .execute();
}

/** Plans waiting for sign-off at these levels, for these teams (or every team, for the panel). */
export async function plansAwaitingSignOff(db: Executor, scope: { levels: SignOffLevel[]; teamIds: string[] | 'every-team' }) {
  if (scope.levels.length === 0 || (scope.teamIds !== 'every-team' && scope.teamIds.length === 0)) return [];
  let query = db
    .selectFrom('support_plans')
    .innerJoin('people', 'people.id', 'support_plans.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select(['support_plans.id', 'support_plans.sign_off_level', 'support_plans.submitted_at', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .where('support_plans.status', '=', 'awaiting-sign-off')
    .where('support_plans.sign_off_level', 'in', scope.levels);
  if (scope.teamIds !== 'every-team') query = query.where('people.team_id', 'in', scope.teamIds);
  return query.orderBy('support_plans.submitted_at').execute();
}

/**
 * Agreed plans with a direct payment that no account carries yet: neither set up for them nor
 * varied to them. `paying` names the person's account still paying, which a new version varies.
 */
export function agreedPlansAwaitingDirectPayment(db: Executor, today: string) {
  // Each person's latest agreed version, flagged where the database keeps their journey when it
  // has a direct payment in it that nothing pays for yet (migrations 0036 and 0039).
  return db
    .selectFrom('person_journeys as j')
    .innerJoin('support_plans', 'support_plans.id', 'j.agreed_plan_id')
    .innerJoin('people', 'people.id', 'support_plans.person_id')
    .select([
      'support_plans.id',
      'support_plans.plan_number',
      'support_plans.agreed_on',
      'support_plans.statement',
      'people.reference',
      'people.given_name',
      'people.family_name',
      (eb) =>
        eb
          .selectFrom('dp_agreements as paying')
          .select('paying.reference')
          .whereRef('paying.person_id', '=', 'support_plans.person_id')
          .where((w) => w.or([w('paying.end_on', 'is', null), w('paying.end_on', '>', today)]))
          .orderBy('paying.start_on')
          .limit(1)
          .as('paying'),
    ])
    .where('j.awaiting_direct_payment', '=', true)
    .where('people.closed_on', 'is', null)
    .orderBy('j.agreed_on')
    .orderBy('j.agreed_plan_id');
}

/** The weekly contribution of each plan version asked for. */
export async function contributionsOfPlans(db: Executor, planIds: string[]) {
  if (planIds.length === 0) return [];
  return db.selectFrom('support_plans').select(['id', 'contribution_weekly_pence']).where('id', 'in', planIds).execute();
}

export async function planLinesOf(db: Executor, planId: string) {
  return db.selectFrom('support_plans').select(['lines', 'plan_number', 'contribution_weekly_pence']).where('id', '=', planId).executeTakeFirstOrThrow();
}
