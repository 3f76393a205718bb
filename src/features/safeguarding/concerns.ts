import type { Person, SafeguardingConcern } from '../../db/schema.js';
import { ConflictError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import type { AbuseCategory } from '../../domain/safeguarding/concern.js';
import { type ConcernDetail, insertConcern, updateConcernAtVersion } from './repository.js';

/**
 * Safeguarding concerns on a person's record. Staff who can see the person see a banner with the
 * concern and the action taken while it is open. Every record, update and view is audited.
 */
export async function raiseConcern(ctx: Context, person: Person, input: { raisedOn: string; category: AbuseCategory; concern: string; actionTaken: string } & ConcernDetail) {
  const created = await insertConcern(ctx.db, { personId: person.id, ...input, recordedBy: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'safeguarding.recorded', subjectType: 'safeguarding-concern', subjectId: created.id, personId: person.id, after: { raised_on: input.raisedOn, category: input.category, stage: input.stage, risk: input.risk, section_42: input.section42 } });
  return created;
}

/** Records further action, and closes the concern when it is resolved. */
export async function updateConcern(ctx: Context, { concern, person }: { concern: SafeguardingConcern; person: Person }, version: number, input: { actionTaken: string; closedOn: string | null } & ConcernDetail) {
  const updated = await updateConcernAtVersion(ctx.db, concern.id, version, input);
  if (!updated) throw new ConflictError('Someone else updated this concern while you were working on it. Look at it again and make your change');
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: input.closedOn ? 'safeguarding.closed' : 'safeguarding.updated',
    subjectType: 'safeguarding-concern',
    subjectId: concern.id,
    personId: person.id,
    before: { status: concern.status, stage: concern.stage, risk: concern.risk, section_42: concern.section_42 },
    after: { status: updated.status, closed_on: input.closedOn, stage: updated.stage, risk: updated.risk, section_42: updated.section_42 },
  });
  return updated;
}
