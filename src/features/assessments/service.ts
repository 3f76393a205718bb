import { type Kysely, type Transaction, sql } from 'kysely';
import type { Assessment, Database, Person } from '../../db/schema.js';
import { type Explanation, explain, groupForSupportReason } from '../../domain/ras/pricing.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { inTeamWith } from '../../policies/people.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { findPersonInTeams, isUuid } from '../people/repository.js';
import { type SchemeService, documentOf } from '../schemes/service.js';

export interface AssessmentRecord {
  assessment: Assessment;
  person: Person;
  scheme: RasScheme;
  decision: { decision: 'agreed' | 'changed'; weekly_pence: number; reasons: string; decided_at: Date; decided_by_name: string } | null;
}

export class AssessmentError extends ValidationError {}

/** Which domains still have unanswered questions. */
export function unansweredDomains(scheme: RasScheme, answers: Record<string, string>): number[] {
  return scheme.domains.flatMap((domain, i) => (domain.questions.every((q) => q.answers.some((a) => a.id === answers[q.id])) ? [] : [i]));
}

export function createAssessmentService(db: Kysely<Database>, schemes: SchemeService) {
  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => db.transaction().execute(fn);

  async function load(trx: Kysely<Database>, id: string): Promise<Omit<AssessmentRecord, 'decision'> & { decision: AssessmentRecord['decision'] } | undefined> {
    if (!isUuid(id)) return undefined;
    const assessment = await trx.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!assessment) return undefined;
    const person = await trx.selectFrom('people').selectAll().where('id', '=', assessment.person_id).executeTakeFirstOrThrow();
    const schemeRow = await trx.selectFrom('ras_schemes').select('document').where('id', '=', assessment.scheme_row_id).executeTakeFirstOrThrow();
    const decision = await trx
      .selectFrom('panel_decisions')
      .innerJoin('staff_users', 'staff_users.id', 'panel_decisions.decided_by')
      .select(['decision', 'weekly_pence', 'reasons', 'decided_at', 'staff_users.display_name as decided_by_name'])
      .where('assessment_id', '=', id)
      .executeTakeFirst();
    return { assessment, person, scheme: documentOf(schemeRow), decision: decision ?? null };
  }

  /**
   * The assessment if the actor may see it: casework staff for people in their teams, and panel
   * members for cases referred to the panel. Otherwise not found, whether or not it exists.
   */
  async function accessible(trx: Kysely<Database>, actor: StaffActor, id: string, purpose: 'read' | 'write' | 'panel'): Promise<AssessmentRecord> {
    const record = await load(trx, id);
    if (!record) throw new NotFoundError('assessment');
    const allowed =
      purpose === 'panel'
        ? has(actor, 'panel:decide') && record.assessment.outcome === 'panel-review'
        : inTeamWith(actor, purpose === 'write' ? 'people:write' : 'people:read', record.person) && (purpose === 'read' || has(actor, 'assessments:write'));
    if (!allowed) throw new NotFoundError('assessment');
    return record;
  }

  async function viewed(trx: Transaction<Database>, actor: StaffActor, record: AssessmentRecord) {
    await recordAudit(trx, auditActor(actor), { action: 'assessment.viewed', subjectType: 'assessment', subjectId: record.assessment.id, personId: record.person.id });
  }

  return {
    /** Starts an assessment against the scheme in force today, or carries on the one in progress. */
    async start(actor: StaffActor, personId: string, today: string): Promise<Assessment> {
      if (!has(actor, 'assessments:write')) throw new ForbiddenError();
      return tx(async (trx) => {
        const person = await findPersonInTeams(trx, personId, actor.teamIds);
        if (!person) throw new NotFoundError('person');
        if (person.closed_on) throw new ConflictError('This record is closed');
        const current = await trx.selectFrom('assessments').selectAll().where('person_id', '=', personId).where('status', '=', 'in-progress').executeTakeFirst();
        if (current) return current;
        const kind = person.client_type === 'Carer' ? 'carer' : 'adult';
        const scheme = await schemes.inForce(trx, kind, today);
        if (!scheme) {
          throw new AssessmentError([
            { field: 'assessment', message: `There is no published ${kind === 'carer' ? 'carer’s assessment' : 'self-assessment'} scheme in force today. Ask an analyst to publish one` },
          ]);
        }
        const started = await trx
          .insertInto('assessments')
          .values({ person_id: personId, kind, scheme_row_id: scheme.id, scheme_id: scheme.scheme_id, scheme_version: scheme.version, status: 'in-progress', started_by: actor.id })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), {
          action: 'assessment.started',
          subjectType: 'assessment',
          subjectId: started.id,
          personId,
          after: { kind, scheme_id: scheme.scheme_id, scheme_version: scheme.version },
        });
        return started;
      });
    },

    async forEditing(actor: StaffActor, id: string): Promise<AssessmentRecord> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        if (record.assessment.status !== 'in-progress') throw new ConflictError('This assessment is complete and cannot be changed. Start a new one to reassess');
        await viewed(trx, actor, record);
        return record;
      });
    },

    /** Saves one domain's answers. With `complete`, every question on the page must be answered. */
    async saveDomain(actor: StaffActor, id: string, version: number, domainIndex: number, given: Record<string, unknown>, complete: boolean) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        const { assessment, scheme } = record;
        if (assessment.status !== 'in-progress') throw new ConflictError('This assessment is complete and cannot be changed');
        if (assessment.version !== version) throw new ConflictError();
        const domain = scheme.domains[domainIndex];
        if (!domain) throw new NotFoundError('page');
        const answers = { ...assessment.answers };
        const problems: { field: string; message: string }[] = [];
        const changed: Record<string, string> = {};
        for (const question of domain.questions) {
          const value = given[question.id];
          if (typeof value === 'string' && question.answers.some((a) => a.id === value)) {
            if (answers[question.id] !== value) changed[question.id] = value;
            answers[question.id] = value;
          } else if (value !== undefined && value !== '') {
            problems.push({ field: question.id, message: `Select one of the answers for “${question.text}”` });
          } else if (complete && !answers[question.id]) {
            problems.push({ field: question.id, message: `Select an answer for “${question.text}”` });
          }
        }
        if (problems.length > 0) throw new AssessmentError(problems);
        const updated = await trx
          .updateTable('assessments')
          .set({ answers: JSON.stringify(answers), version: sql`version + 1` })
          .where('id', '=', id)
          .where('version', '=', version)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw new ConflictError();
        if (Object.keys(changed).length > 0) {
          await recordAudit(trx, auditActor(actor), { action: 'assessment.answered', subjectType: 'assessment', subjectId: id, personId: record.person.id, after: changed });
        }
        return updated;
      });
    },

    /**
     * Completes and prices an assessment with the scheme it was started on. The group comes from
     * the person's Primary Support Reason, unless the worker chooses another and says why.
     */
    async complete(actor: StaffActor, id: string, version: number, choice: { groupId: string | null; groupReason: string | null; confirmed: boolean }) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        const { assessment, scheme, person } = record;
        if (assessment.status !== 'in-progress') throw new ConflictError('This assessment is already complete');
        if (assessment.version !== version) throw new ConflictError();
        const problems: { field: string; message: string }[] = [];
        const missing = unansweredDomains(scheme, assessment.answers);
        if (missing.length > 0) problems.push({ field: 'answers', message: `Answer every question first. Still to answer: ${missing.map((i) => scheme.domains[i]!.title).join(', ')}` });
        const compiled = await schemes.compiledFor(trx, assessment.scheme_row_id);
        let groupId: string | null = null;
        let groupReason: string | null = null;
        if (scheme.allocation.type === 'rate') {
          const derived = groupForSupportReason(compiled, person.primary_support_reason);
          groupId = choice.groupId ?? derived;
          if (!groupId || !compiled.groups!.has(groupId)) problems.push({ field: 'group', message: 'Select the group whose rate applies to this person' });
          else if (groupId !== derived) {
            groupReason = choice.groupReason;
            if (!groupReason) {
              problems.push({
                field: 'group_reason',
                message: derived ? 'Say why a different group from the one for the person’s primary support reason applies' : 'Say why this group applies: the person’s primary support reason is not in any group',
              });
            }
          }
        }
        if (!choice.confirmed) problems.push({ field: 'confirmed', message: 'Confirm that the person took part in the assessment and agrees with the answers' });
        if (problems.length > 0) throw new AssessmentError(problems);
        const explanation = explain(compiled, assessment.answers, groupId);
        const updated = await trx
          .updateTable('assessments')
          .set({
            status: 'completed',
            group_id: groupId,
            group_reason: groupReason,
            points: explanation.totalPoints,
            weekly_pence: explanation.allocation.weeklyPence,
            annual_pence: explanation.allocation.annualPence,
            outcome: explanation.outcome,
            completed_at: new Date(),
            completed_by: actor.id,
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .where('version', '=', version)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw new ConflictError();
        await recordAudit(trx, auditActor(actor), {
          action: 'assessment.completed',
          subjectType: 'assessment',
          subjectId: id,
          personId: person.id,
          after: {
            scheme_id: assessment.scheme_id,
            scheme_version: assessment.scheme_version,
            group_id: groupId,
            points: explanation.totalPoints,
            weekly_pence: explanation.allocation.weeklyPence,
            annual_pence: explanation.allocation.annualPence,
            outcome: explanation.outcome,
          },
          reason: groupReason,
        });
        return updated;
      });
    },

    /** A completed assessment re-priced with its pinned scheme: the explanation of every pound. */
    async explanation(actor: StaffActor, id: string, purpose: 'read' | 'panel' = 'read'): Promise<AssessmentRecord & { explanation: Explanation }> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, purpose);
        if (record.assessment.status !== 'completed') throw new NotFoundError('explanation');
        const compiled = await schemes.compiledFor(trx, record.assessment.scheme_row_id);
        const explanation = explain(compiled, record.assessment.answers, record.assessment.group_id);
        await viewed(trx, actor, record);
        return { ...record, explanation };
      });
    },

    /** A person's assessments, newest first, for their page. */
    async forPerson(actor: StaffActor, personId: string) {
      const person = await findPersonInTeams(db, personId, actor.teamIds);
      if (!person || !inTeamWith(actor, 'people:read', person)) throw new NotFoundError('person');
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
          'panel_decisions.decision',
          'panel_decisions.weekly_pence as panel_weekly_pence',
        ])
        .where('assessments.person_id', '=', personId)
        .orderBy('assessments.started_at', 'desc')
        .execute();
    },

    /** Cases waiting for the panel, oldest first. */
    async panelWorklist(actor: StaffActor) {
      if (!has(actor, 'panel:decide')) throw new ForbiddenError();
      return db
        .selectFrom('assessments')
        .innerJoin('people', 'people.id', 'assessments.person_id')
        .innerJoin('teams', 'teams.id', 'people.team_id')
        .leftJoin('panel_decisions', 'panel_decisions.assessment_id', 'assessments.id')
        .select([
          'assessments.id',
          'assessments.points',
          'assessments.weekly_pence',
          'assessments.completed_at',
          'people.reference',
          'people.given_name',
          'people.family_name',
          'teams.name as team_name',
        ])
        .where('assessments.outcome', '=', 'panel-review')
        .where('panel_decisions.id', 'is', null)
        .orderBy('assessments.completed_at')
        .execute();
    },

    /** The panel agrees the indicative amount or sets another, with reasons. Nothing caps it. */
    async decide(actor: StaffActor, id: string, decision: { agree: boolean; weeklyPence: number | null; reasons: string }) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'panel');
        if (record.decision) throw new ConflictError('The panel has already decided this case');
        const weekly = decision.agree ? record.assessment.weekly_pence! : decision.weeklyPence!;
        const inserted = await trx
          .insertInto('panel_decisions')
          .values({ assessment_id: id, decision: decision.agree ? 'agreed' : 'changed', weekly_pence: weekly, reasons: decision.reasons, decided_by: actor.id })
          .onConflict((oc) => oc.column('assessment_id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new ConflictError('The panel has already decided this case');
        await recordAudit(trx, auditActor(actor), {
          action: 'panel.decided',
          subjectType: 'assessment',
          subjectId: id,
          personId: record.person.id,
          before: { indicative_weekly_pence: record.assessment.weekly_pence },
          after: { decision: decision.agree ? 'agreed' : 'changed', weekly_pence: weekly },
          reason: decision.reasons,
        });
      });
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
