import type { Assessment, Person } from '../../db/schema.js';
import { type AssessmentReport, recordAssessmentEvent } from '../statutory-returns/casework-events.js';
import { londonToday } from '../../web/format.js';
import { schemeKindFor } from '../../domain/ras/scheme.js';
import { unansweredDomains } from '../../domain/planning/needs.js';
import { explain, groupForSupportReason } from '../../domain/ras/pricing.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { compiledSchemeFor, schemeInForce } from '../schemes/repository.js';
import { type AssessmentRecord, inProgressAssessmentOf, insertAssessment, updateAssessmentAtVersion } from './repository.js';

export class AssessmentError extends ValidationError {}

/** Starts an assessment against the scheme in force today, or carries on the one in progress. */
export async function startAssessment(ctx: Context, person: Person): Promise<Assessment> {
  if (person.closed_on) throw new ConflictError('This record is closed');
  const current = await inProgressAssessmentOf(ctx.db, person.id);
  if (current) return current;
  const kind = schemeKindFor(person.client_type);
  const scheme = await schemeInForce(ctx.db, kind, ctx.today);
  if (!scheme) {
    throw new AssessmentError([{ field: 'assessment', message: `There is no published ${kind === 'carer' ? 'carer’s assessment' : 'self-assessment'} scheme in force today. Ask an analyst to publish one` }]);
  }
  const started = await insertAssessment(ctx.db, { person_id: person.id, kind, scheme_row_id: scheme.id, scheme_id: scheme.scheme_id, scheme_version: scheme.version, started_by: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'assessment.started', subjectType: 'assessment', subjectId: started.id, personId: person.id, after: { kind, scheme_id: scheme.scheme_id, scheme_version: scheme.version } });
  return started;
}

/** Refuses to change a completed assessment. */
export function requireInProgress(record: AssessmentRecord) {
  if (record.assessment.status !== 'in-progress') throw new ConflictError('This assessment is complete and cannot be changed. Start a new one to reassess');
}

/** Saves one domain's answers. With `complete`, every question on the page must be answered. */
export async function answerDomain(ctx: Context, record: AssessmentRecord, version: number, domainIndex: number, given: Record<string, unknown>, complete: boolean) {
  const { assessment, scheme } = record;
  requireInProgress(record);
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
  const updated = await updateAssessmentAtVersion(ctx.db, assessment.id, version, { answers: JSON.stringify(answers) });
  if (Object.keys(changed).length > 0) await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'assessment.answered', subjectType: 'assessment', subjectId: assessment.id, personId: record.person.id, after: changed });
  return updated;
}

/**
 * Completes and prices an assessment with the scheme it was started on. The group comes from
 * the person's Primary Support Reason, unless the worker chooses another and says why.
 */
export async function completeAssessment(
  ctx: Context,
  record: AssessmentRecord,
  version: number,
  choice: { groupId: string | null; groupReason: string | null; confirmed: boolean; report?: Partial<AssessmentReport> },
) {
  const { assessment, scheme, person } = record;
  if (assessment.status !== 'in-progress') throw new ConflictError('This assessment is already complete');
  if (assessment.version !== version) throw new ConflictError();
  const problems: { field: string; message: string }[] = [];
  const missing = unansweredDomains(scheme, assessment.answers);
  if (missing.length > 0) problems.push({ field: 'answers', message: `Answer every question first. Still to answer: ${missing.map((i) => scheme.domains[i]!.title).join(', ')}` });
  const compiled = await compiledSchemeFor(ctx.db, assessment.scheme_row_id);
  let groupId: string | null = null;
  let groupReason: string | null = null;
  if (scheme.allocation.type === 'rate') {
    const derived = groupForSupportReason(compiled, person.primary_support_reason);
    groupId = choice.groupId ?? derived;
    if (!groupId || !compiled.groups!.has(groupId)) problems.push({ field: 'group', message: 'Select the group whose rate applies to this person' });
    else if (groupId !== derived) {
      groupReason = choice.groupReason;
      if (!groupReason) {
        problems.push({ field: 'group_reason', message: derived ? 'Say why a different group from the one for the person’s primary support reason applies' : 'Say why this group applies: the person’s primary support reason is not in any group' });
      }
    }
  }
  if (!choice.confirmed) problems.push({ field: 'confirmed', message: 'Confirm that the person took part in the assessment and agrees with the answers' });
  if (problems.length > 0) throw new AssessmentError(problems);
  const explanation = explain(compiled, assessment.answers, groupId);
  const updated = await updateAssessmentAtVersion(ctx.db, assessment.id, version, {
    status: 'completed',
    group_id: groupId,
    group_reason: groupReason,
    points: explanation.totalPoints,
    weekly_pence: explanation.allocation.weeklyPence,
    annual_pence: explanation.allocation.annualPence,
    outcome: explanation.outcome,
    completed_at: new Date(),
    completed_by: ctx.actor.id,
  });
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'assessment.completed',
    subjectType: 'assessment',
    subjectId: assessment.id,
    personId: person.id,
    after: { scheme_id: assessment.scheme_id, scheme_version: assessment.scheme_version, group_id: groupId, points: explanation.totalPoints, weekly_pence: explanation.allocation.weeklyPence, annual_pence: explanation.allocation.annualPence, outcome: explanation.outcome },
    reason: groupReason,
  });
  // The statutory return's Assessment event: by default a long-term assessment, supported unless the person did it themselves.
  await recordAssessmentEvent(
    ctx.db,
    { id: assessment.id, personId: person.id, startedOn: londonToday(assessment.started_at), completedOn: ctx.today, description: scheme.title },
    {
      assessmentType: choice.report?.assessmentType ?? 'Long term assessment',
      methodOfAssessment: choice.report?.methodOfAssessment ?? (assessment.submitted_at ? 'Self-assessment' : 'Supported self-assessment'),
      eligibleNeedsIdentified: choice.report?.eligibleNeedsIdentified ?? 'Yes',
    },
  );
  return updated;
}
