import type { Person, PortalMessageKind } from '../../db/schema.js';
import { ConflictError } from '../../errors.js';
import { paths } from '../../paths.js';
import type { CitizenActor, StaffActor } from '../../policies/index.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { queueMessage } from '../outbox/repository.js';
import { actingAs } from '../portal/acting.js';
import { readersOf } from '../portal/repository.js';
import { insertMessage, markDealtWith } from './repository.js';

/**
 * Asking and telling: a person or representative writes to the council from My Selfdirect (a
 * message, a request for a review, or a change of circumstances), and the worker replies. Each is
 * audited; a reply is emailed to those who see the messages — only that there is one, never its words.
 */
export async function sendFromPortal(ctx: Context, citizen: CitizenActor, person: Person, m: { kind: PortalMessageKind; topic: string | null; body: string }) {
  if (person.closed_on) throw new ConflictError('This record is closed. Contact the council by phone or email');
  const sent = await insertMessage(ctx.db, { personId: person.id, kind: m.kind, topic: m.topic, body: m.body, fromAccount: citizen.id, fromLabel: await actingAs(ctx.db, citizen, person.id) });
  await recordAudit(ctx.db, auditActor(citizen), { action: `message.${m.kind}`, subjectType: 'portal-message', subjectId: sent.id, personId: person.id, after: { kind: m.kind, topic: m.topic } });
  return sent;
}

export async function replyFromStaff(ctx: Context, actor: StaffActor, person: Person, body: string) {
  const sent = await insertMessage(ctx.db, { personId: person.id, kind: 'message', topic: null, body, fromStaff: actor.id, fromLabel: `${actor.displayName}, ${ctx.config.councilName}` });
  const dealtWith = await markDealtWith(ctx.db, person.id, actor.id);
  await recordAudit(ctx.db, auditActor(actor), { action: 'message.replied', subjectType: 'portal-message', subjectId: sent.id, personId: person.id, after: { dealt_with: dealtWith } });
  for (const reader of await readersOf(ctx.db, person.id, 'messages')) {
    await queueMessage(ctx, {
      template: 'letter',
      to: reader.email,
      personalisation: { name: reader.display_name, title: 'You have a new message', body: `There is a new message from the council in My Selfdirect. Sign in to read it: ${ctx.config.publicUrl}${paths.portal.signIn()}` },
      reference: `portal-message-${sent.id}-${reader.id}`,
      personId: person.id,
    });
  }
  return sent;
}

export async function dealWith(ctx: Context, actor: StaffActor, person: Person) {
  const dealtWith = await markDealtWith(ctx.db, person.id, actor.id);
  if (dealtWith === 0) throw new ConflictError('Nothing is waiting: someone has dealt with it already');
  await recordAudit(ctx.db, auditActor(actor), { action: 'message.dealt-with', subjectType: 'person', subjectId: person.id, personId: person.id, after: { dealt_with: dealtWith } });
  return dealtWith;
}
