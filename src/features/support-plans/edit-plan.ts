import type { SupportPlan } from '../../db/schema.js';
import { type PlanContent, planChanges } from '../../domain/planning/changes.js';
import { ConflictError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { type PlanRecord, contentOf } from './plan-record.js';
import { contentColumns, updatePlanAtVersion } from './repository.js';

export const NOT_A_DRAFT = {
  agreed: 'This version of the plan is agreed and never changes. Start a new version to change it',
  'awaiting-sign-off': 'This plan is waiting for sign-off. It can be changed again if it is returned',
} as const;

/** Refuses to change anything but a draft. */
export function requireDraft(record: PlanRecord) {
  if (record.plan.status !== 'draft') throw new ConflictError(NOT_A_DRAFT[record.plan.status]);
}

/**
 * Changes a draft. The version the editor started from must still be current, so a second
 * editor's save is refused and they are told, never silently applied over the first. The audit
 * entry records what changed, in sentences.
 */
export async function editDraftPlan(ctx: Context, record: PlanRecord, version: number, what: string, change: (content: PlanContent) => PlanContent): Promise<SupportPlan> {
  requireDraft(record);
  if (record.plan.row_version !== version) throw new ConflictError('Someone else changed this support plan while you were working on it. Your change was not saved: look at the plan as it is now and make it again');
  const before = contentOf(record.plan);
  const after = change(before);
  const updated = await updatePlanAtVersion(ctx.db, record.plan.id, version, contentColumns(after));
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: `plan.${what}`, subjectType: 'support-plan', subjectId: record.plan.id, personId: record.person.id, after: { changes: planChanges(before, after) } });
  return updated;
}
