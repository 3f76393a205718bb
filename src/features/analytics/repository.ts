import type { AnalysisRun } from '../../db/schema.js';
import { sql } from 'kysely';
import type { Executor } from '../../web/route.js';

/** The analysis_runs table, and the reads of plans and assessments that analysis works from (no names). */

export async function insertRun(db: Executor, run: { kind: AnalysisRun['kind']; title: string; parameters: Record<string, unknown>; report: unknown; createdBy: string }) {
  return db.insertInto('analysis_runs').values({ kind: run.kind, title: run.title, parameters: JSON.stringify(run.parameters), report: JSON.stringify(run.report), created_by: run.createdBy }).returning('id').executeTakeFirstOrThrow();
}

export async function recentRuns(db: Executor, limit = 20) {
  return db
    .selectFrom('analysis_runs')
    .innerJoin('staff_users', 'staff_users.id', 'analysis_runs.created_by')
    .select(['analysis_runs.id', 'analysis_runs.kind', 'analysis_runs.title', 'analysis_runs.created_at', 'staff_users.display_name'])
    .orderBy('analysis_runs.created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function runById(db: Executor, id: string): Promise<AnalysisRun | undefined> {
  return db.selectFrom('analysis_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Each person's latest agreed plan with the group and points of its assessment, people by reference. */
export async function latestAgreedPlansWithPoints(db: Executor) {
  return db
    .selectFrom('support_plans')
    .innerJoin('assessments', 'assessments.id', 'support_plans.assessment_id')
    .innerJoin('people', 'people.id', 'support_plans.person_id')
    .select(['people.reference', 'assessments.group_id', 'assessments.points', 'support_plans.lines'])
    .where('support_plans.status', '=', 'agreed')
    .where('assessments.kind', '=', 'adult')
    .where('assessments.group_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('support_plans as later').select('later.id').whereRef('later.person_id', '=', 'support_plans.person_id').where('later.status', '=', 'agreed').whereRef('later.plan_number', '>', 'support_plans.plan_number'))),
    )
    .orderBy('people.reference')
    .execute();
}

/** Each person's latest completed adult assessment, people by reference. */
export async function latestAdultAssessments(db: Executor) {
  return db
    .selectFrom('assessments')
    .innerJoin('people', 'people.id', 'assessments.person_id')
    .select(['people.reference', 'assessments.group_id', 'assessments.points', 'assessments.weekly_pence', 'assessments.annual_pence', 'assessments.outcome', 'assessments.answers'])
    .where('assessments.status', '=', 'completed')
    .where('assessments.kind', '=', 'adult')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('assessments as later').select('later.id').whereRef('later.person_id', '=', 'assessments.person_id').where('later.status', '=', 'completed').where('later.kind', '=', 'adult').whereRef('later.completed_at', '>', 'assessments.completed_at'))),
    )
    .orderBy('people.reference')
    .execute();
}

/**
 * For a like-for-like equity review: of the given people, each one's latest completed adult
 * assessment before the period ended, when it was completed before the period began (their
 * indicative budget held all period); and how many were reassessed during it.
 */
export async function assessmentsHeldAllPeriod(db: Executor, references: readonly string[], from: string, to: string) {
  if (references.length === 0) return { held: [], reassessed: 0 };
  const rows = await sql<{ reference: string; group_id: string | null; points: number | null; weekly_pence: number | null; annual_pence: number | null; outcome: string | null; held: boolean }>`
    SELECT p.reference, a.group_id, a.points, a.weekly_pence, a.annual_pence, a.outcome,
           a.completed_at < ${from}::date AS held
    FROM people p
    JOIN LATERAL (
      SELECT * FROM assessments a
      WHERE a.person_id = p.id AND a.status = 'completed' AND a.kind = 'adult' AND a.completed_at < (${to}::date + 1)
      ORDER BY a.completed_at DESC LIMIT 1
    ) a ON true
    WHERE p.reference = ANY(${[...references]}::text[])
    ORDER BY p.reference`.execute(db);
  return { held: rows.rows.filter((r) => r.held), reassessed: rows.rows.filter((r) => !r.held).length };
}
