import type { Assessment } from '../../db/schema.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import type { Executor } from '../../web/route.js';
import { documentOf } from '../schemes/document.js';

/** Assessment queries other slices use (the assessment slice's own service is being moved here). */

/** An assessment with its pinned scheme and, when the panel decided, the panel's weekly amount. */
export async function assessmentForPlan(db: Executor, id: string): Promise<{ assessment: Assessment; scheme: RasScheme; panelWeeklyPence: number | null; panelDecision: { weekly_pence: number; decision: string; reasons: string } | null } | undefined> {
  const row = await db
    .selectFrom('assessments')
    .innerJoin('ras_schemes', 'ras_schemes.id', 'assessments.scheme_row_id')
    .leftJoin('panel_decisions', 'panel_decisions.assessment_id', 'assessments.id')
    .selectAll('assessments')
    .select(['ras_schemes.document', 'panel_decisions.weekly_pence as panel_weekly_pence', 'panel_decisions.decision as panel_decision', 'panel_decisions.reasons as panel_reasons'])
    .where('assessments.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { document, panel_weekly_pence, panel_decision, panel_reasons, ...assessment } = row;
  const panelDecision = panel_weekly_pence === null || panel_weekly_pence === undefined ? null : { weekly_pence: panel_weekly_pence, decision: String(panel_decision), reasons: String(panel_reasons) };
  return { assessment: assessment as Assessment, scheme: documentOf({ document }), panelWeeklyPence: panelDecision?.weekly_pence ?? null, panelDecision };
}

export async function latestCompletedAssessmentOf(db: Executor, personId: string): Promise<Assessment | undefined> {
  return db.selectFrom('assessments').selectAll().where('person_id', '=', personId).where('status', '=', 'completed').orderBy('completed_at', 'desc').limit(1).executeTakeFirst();
}
