import type { Person } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { updatePersonAtVersion } from '../people/repository.js';
import { allTeams, endAllocation, insertTransfer } from './repository.js';

/**
 * Moving a person to another team, with the reason: the record, its plans, reviews and accounts
 * follow the person's team, so the old team loses access at once (unless its workers are also in
 * the new team). The allocation ends: the new team's manager allocates.
 */
export async function transferPerson(ctx: Context, person: Person, form: { team: string; reason: string; version: number }) {
  const teams = await allTeams(ctx.db);
  const to = teams.find((t) => t.id === form.team);
  if (!to) throw new ValidationError([{ field: 'team', message: 'Choose the team to transfer them to' }]);
  if (to.id === person.team_id) throw new ValidationError([{ field: 'team', message: 'They are already in this team: choose another' }]);
  const from = teams.find((t) => t.id === person.team_id);
  const moved = await updatePersonAtVersion(ctx.db, person.id, form.version, { team_id: to.id });
  if (!moved) throw new ConflictError();
  await insertTransfer(ctx.db, { personId: person.id, fromTeamId: person.team_id, toTeamId: to.id, reason: form.reason, by: ctx.actor.id });
  await endAllocation(ctx.db, person.id, `Transferred to ${to.name}`);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'person.transferred', subjectType: 'person', subjectId: person.id, personId: person.id, before: { team: from?.name ?? null }, after: { team: to.name }, reason: form.reason });
  return { team: to.name, stillReadable: ctx.actor.teamIds.includes(to.id) };
}
