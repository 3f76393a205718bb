import { sql } from 'kysely';
import type { FinancialAssessmentRow } from '../../db/schema.js';
import type { Circumstances, Contribution } from '../../domain/charging/contribution.js';
import type { Executor } from '../../web/route.js';
import type { Entries } from './entries.js';

/** financial_assessments, their evidence and charging reminders: every query on them is here. */

/** jsonb comes back parsed from both drivers; a json column on PGlite may be text. */
const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export interface FinancialAssessment extends Omit<FinancialAssessmentRow, 'entries' | 'circumstances' | 'result'> {
  entries: Entries;
  circumstances: Circumstances | null;
  result: Contribution | null;
}

export function financialAssessmentOf(row: FinancialAssessmentRow): FinancialAssessment {
  return { ...row, entries: parsed<Entries>(row.entries), circumstances: row.circumstances === null ? null : parsed<Circumstances>(row.circumstances), result: row.result === null ? null : parsed<Contribution>(row.result) };
}

export async function financialAssessmentById(db: Executor, id: string): Promise<FinancialAssessment | undefined> {
  const row = await db.selectFrom('financial_assessments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? financialAssessmentOf(row) : undefined;
}

export async function draftOf(db: Executor, personId: string): Promise<FinancialAssessment | undefined> {
  const row = await db.selectFrom('financial_assessments').selectAll().where('person_id', '=', personId).where('status', '=', 'draft').executeTakeFirst();
  return row ? financialAssessmentOf(row) : undefined;
}

/** The person's latest completed assessment: the one in force (by its date, then when it was completed). */
export async function latestCompletedOf(db: Executor, personId: string): Promise<FinancialAssessment | undefined> {
  const row = await db
    .selectFrom('financial_assessments')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '=', 'completed')
    .orderBy('assessed_on', 'desc')
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? financialAssessmentOf(row) : undefined;
}

/** A completed assessment (the one named, or the person's latest) with its rules document, in one query: what a plan's contribution needs. */
export async function completedWithRules(db: Executor, personId: string, id: string | null) {
  let query = db
    .selectFrom('financial_assessments')
    .innerJoin('charging_rules', 'charging_rules.id', 'financial_assessments.rules_row_id')
    .select(['financial_assessments.id', 'financial_assessments.assessed_on', 'financial_assessments.circumstances', 'charging_rules.document'])
    .where('financial_assessments.person_id', '=', personId)
    .where('financial_assessments.status', '=', 'completed');
  query = id ? query.where('financial_assessments.id', '=', id) : query.orderBy('financial_assessments.assessed_on', 'desc').orderBy('financial_assessments.completed_at', 'desc').limit(1);
  const row = await query.executeTakeFirst();
  return row ? { ...row, circumstances: parsed<Circumstances>(row.circumstances) } : undefined;
}

/** The person's assessments, newest first, for their history (bounded: a person has a few a year). */
export async function assessmentsOf(db: Executor, personId: string) {
  return db
    .selectFrom('financial_assessments')
    .leftJoin('charging_rules', 'charging_rules.id', 'financial_assessments.rules_row_id')
    .select(['financial_assessments.id', 'financial_assessments.status', 'financial_assessments.assessed_on', 'financial_assessments.weekly_contribution_pence', 'financial_assessments.reason', 'financial_assessments.source', 'financial_assessments.completed_at', 'charging_rules.financial_year'])
    .where('financial_assessments.person_id', '=', personId)
    .orderBy(sql`financial_assessments.status = 'draft'`, 'desc')
    .orderBy('financial_assessments.assessed_on', 'desc')
    .orderBy('financial_assessments.started_at', 'desc')
    .limit(100)
    .execute();
}

export async function insertDraft(db: Executor, values: { person_id: string; entries: Entries; started_by: string }) {
  const row = await db.insertInto('financial_assessments').values({ person_id: values.person_id, status: 'draft', entries: JSON.stringify(values.entries), started_by: values.started_by }).returning(['id']).executeTakeFirstOrThrow();
  return row.id;
}

/** Saves a section at the version read; false when someone else saved first. */
export async function saveEntries(db: Executor, id: string, rowVersion: number, entries: Entries, pensionCreditAgeOn: string | null | undefined): Promise<boolean> {
  const result = await db
    .updateTable('financial_assessments')
    .set({ entries: JSON.stringify(entries), row_version: sql`row_version + 1`, ...(pensionCreditAgeOn !== undefined ? { pension_credit_age_on: pensionCreditAgeOn } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('row_version', '=', rowVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function markCompleted(db: Executor, id: string, rowVersion: number, values: { assessed_on: string; rules_row_id: string; circumstances: Circumstances; result: Contribution; completed_by: string }): Promise<boolean> {
  const result = await db
    .updateTable('financial_assessments')
    .set({
      status: 'completed',
      assessed_on: values.assessed_on,
      rules_row_id: values.rules_row_id,
      circumstances: JSON.stringify(values.circumstances),
      result: JSON.stringify(values.result),
      weekly_contribution_pence: values.result.weeklyContributionPence,
      reason: values.result.reason,
      completed_at: new Date(),
      completed_by: values.completed_by,
      row_version: sql`row_version + 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('row_version', '=', rowVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Open reminders to look at a person's assessment again. */
export async function openRemindersOf(db: Executor, personId: string) {
  return db.selectFrom('charging_reminders').selectAll().where('person_id', '=', personId).where('resolved_at', 'is', null).orderBy('raised_at').execute();
}

/** Completing a new assessment deals with every open reminder for the person. */
export async function resolveRemindersOf(db: Executor, personId: string, by: string) {
  await db.updateTable('charging_reminders').set({ resolved_at: new Date(), resolved_by: by }).where('person_id', '=', personId).where('resolved_at', 'is', null).execute();
}

export async function insertReminder(db: Executor, values: { person_id: string; financial_assessment_id: string | null; kind: 'change-reported' | 'uprating-review'; detail: string; raised_by: string }) {
  return (await db.insertInto('charging_reminders').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function evidenceOf(db: Executor, financialAssessmentId: string) {
  return db.selectFrom('financial_assessment_evidence').select(['id', 'description', 'media_type', 'bytes', 'uploaded_at']).where('financial_assessment_id', '=', financialAssessmentId).orderBy('uploaded_at').execute();
}

export async function evidenceFile(db: Executor, id: string) {
  return db
    .selectFrom('financial_assessment_evidence')
    .innerJoin('financial_assessments', 'financial_assessments.id', 'financial_assessment_evidence.financial_assessment_id')
    .select(['financial_assessment_evidence.id', 'financial_assessment_evidence.media_type', 'financial_assessment_evidence.content', 'financial_assessment_evidence.financial_assessment_id', 'financial_assessments.person_id'])
    .where('financial_assessment_evidence.id', '=', id)
    .executeTakeFirst();
}

export async function insertEvidence(db: Executor, values: { financial_assessment_id: string; description: string; media_type: 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf'; bytes: number; content: Buffer; uploaded_by: string }) {
  return (await db.insertInto('financial_assessment_evidence').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function reminderById(db: Executor, id: string) {
  return db.selectFrom('charging_reminders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function resolveReminder(db: Executor, id: string, by: string): Promise<boolean> {
  const result = await db.updateTable('charging_reminders').set({ resolved_at: new Date(), resolved_by: by }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * What needs a financial assessment looked at again, for the teams given (null: every team, for
 * finance officers), soonest first and bounded: changes reported and people left out of a
 * recalculation; and, from their latest assessment, people turning 25 or reaching pension credit
 * age by `until` since they were assessed.
 */
export async function toLookAtAgain(db: Executor, teamIds: string[] | null, until: string, limit = 200) {
  if (teamIds !== null && teamIds.length === 0) return [];
  const reminders = await db
    .selectFrom('charging_reminders as m')
    .innerJoin('people', 'people.id', 'm.person_id')
    .select(['m.id', 'm.person_id', 'm.kind', 'm.detail', sql<string>`to_char(m.raised_at, 'YYYY-MM-DD')`.as('on'), 'people.given_name', 'people.family_name'])
    .where('m.resolved_at', 'is', null)
    .where('people.closed_on', 'is', null)
    .$if(teamIds !== null, (q) => q.where('people.team_id', 'in', teamIds!))
    .orderBy('m.raised_at')
    .limit(limit)
    .execute();
  const dated = await db
    .selectFrom('financial_assessments as fa')
    .innerJoin('people', 'people.id', 'fa.person_id')
    .select([
      'fa.id',
      'fa.person_id',
      'people.given_name',
      'people.family_name',
      sql<string | null>`CASE WHEN (fa.circumstances->>'pensionCreditAge') = 'false' AND fa.pension_credit_age_on > fa.assessed_on AND fa.pension_credit_age_on <= ${until}::date THEN to_char(fa.pension_credit_age_on, 'YYYY-MM-DD') END`.as('pension_on'),
      sql<string | null>`CASE WHEN ((fa.circumstances->>'dateOfBirth')::date + interval '25 years')::date > fa.assessed_on AND ((fa.circumstances->>'dateOfBirth')::date + interval '25 years')::date <= ${until}::date THEN to_char((fa.circumstances->>'dateOfBirth')::date + interval '25 years', 'YYYY-MM-DD') END`.as('turns_25_on'),
    ])
    .where('fa.status', '=', 'completed')
    .where('people.closed_on', 'is', null)
    .$if(teamIds !== null, (q) => q.where('people.team_id', 'in', teamIds!))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('financial_assessments as later').select('later.id').whereRef('later.person_id', '=', 'fa.person_id').where('later.status', '=', 'completed').where(sql<boolean>`(later.assessed_on, later.completed_at) > (fa.assessed_on, fa.completed_at)`))))
    .where((eb) =>
      eb.or([
        sql<boolean>`(fa.circumstances->>'pensionCreditAge') = 'false' AND fa.pension_credit_age_on > fa.assessed_on AND fa.pension_credit_age_on <= ${until}::date`,
        sql<boolean>`((fa.circumstances->>'dateOfBirth')::date + interval '25 years')::date > fa.assessed_on AND ((fa.circumstances->>'dateOfBirth')::date + interval '25 years')::date <= ${until}::date`,
      ]),
    )
    .limit(limit)
    .execute();
  return [
    ...reminders.map((r) => ({ personId: r.person_id, name: `${r.given_name} ${r.family_name}`, on: r.on, why: r.detail, reminderId: r.id })),
    ...dated.map((d) => ({ personId: d.person_id, name: `${d.given_name} ${d.family_name}`, on: (d.pension_on ?? d.turns_25_on)!, why: d.pension_on ? 'Reaches pension credit age: a different minimum income guarantee' : 'Turns 25: a different minimum income guarantee', reminderId: null })),
  ].sort((a, b) => a.on.localeCompare(b.on));
}
