import type { Executor } from '../../web/route.js';

/** Plans people wrote and sent from My Selfdirect that no one has yet sent for sign-off, oldest first. */
export function plansSentFromMySelfdirect(db: Executor, teamIds: string[]) {
  return db
    .selectFrom('support_plans')
    .innerJoin('people', 'people.id', 'support_plans.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .leftJoin('sign_off_decisions', 'sign_off_decisions.plan_id', 'support_plans.id')
    .select(['support_plans.id', 'support_plans.plan_number', 'support_plans.sent_by_person_at', 'support_plans.sent_by_person_as', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .where('people.team_id', 'in', teamIds)
    .where('support_plans.status', '=', 'draft')
    .where('support_plans.sent_by_person_at', 'is not', null)
    .where('sign_off_decisions.id', 'is', null)
    .orderBy('support_plans.sent_by_person_at');
}
