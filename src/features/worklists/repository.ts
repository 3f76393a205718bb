import { sql } from 'kysely';
import { type ReviewKind, type ReviewState, STEP_ORDER, type Step, journeyStep, reviewState } from '../../domain/planning/journey.js';
import type { Executor } from '../../web/route.js';
import { stepOn } from './journey-sql.js';

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

/** Open people in these teams with their journey facts (kept by the database: migration 0036). */
function openPeople(db: Executor, teamIds: string[]) {
  return db
    .selectFrom('people')
    .leftJoin('person_journeys as j', 'j.person_id', 'people.id')
    .where('people.team_id', 'in', teamIds)
    .where('people.closed_on', 'is', null);
}

function withFacts(db: Executor, teamIds: string[]) {
  return openPeople(db, teamIds)
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select(['people.id', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .select(['j.completed_assessment_id', 'j.completed_at', 'j.in_progress_started_at', 'j.open_plan_created_at', 'j.agreed_plan_id', 'j.agreed_assessment_id', 'j.agreed_on', 'j.support_starts_on'])
    .select(['j.next_review_id', 'j.next_review_kind', 'j.next_review_due_from', 'j.next_review_due_by']);
}

type FactsRow = Awaited<ReturnType<ReturnType<typeof withFacts>['execute']>>[number];

/** A person's place in the steps, by the journey rule in the domain, from their facts. */
function entryOf(row: FactsRow, today: string): JourneyEntry {
  const nextReview =
    row.next_review_id && row.next_review_kind && row.next_review_due_from && row.next_review_due_by
      ? { id: row.next_review_id, kind: row.next_review_kind, dueFrom: row.next_review_due_from, dueBy: row.next_review_due_by, state: reviewState({ dueFrom: row.next_review_due_from, dueBy: row.next_review_due_by }, today) }
      : null;
  const step = journeyStep(
    {
      completedAssessmentId: row.completed_assessment_id,
      assessmentInProgress: row.in_progress_started_at !== null,
      openPlan: row.open_plan_created_at !== null,
      agreedPlan: row.agreed_plan_id ? { assessmentId: row.agreed_assessment_id, supportStartsOn: row.support_starts_on } : null,
      reviewDue: nextReview !== null && nextReview.state !== 'scheduled',
    },
    today,
  );
  const since: Record<Step, string | null> = {
    'self-assessment': day(row.in_progress_started_at),
    'indicative-budget': day(row.completed_at),
    plan: day(row.open_plan_created_at),
    agreed: row.agreed_on,
    'organising-support': row.agreed_on,
    'living-with-support': row.support_starts_on,
    review: nextReview?.dueBy ?? null,
  };
  return { personId: row.id, reference: row.reference, name: `${row.given_name} ${row.family_name}`, teamName: row.team_name, step, since: since[step], nextReview };
}

/** How many open people in these teams are at each step, and how many have a review overdue: one grouped query. */
export async function journeyCounts(db: Executor, teamIds: string[], today: string): Promise<{ counts: Record<Step, number>; overdue: number }> {
  const counts = Object.fromEntries(STEP_ORDER.map((s) => [s, 0])) as Record<Step, number>;
  if (teamIds.length === 0) return { counts, overdue: 0 };
  const step = stepOn(today);
  const rows = await openPeople(db, teamIds)
    .select([step.as('step'), sql<number>`count(*)`.as('people'), sql<number>`count(*) FILTER (WHERE j.next_review_due_by < ${today}::date)`.as('overdue')])
    .groupBy(sql`1`) // the step, by position: the same expression again would carry new parameters, which PostgreSQL does not match
    .execute();
  for (const row of rows) counts[row.step] = row.people;
  return { counts, overdue: rows.reduce((sum, r) => sum + r.overdue, 0) };
}

/** A page of the open people in these teams at one step: by name, or at the review step by when the review is due. */
export async function journeysAt(db: Executor, teamIds: string[], today: string, step: Step, page: { limit: number; offset: number }): Promise<{ entries: JourneyEntry[]; total: number }> {
  if (teamIds.length === 0) return { entries: [], total: 0 };
  const atStep = sql<boolean>`${stepOn(today)} = ${step}`;
  let query = withFacts(db, teamIds).where(atStep);
  if (step === 'review') query = query.orderBy('j.next_review_due_by');
  query = query.orderBy(sql`lower(people.family_name)`).orderBy(sql`lower(people.given_name)`).orderBy('people.reference');
  const [rows, total] = await Promise.all([
    query.limit(page.limit).offset(page.offset).execute(),
    openPeople(db, teamIds).where(atStep).select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { entries: rows.map((row) => entryOf(row, today)), total: total.total };
}

/** One person's step, for their page. */
export async function journeyOf(db: Executor, teamIds: string[], personId: string, today: string): Promise<JourneyEntry | null> {
  if (teamIds.length === 0) return null;
  const row = await withFacts(db, teamIds).where('people.id', '=', personId).executeTakeFirst();
  return row ? entryOf(row, today) : null;
}

/** What people and their representatives sent from My Selfdirect that waits for a worker, oldest first. */
export function sentFromMySelfdirect(db: Executor, teamIds: string[]) {
  return db
    .selectFrom('assessments')
    .innerJoin('people', 'people.id', 'assessments.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select(['assessments.id', 'assessments.submitted_at', 'assessments.submitted_as', 'people.id as person_id', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .where('people.team_id', 'in', teamIds)
    .where('assessments.status', '=', 'in-progress')
    .where('assessments.submitted_at', 'is not', null)
    .orderBy('assessments.submitted_at');
}
