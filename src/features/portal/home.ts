import type { CitizenActor, RecordPart } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { latestAgreementOf } from '../plan-agreement/repository.js';

/** What My Selfdirect's first page shows for each person the actor may see; each read audited as them. */
export async function portalHome(db: Executor, actor: CitizenActor) {
  const grants = actor.kind === 'person' ? [{ personId: actor.personId, parts: ['assessment', 'plan', 'money', 'messages'] as RecordPart[] }] : actor.grants;
  const people = [];
  for (const grant of grants) {
    const person = await db.selectFrom('people').select(['id', 'given_name', 'preferred_name', 'family_name']).where('id', '=', grant.personId).executeTakeFirst();
    if (!person) continue;
    const plan = grant.parts.includes('plan')
      ? await db.selectFrom('support_plans').select(['id', 'status', 'agreed_on', 'plan_number']).where('person_id', '=', person.id).orderBy('plan_number', 'desc').limit(1).executeTakeFirst()
      : undefined;
    const review = grant.parts.includes('plan')
      ? await db.selectFrom('reviews').select(['due_by']).where('person_id', '=', person.id).where('status', '=', 'scheduled').orderBy('due_by').limit(1).executeTakeFirst()
      : undefined;
    const lastReview = grant.parts.includes('plan')
      ? await db.selectFrom('reviews').select(['reviewed_on', 'result']).where('person_id', '=', person.id).where('status', '=', 'completed').orderBy('reviewed_on', 'desc').limit(1).executeTakeFirst()
      : undefined;
    const agreement = plan?.status === 'agreed' ? await latestAgreementOf(db, plan.id) : undefined;
    await recordAudit(db, auditActor(actor), { action: 'portal.person-viewed', subjectType: 'person', subjectId: person.id, personId: person.id });
    people.push({ person, parts: grant.parts, plan, review, lastReview, agreement, own: actor.kind === 'person' });
  }
  return people;
}
