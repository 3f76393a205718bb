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
