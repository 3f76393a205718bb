import type { z } from 'zod';
import type { Person, SupportPlan } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { insertConsent, insertPlanCopy } from './repository.js';
import type { consentSchema, planCopySchema } from './schemas.js';

/** Recording consent, capacity and advocacy, and the person's agreement and copy of a plan: a new row each time, audited. */
export async function recordConsent(ctx: Context, person: Person, f: z.infer<typeof consentSchema>) {
  if (person.closed_on) throw new ConflictError('This record is closed');
  const future = [['consent_on', f.consent_on], ['capacity_assessed_on', f.capacity_assessed_on]].filter(([, d]) => d && d > ctx.today);
  if (future.length) throw new ValidationError(future.map(([field]) => ({ field: field!, message: 'The date must be today or in the past' })));
  const needed = f.capacity_needed === 'yes';
  const row = {
    person_id: person.id,
    consent_to_share: f.consent_to_share,
    consent_on: f.consent_to_share === 'not-asked' ? null : f.consent_on,
    capacity_needed: needed,
    capacity_decision: needed ? f.capacity_decision : null,
    has_capacity: needed ? f.has_capacity : null,
    capacity_assessed_on: needed ? f.capacity_assessed_on : null,
    capacity_assessed_by: needed ? f.capacity_assessed_by : null,
    decision_maker: needed && f.has_capacity === 'no' ? f.decision_maker : null,
    advocacy: f.advocacy,
    advocate_name: f.advocacy === 'not-needed' ? null : f.advocate_name,
    recorded_by: ctx.actor.id,
  };
  const saved = await insertConsent(ctx.db, row);
  const { person_id: _p, recorded_by: _r, ...after } = row;
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'person.consent-recorded', subjectType: 'consent-record', subjectId: saved.id, personId: person.id, after });
}

export async function recordPlanCopy(ctx: Context, plan: SupportPlan, f: z.infer<typeof planCopySchema>) {
  if (plan.status !== 'agreed') throw new ConflictError('The person’s agreement is recorded once the plan is agreed');
  if (f.copy_sent_on && f.copy_sent_on > ctx.today) throw new ValidationError([{ field: 'copy_sent_on', message: 'The date their copy was sent must be today or in the past' }]);
  const row = { plan_id: plan.id, person_agreed: f.person_agreed, note: f.note, copy_sent_on: f.copy_sent_on, copy_sent_how: f.copy_sent_how, recorded_by: ctx.actor.id };
  const saved = await insertPlanCopy(ctx.db, row);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'plan.person-agreement-recorded', subjectType: 'support-plan', subjectId: plan.id, personId: plan.person_id, after: { person_agreed: f.person_agreed, note: f.note, copy_sent_on: f.copy_sent_on, copy_sent_how: f.copy_sent_how, record: saved.id } });
}
