import type { Person, SupportPlan } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Actor } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { latestCompletedAssessmentOf } from '../assessments/repository.js';
import { EMPTY_PLAN, contentOf } from './plan-record.js';
import { insertPlanVersion, latestAgreedPlanOf, openPlanOf } from './repository.js';

export class PlanError extends ValidationError {}

/**
 * The person's draft: the one being written if there is one; otherwise a new version on their
 * latest completed assessment, copying the latest agreed version. Used by "Start a plan",
 * "Start a new version", a review that ends in a revision, and the person in My Selfdirect.
 */
export async function openDraftPlan(db: Executor, actor: Actor, person: Person): Promise<SupportPlan> {
  if (person.closed_on) throw new ConflictError('This record is closed');
  const open = await openPlanOf(db, person.id);
  if (open) return open;
  const [assessment, previous] = await Promise.all([latestCompletedAssessmentOf(db, person.id), latestAgreedPlanOf(db, person.id)]);
  if (!assessment) throw new PlanError([{ field: 'plan', message: 'Complete a needs assessment before starting a support plan' }]);
  const created = await insertPlanVersion(db, { person, assessmentId: assessment.id, previousId: previous?.id ?? null, createdBy: actor.kind === 'staff' ? actor.id : null, ...(actor.kind === 'staff' ? {} : { createdByAccount: actor.id }), content: previous ? contentOf(previous) : EMPTY_PLAN });
  await recordAudit(db, auditActor(actor), {
    action: previous ? 'plan.revision-started' : 'plan.started',
    subjectType: 'support-plan',
    subjectId: created.id,
    personId: person.id,
    after: { plan_number: created.plan_number, assessment_id: assessment.id, previous_id: previous?.id ?? null },
  });
  return created;
}
