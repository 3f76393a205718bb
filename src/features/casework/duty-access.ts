import type { Person } from '../../db/schema.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { insertOutOfTeamAccess } from './repository.js';

/** How long a reason opens someone else's record for: a duty shift, at most. */
export const OUT_OF_TEAM_HOURS = 12;

/**
 * A duty or out-of-hours worker opens the record of someone outside their teams, giving the
 * reason. It is kept (and shown to the owning team's managers on the access report), the audit
 * trail says so, and the record reads as their team's would for the hours of a shift.
 */
export async function openWithReason(ctx: Context, person: Person, form: { reason: string }) {
  const expiresAt = new Date(Date.now() + OUT_OF_TEAM_HOURS * 3_600_000);
  await insertOutOfTeamAccess(ctx.db, { personId: person.id, userId: ctx.actor.id, teamId: person.team_id, reason: form.reason, expiresAt });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'person.opened-outside-team', subjectType: 'person', subjectId: person.id, personId: person.id, after: { until: expiresAt.toISOString() }, reason: form.reason });
}
