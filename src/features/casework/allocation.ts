import type { Person } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { currentAllocation, endAllocation, insertAllocation, workersOf } from './repository.js';

/**
 * Allocating a person to a worker of their team (the team's manager does it). The allocation
 * before is ended, not overwritten, so the record keeps who held the case and when.
 */
export async function allocatePerson(ctx: Context, person: Person, form: { worker: string }) {
  const workers = await workersOf(ctx.db, person.team_id);
  const worker = workers.find((w) => w.id === form.worker);
  if (!worker) throw new ValidationError([{ field: 'worker', message: 'Choose a worker in the person’s team' }]);
  const before = await currentAllocation(ctx.db, person.id);
  if (before?.worker_id === worker.id) return { worker: worker.display_name, changed: false };
  if (before) await endAllocation(ctx.db, person.id, `Reallocated to ${worker.display_name}`);
  await insertAllocation(ctx.db, { personId: person.id, workerId: worker.id, teamId: person.team_id, by: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: before ? 'person.reallocated' : 'person.allocated',
    subjectType: 'person',
    subjectId: person.id,
    personId: person.id,
    before: before ? { worker: before.worker_name } : null,
    after: { worker: worker.display_name },
  });
  return { worker: worker.display_name, changed: true };
}
