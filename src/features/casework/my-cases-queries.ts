import { sql } from 'kysely';
import type { Executor } from '../../web/route.js';

/**
 * What needs a worker's people now, read for a handful of people at once (their caseload): each
 * query is bounded by the person ids and uses the tables' person indexes.
 */

/** Plans sent back by whoever signs them off, still drafts: the latest decision on each, with its reasons. */
export async function returnedPlans(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  const latest = await db
    .selectFrom('sign_off_decisions')
    .innerJoin('support_plans', 'support_plans.id', 'sign_off_decisions.plan_id')
    .innerJoin('staff_users', 'staff_users.id', 'sign_off_decisions.decided_by')
    .distinctOn('sign_off_decisions.plan_id')
    .select(['sign_off_decisions.plan_id', 'sign_off_decisions.decision', 'sign_off_decisions.reasons', 'sign_off_decisions.decided_at', 'support_plans.person_id', 'support_plans.plan_number', 'staff_users.display_name as decided_by_name'])
    .where('support_plans.person_id', 'in', [...personIds])
    .where('support_plans.status', '=', 'draft')
    .orderBy('sign_off_decisions.plan_id')
    .orderBy('sign_off_decisions.decided_at', 'desc')
    .execute();
  return latest.filter((d) => d.decision === 'returned');
}

/** Reviews that are due (from their earliest date) or overdue. */
export async function reviewsDue(db: Executor, personIds: readonly string[], today: string) {
  if (personIds.length === 0) return [];
  return db.selectFrom('reviews').select(['id', 'person_id', 'kind', 'due_from', 'due_by']).where('person_id', 'in', [...personIds]).where('status', '=', 'scheduled').where('due_from', '<=', today).orderBy('due_by').execute();
}

/** Panel decisions on their assessments in the last weeks. */
export async function recentPanelOutcomes(db: Executor, personIds: readonly string[], since: Date) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('panel_decisions')
    .innerJoin('assessments', 'assessments.id', 'panel_decisions.assessment_id')
    .select(['panel_decisions.id', 'panel_decisions.assessment_id', 'panel_decisions.decision', 'panel_decisions.weekly_pence', 'panel_decisions.decided_at', 'assessments.person_id'])
    .where('assessments.person_id', 'in', [...personIds])
    .where('panel_decisions.decided_at', '>', since)
    .execute();
}

/** Flagged spending on their direct payment accounts, by person. */
export async function directPaymentFlags(db: Executor, personIds: readonly string[], since: string) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('statement_lines')
    .innerJoin('dp_agreements', 'dp_agreements.id', 'statement_lines.agreement_id')
    .select(['dp_agreements.person_id', sql<number>`count(*)::int`.as('flagged'), sql<string>`max(statement_lines.posted_on)::text`.as('latest')])
    .where('dp_agreements.person_id', 'in', [...personIds])
    .where(sql<boolean>`cardinality(statement_lines.flags) > 0`)
    .where('statement_lines.posted_on', '>=', since)
    .groupBy('dp_agreements.person_id')
    .execute();
}

/** Messages, review requests and changes the person sent that no one has dealt with. */
export async function messagesWaiting(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('portal_messages')
    .select(['person_id', 'kind', 'from_label', 'sent_at'])
    .where('person_id', 'in', [...personIds])
    .where('from_account', 'is not', null)
    .where('dealt_with_at', 'is', null)
    .orderBy('sent_at')
    .execute();
}

/** Self-assessments and plans sent from My Selfdirect waiting for the worker. */
export async function sentToCheck(db: Executor, personIds: readonly string[]) {
  if (personIds.length === 0) return { assessments: [], plans: [] };
  const [assessments, plans] = await Promise.all([
    db.selectFrom('assessments').select(['id', 'person_id', 'submitted_at', 'submitted_as']).where('person_id', 'in', [...personIds]).where('status', '=', 'in-progress').where('submitted_at', 'is not', null).execute(),
    db
      .selectFrom('support_plans')
      .leftJoin('sign_off_decisions', 'sign_off_decisions.plan_id', 'support_plans.id')
      .select(['support_plans.id', 'support_plans.person_id', 'support_plans.plan_number', 'support_plans.sent_by_person_at', 'support_plans.sent_by_person_as'])
      .where('support_plans.person_id', 'in', [...personIds])
      .where('support_plans.status', '=', 'draft')
      .where('support_plans.sent_by_person_at', 'is not', null)
      .where('sign_off_decisions.id', 'is', null)
      .execute(),
  ]);
  return { assessments, plans };
}
