import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { insertTeam, renameTeamAtVersion, teamNamed } from './repository.js';

const TAKEN = [{ field: 'name', message: 'There is already a team with this name' }];

export async function createTeam(ctx: Context, name: string) {
  if (await teamNamed(ctx.db, name, null)) throw new ValidationError(TAKEN);
  const team = await insertTeam(ctx.db, name);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'team.created', subjectType: 'team', subjectId: team.id, after: { name } });
  return team;
}

export async function renameTeam(ctx: Context, before: { id: string; name: string; version: number }, name: string, version: number) {
  if (before.version !== version) throw new ConflictError();
  if (await teamNamed(ctx.db, name, before.id)) throw new ValidationError(TAKEN);
  if (!(await renameTeamAtVersion(ctx.db, before.id, version, name))) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'team.renamed', subjectType: 'team', subjectId: before.id, before: { name: before.name }, after: { name } });
}
