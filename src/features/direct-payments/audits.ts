import type { DpAgreement, DpAudit } from '../../db/schema.js';
import { addMonths } from '../../domain/directory/checks.js';
import { ConflictError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { completeAuditOnce, insertAuditDue } from './repository.js';

/** Records the annual audit of an account and schedules the next one, 12 months on. */
export async function completeAnnualAudit(ctx: Context, { audit, agreement }: { audit: DpAudit; agreement: DpAgreement }, input: { outcome: 'no-concerns' | 'advice-given' | 'reclaim-proposed' | 'referred'; notes: string }) {
  const done = await completeAuditOnce(ctx.db, audit.id, { ...input, completedOn: ctx.today, completedBy: ctx.actor.id });
  if (!done) throw new ConflictError('This audit has already been recorded');
  await insertAuditDue(ctx.db, audit.agreement_id, addMonths(audit.due_on, 12));
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'direct-payment.audited', subjectType: 'dp-audit', subjectId: audit.id, personId: agreement.person_id, after: { outcome: input.outcome } });
}
