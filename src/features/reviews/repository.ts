import { sql } from 'kysely';
import type { Review } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';

/** The reviews table: every write to it is here (plans schedule reviews, reclaims ask for one, reviews are recorded). */

export interface ReviewToSchedule {
  personId: string;
  planId: string;
  kind: Review['kind'];
  dueFrom: string;
  dueBy: string;
}

export async function scheduleReviews(db: Executor, reviews: readonly ReviewToSchedule[]): Promise<{ id: string }[]> {
  if (reviews.length === 0) return [];
  return db
    .insertInto('reviews')
    .values(reviews.map((r) => ({ person_id: r.personId, plan_id: r.planId, kind: r.kind, due_from: r.dueFrom, due_by: r.dueBy })))
    .returning('id')
    .execute();
}

/** A new agreed plan's reviews replace the earlier version's unfinished ones. */
export async function cancelScheduledReviews(db: Executor, personId: string, reason: string) {
  await db.updateTable('reviews').set({ status: 'cancelled', cancelled_reason: reason, version: sql`version + 1` }).where('person_id', '=', personId).where('status', '=', 'scheduled').execute();
}

export async function reviewById(db: Executor, id: string): Promise<Review | undefined> {
  return db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A person's reviews not cancelled, latest due first, for their page. */
export async function reviewsOfPerson(db: Executor, personId: string): Promise<Review[]> {
  return db.selectFrom('reviews').selectAll().where('person_id', '=', personId).where('status', '<>', 'cancelled').orderBy('due_by', 'desc').execute();
}

export async function annualReviewWaiting(db: Executor, personId: string) {
  return db.selectFrom('reviews').select('id').where('person_id', '=', personId).where('status', '=', 'scheduled').where('kind', '=', 'annual').executeTakeFirst();
}

/** Records a scheduled review at the version the worker saw: undefined when someone else got there first. */
export async function completeReviewAtVersion(
  db: Executor,
  id: string,
  version: number,
  r: { reviewedOn: string; working: string; notWorking: string | null; outcomesAchieved: string; result: 'no-change' | 'plan-revision' | 'reassessment'; recordedBy: string },
) {
  return db
    .updateTable('reviews')
    .set({ status: 'completed', reviewed_on: r.reviewedOn, working: r.working, not_working: r.notWorking, outcomes_achieved: r.outcomesAchieved, result: r.result, recorded_at: new Date(), recorded_by: r.recordedBy, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'scheduled')
    .returning('id')
    .executeTakeFirst();
}
