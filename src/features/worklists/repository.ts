import { type ReviewKind, type ReviewState, type Step, journeyStep, reviewState } from '../../domain/planning/journey.js';
import type { Executor } from '../../web/route.js';

export interface JourneyEntry {
  personId: string;
  reference: string;
  name: string;
  teamName: string;
  step: Step;
  /** The date that matters at this step: when the assessment, plan or support started, or a review is due. */
  since: string | null;
  nextReview: { id: string; kind: ReviewKind; dueFrom: string; dueBy: string; state: ReviewState } | null;
}

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * Where everyone open in these teams (or one person) is in the seven steps, from a few set-based
 * queries over people, assessments, plans and reviews, and the journey rule in the domain.
 */
export async function journeys(db: Executor, teamIds: string[], today: string, personId?: string): Promise<JourneyEntry[]> {
    if (teamIds.length === 0) return [];
    const teams = teamIds;
    let peopleQuery = db
      .selectFrom('people')
      .innerJoin('teams', 'teams.id', 'people.team_id')
      .select(['people.id', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
      .where('people.team_id', 'in', teams)
      .where('people.closed_on', 'is', null);
    if (personId) peopleQuery = peopleQuery.where('people.id', '=', personId);
    const people = await peopleQuery.orderBy('people.family_name').orderBy('people.given_name').execute();
    if (people.length === 0) return [];
    const ids = people.map((p) => p.id);
    const [assessments, plans, reviews] = await Promise.all([
      db.selectFrom('assessments').select(['id', 'person_id', 'status', 'started_at', 'completed_at']).where('person_id', 'in', ids).orderBy('completed_at', 'desc').execute(),
      db.selectFrom('support_plans').select(['id', 'person_id', 'assessment_id', 'status', 'plan_number', 'agreed_on', 'support_starts_on', 'created_at']).where('person_id', 'in', ids).orderBy('plan_number', 'desc').execute(),
      db.selectFrom('reviews').select(['id', 'person_id', 'kind', 'due_from', 'due_by']).where('person_id', 'in', ids).where('status', '=', 'scheduled').orderBy('due_by').execute(),
    ]);
    const group = <T extends { person_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.person_id, [...(map.get(row.person_id) ?? []), row]);
      return map;
    };
    const assessmentsOf = group(assessments);
    const plansOf = group(plans);
    const reviewsOf = group(reviews);
    return people.map((person) => {
      const theirs = assessmentsOf.get(person.id) ?? [];
      const completed = theirs.find((a) => a.status === 'completed');
      const inProgress = theirs.find((a) => a.status === 'in-progress');
      const personPlans = plansOf.get(person.id) ?? [];
      const open = personPlans.find((p) => p.status !== 'agreed');
      const agreed = personPlans.find((p) => p.status === 'agreed');
      const next = (reviewsOf.get(person.id) ?? [])[0];
      const nextReview = next ? { id: next.id, kind: next.kind, dueFrom: next.due_from, dueBy: next.due_by, state: reviewState({ dueFrom: next.due_from, dueBy: next.due_by }, today) } : null;
      const step = journeyStep(
        {
          completedAssessmentId: completed?.id ?? null,
          assessmentInProgress: Boolean(inProgress),
          openPlan: Boolean(open),
          agreedPlan: agreed ? { assessmentId: agreed.assessment_id, supportStartsOn: agreed.support_starts_on } : null,
          reviewDue: nextReview !== null && nextReview.state !== 'scheduled',
        },
        today,
      );
      const since: Record<Step, string | null> = {
        'self-assessment': day(inProgress?.started_at),
        'indicative-budget': day(completed?.completed_at),
        plan: day(open?.created_at),
        agreed: agreed?.agreed_on ?? null,
        'organising-support': agreed?.agreed_on ?? null,
        'living-with-support': agreed?.support_starts_on ?? null,
        review: nextReview?.dueBy ?? null,
      };
      return { personId: person.id, reference: person.reference, name: `${person.given_name} ${person.family_name}`, teamName: person.team_name, step, since: since[step], nextReview };
    });
}

/** One person's step, for their page. */
export async function journeyOf(db: Executor, teamIds: string[], personId: string, today: string): Promise<JourneyEntry | null> {
  return (await journeys(db, teamIds, today, personId))[0] ?? null;
}

/** What people and their representatives sent from My Selfdirect that waits for a worker, oldest first. */
export async function sentFromMySelfdirect(db: Executor, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('assessments')
    .innerJoin('people', 'people.id', 'assessments.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select(['assessments.id', 'assessments.submitted_at', 'assessments.submitted_as', 'people.id as person_id', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .where('people.team_id', 'in', teamIds)
    .where('assessments.status', '=', 'in-progress')
    .where('assessments.submitted_at', 'is not', null)
    .orderBy('assessments.submitted_at')
    .execute();
}
