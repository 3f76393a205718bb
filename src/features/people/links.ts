import type { Person } from '../../db/schema.js';
import { isUnpaidCarer } from '../../domain/cld/code-lists.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { teamsVisibleTo } from '../../policies/people.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { currentCarerLink, endCarerLinkOf, endRepresentativeOf, findPersonByReference, insertCarerLink, insertRepresentative } from './repository.js';

/** Representatives and carer links on a person's record: added, and ended (never deleted). */

export async function addRepresentative(ctx: Context, person: Person, representative: { kind: string; name: string; relationship: string | null; phone: string | null; email: string | null; address: string | null }) {
  const row = await insertRepresentative(ctx.db, person.id, representative);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'representative.added', subjectType: 'representative', subjectId: row.id, personId: person.id, after: representative });
  return row;
}

export async function endRepresentative(ctx: Context, person: Person, representativeId: string, reason: string) {
  const ended = await endRepresentativeOf(ctx.db, person.id, representativeId, { on: ctx.today, reason });
  if (!ended) throw new NotFoundError('representative');
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'representative.ended', subjectType: 'representative', subjectId: representativeId, personId: person.id, after: { ended_on: ctx.today }, reason });
}

/** Links an unpaid carer, who has a record of their own in one of the actor's teams, to the person they care for. */
export async function linkCarer(ctx: Context, person: Person, carerReference: string, relationship: string | null, hoursCaringPerWeek: number | null = null) {
  const carer = await findPersonByReference(ctx.db, carerReference, teamsVisibleTo(ctx.actor));
  if (!carer) throw new ValidationError([{ field: 'carer_reference', message: 'No carer with that reference was found in your teams' }]);
  if (carer.id === person.id) throw new ValidationError([{ field: 'carer_reference', message: 'A person cannot be their own carer' }]);
  if (!isUnpaidCarer(carer.client_type)) throw new ValidationError([{ field: 'carer_reference', message: `${carer.reference} is not recorded as an unpaid carer. Change their client type to Unpaid carer first` }]);
  if (await currentCarerLink(ctx.db, person.id, carer.id)) throw new ValidationError([{ field: 'carer_reference', message: `${carer.reference} is already linked as a carer` }]);
  const link = await insertCarerLink(ctx.db, { caredForId: person.id, carerId: carer.id, relationship, hoursCaringPerWeek });
  for (const subject of [person.id, carer.id]) {
    await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'carer-link.added', subjectType: 'carer-link', subjectId: link.id, personId: subject, after: { cared_for_person_id: person.id, carer_person_id: carer.id, relationship, hours_caring_per_week: hoursCaringPerWeek } });
  }
  return link;
}

export async function endCarerLink(ctx: Context, person: Person, linkId: string, reason: string) {
  const ended = await endCarerLinkOf(ctx.db, person.id, linkId, { on: ctx.today, reason });
  if (!ended) throw new NotFoundError('carer link');
  for (const subject of [ended.cared_for_person_id, ended.carer_person_id]) {
    await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'carer-link.ended', subjectType: 'carer-link', subjectId: linkId, personId: subject, after: { ended_on: ctx.today }, reason });
  }
}
