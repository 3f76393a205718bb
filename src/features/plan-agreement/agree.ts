import type { SupportPlan } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { CitizenActor } from '../../policies/index.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { sendFromPortal } from '../messages/send.js';
import { actingAs } from '../portal/acting.js';
import { insertAgreement } from './repository.js';

/**
 * The person agrees their plan, or says what they do not agree with (which also goes to the worker
 * as a message, so it waits on the worklist). Only a version the council has agreed can be agreed.
 */
export async function answerPlan(ctx: Context, citizen: CitizenActor, plan: SupportPlan, person: Parameters<typeof sendFromPortal>[2], answer: { agree: boolean | null; reasons: string | null }) {
  if (plan.status !== 'agreed') throw new ConflictError('This plan is not ready to agree yet');
  const problems = [];
  if (answer.agree === null) problems.push({ field: 'agree', message: 'Choose yes or no' });
  if (answer.agree === false && !answer.reasons) problems.push({ field: 'reasons', message: 'Tell us what you do not agree with' });
  if (problems.length > 0) throw new ValidationError(problems);
  const recorded = await insertAgreement(ctx.db, { planId: plan.id, personId: person.id, decision: answer.agree ? 'agreed' : 'disagreed', reasons: answer.agree ? null : answer.reasons, byAccount: citizen.id, asLabel: await actingAs(ctx.db, citizen, person.id) });
  await recordAudit(ctx.db, auditActor(citizen), { action: answer.agree ? 'plan.agreed-by-person' : 'plan.disagreed-by-person', subjectType: 'support-plan', subjectId: plan.id, personId: person.id, after: { as: recorded.as_label, plan_number: plan.plan_number }, reason: recorded.reasons });
  if (!answer.agree) await sendFromPortal(ctx, citizen, person, { kind: 'message', topic: null, body: `I do not agree with the support plan (version ${plan.plan_number}): ${answer.reasons}` });
  return recorded;
}
