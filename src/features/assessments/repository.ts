import type { Updateable } from 'kysely';
import { updateAtVersion } from '../../db/versioned.js';
import type { Assessment, AssessmentsTable, Person } from '../../db/schema.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import type { Executor } from '../../web/route.js';
import { documentOf } from '../schemes/document.js';

/** The assessments and panel_decisions tables: every query on them is here. */

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

export interface AssessmentRecord {
  assessment: Assessment;
  person: Person;
  scheme: RasScheme;
  decision: { decision: 'agreed' | 'changed'; weekly_pence: number; reasons: string; decided_at: Date; decided_by_name: string } | null;
}

/** An assessment with its person, its pinned scheme and the panel's decision (with who made it). */
export async function assessmentRecordById(db: Executor, id: string): Promise<AssessmentRecord | undefined> {
  const found = await db
    .selectFrom('assessments')
    .innerJoin('ras_schemes', 'ras_schemes.id', 'assessments.scheme_row_id')
    .selectAll('assessments')
    .select('ras_schemes.document')
    .where('assessments.id', '=', id)
    .executeTakeFirst();
  if (!found) return undefined;
  const { document, ...assessment } = found;
  const [person, decision] = await Promise.all([
    db.selectFrom('people').selectAll().where('id', '=', assessment.person_id).executeTakeFirst(),
    db
      .selectFrom('panel_decisions')
      .innerJoin('staff_users', 'staff_users.id', 'panel_decisions.decided_by')
      .select(['decision', 'weekly_pence', 'reasons', 'decided_at', 'staff_users.display_name as decided_by_name'])
      .where('assessment_id', '=', id)
      .executeTakeFirst(),
  ]);
  return person ? { assessment: assessment as Assessment, person, scheme: documentOf({ document }), decision: decision ?? null } : undefined;
}

export async function inProgressAssessmentOf(db: Executor, personId: string): Promise<Assessment | undefined> {
  return db.selectFrom('assessments').selectAll().where('person_id', '=', personId).where('status', '=', 'in-progress').executeTakeFirst();
}

export async function insertAssessment(db: Executor, values: { person_id: string; kind: 'adult' | 'carer'; scheme_row_id: string; scheme_id: string; scheme_version: string; started_by: string | null; started_by_account?: string }): Promise<Assessment> {
  return db.insertInto('assessments').values({ ...values, status: 'in-progress' }).returningAll().executeTakeFirstOrThrow();
}

/** Changes an assessment only at the version the worker saw. */
export async function updateAssessmentAtVersion(db: Executor, id: string, version: number, changes: Omit<Updateable<AssessmentsTable>, 'id' | 'version'>): Promise<Assessment> {
  return (await updateAtVersion(db, 'assessments', id, version, changes)) as Assessment;
}

/** A person's assessments, newest first, for their page. */
export async function assessmentsOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('assessments')
    .leftJoin('panel_decisions', 'panel_decisions.assessment_id', 'assessments.id')
    .select([
      'assessments.id',
      'assessments.kind',
      'assessments.status',
      'assessments.scheme_id',
      'assessments.scheme_version',
      'assessments.points',
      'assessments.weekly_pence',
      'assessments.outcome',
      'assessments.started_at',
      'assessments.completed_at',
      'assessments.submitted_at',
      'assessments.submitted_as',
      'panel_decisions.decision',
      'panel_decisions.weekly_pence as panel_weekly_pence',
    ])
    .where('assessments.person_id', '=', personId)
    .orderBy('assessments.started_at', 'desc')
    .execute();
}

/** Cases waiting for the panel, oldest first. */
/** Assessments waiting for the panel, oldest first (a page at a time: see pageOf). */
export function casesAwaitingPanel(db: Executor) {
  return db
    .selectFrom('assessments')
    .innerJoin('people', 'people.id', 'assessments.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .leftJoin('panel_decisions', 'panel_decisions.assessment_id', 'assessments.id')
    .select(['assessments.id', 'assessments.points', 'assessments.weekly_pence', 'assessments.completed_at', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .where('assessments.outcome', '=', 'panel-review')
    .where('panel_decisions.id', 'is', null)
    .orderBy('assessments.completed_at')
    .orderBy('assessments.id');
}

/** The panel decides a case once: undefined when it already had. */
export async function insertPanelDecisionOnce(db: Executor, d: { assessmentId: string; decision: 'agreed' | 'changed'; weeklyPence: number; reasons: string; decidedBy: string }) {
  return db
    .insertInto('panel_decisions')
    .values({ assessment_id: d.assessmentId, decision: d.decision, weekly_pence: d.weeklyPence, reasons: d.reasons, decided_by: d.decidedBy })
    .onConflict((oc) => oc.column('assessment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
}
