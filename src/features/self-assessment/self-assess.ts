import type { Person } from '../../db/schema.js';
import { schemeKindFor } from '../../domain/ras/scheme.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { CitizenActor } from '../../policies/index.js';
import type { Context } from '../../web/route.js';
import { answerDomain } from '../assessments/assess.js';
import { type AssessmentRecord, inProgressAssessmentOf, insertAssessment, updateAssessmentAtVersion } from '../assessments/repository.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { actingAs } from '../portal/acting.js';
import { schemeInForce } from '../schemes/repository.js';
import { firstUnanswered, numberedQuestions } from './questions.js';

/**
 * The person's own self-assessment in My Selfdirect: started, answered one question at a time,
 * saved to come back to, and sent to their worker. It stays "in progress" until the worker
 * confirms it and prices it for real (the staff check page); once sent, the portal cannot change it.
 */

/** Refuses a change once the assessment has been sent or completed. */
export function requireOpenToPerson(record: AssessmentRecord) {
  if (record.assessment.status !== 'in-progress') throw new ConflictError('This self-assessment is finished. Ask your worker if something has changed');
  if (record.assessment.submitted_at) throw new ConflictError('You have sent this self-assessment to your worker. Ask them if you want to change an answer');
}

/** Starts a self-assessment against the scheme in force today, or carries on the one in progress. */
export async function startSelfAssessment(ctx: Context, citizen: CitizenActor, person: Person) {
  if (person.closed_on) throw new ConflictError('This record is closed. Contact the council to talk about support');
  const current = await inProgressAssessmentOf(ctx.db, person.id);
  if (current) return current;
  const kind = schemeKindFor(person.client_type);
  const scheme = await schemeInForce(ctx.db, kind, ctx.today);
  if (!scheme) throw new ValidationError([{ field: 'assessment', message: 'The self-assessment is not ready yet. Contact the council' }]);
  const started = await insertAssessment(ctx.db, { person_id: person.id, kind, scheme_row_id: scheme.id, scheme_id: scheme.scheme_id, scheme_version: scheme.version, started_by: null, started_by_account: citizen.id });
  await recordAudit(ctx.db, auditActor(citizen), { action: 'assessment.started', subjectType: 'assessment', subjectId: started.id, personId: person.id, after: { kind, scheme_id: scheme.scheme_id, scheme_version: scheme.version, from: 'my-selfdirect' } });
  return started;
}

/** Saves the answer to one question (numbered from 1). */
export async function answerQuestion(ctx: Context, record: AssessmentRecord, version: number, number: number, answer: string | null) {
  requireOpenToPerson(record);
  const at = numberedQuestions(record.scheme)[number - 1];
  if (!at) throw new NotFoundError('page');
  if (!answer) throw new ValidationError([{ field: 'answer', message: 'Choose the answer that fits best' }]);
  if (!at.question.answers.some((a) => a.id === answer)) throw new ValidationError([{ field: 'answer', message: 'Choose one of the answers shown' }]);
  const domainIndex = record.scheme.domains.findIndex((d) => d.questions.includes(at.question));
  return answerDomain(ctx, record, version, domainIndex, { [at.question.id]: answer }, false);
}

/** Sends the finished self-assessment to the worker, saying who sent it and as whom. */
export async function submitSelfAssessment(ctx: Context, citizen: CitizenActor, record: AssessmentRecord, version: number, agreed: boolean) {
  requireOpenToPerson(record);
  if (record.assessment.version !== version) throw new ConflictError();
  const problems = [];
  const missing = firstUnanswered(record.scheme, record.assessment.answers);
  if (missing !== undefined) problems.push({ field: 'answers', message: `Answer question ${missing} first` });
  if (!agreed) problems.push({ field: 'agreed', message: 'Tick the box to say the answers are right' });
  if (problems.length > 0) throw new ValidationError(problems);
  const sent = await updateAssessmentAtVersion(ctx.db, record.assessment.id, version, { submitted_at: new Date(), submitted_by_account: citizen.id, submitted_as: await actingAs(ctx.db, citizen, record.person.id) });
  await recordAudit(ctx.db, auditActor(citizen), { action: 'assessment.sent-to-worker', subjectType: 'assessment', subjectId: record.assessment.id, personId: record.person.id, after: { submitted_as: sent.submitted_as } });
  return sent;
}
