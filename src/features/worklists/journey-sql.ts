import { type RawBuilder, sql } from 'kysely';
import type { Step } from '../../domain/planning/journey.js';

/**
 * The journey rule (journeyStep in src/domain/planning/journey.ts) as SQL over a person_journeys
 * row aliased `j` (all nulls when the person has no row yet), so a worklist can count, filter and
 * page people by step in the database. journey-sql.test.ts checks it gives the domain rule's answer
 * for any facts and any day.
 */
export function stepOn(today: string): RawBuilder<Step> {
  const carriedOn = sql`(j.agreed_plan_id IS NOT NULL AND j.agreed_assessment_id IS NULL AND j.completed_assessment_id IS NULL AND j.in_progress_started_at IS NULL)`;
  return sql<Step>`CASE
    WHEN j.open_plan_created_at IS NOT NULL THEN 'plan'
    WHEN j.next_review_id IS NOT NULL AND (j.next_review_due_from <= ${today}::date OR j.next_review_due_by < ${today}::date) THEN 'review'
    WHEN NOT ${carriedOn} AND (j.in_progress_started_at IS NOT NULL OR j.completed_assessment_id IS NULL) THEN 'self-assessment'
    WHEN j.agreed_plan_id IS NULL OR (NOT ${carriedOn} AND j.agreed_assessment_id IS DISTINCT FROM j.completed_assessment_id) THEN 'indicative-budget'
    WHEN j.support_starts_on IS NULL THEN 'agreed'
    WHEN j.support_starts_on > ${today}::date THEN 'organising-support'
    ELSE 'living-with-support'
  END`;
}
