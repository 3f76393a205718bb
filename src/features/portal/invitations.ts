import { ConflictError, ValidationError } from '../../errors.js';
import type { Person } from '../../db/schema.js';
import type { RecordPart } from '../../policies/index.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { queueMessage } from '../outbox/repository.js';
import { insertGrant, upsertAccount, withdrawGrant } from './repository.js';

/**
 * Staff invite a person, or one of their representatives, to My Selfdirect: the email address
 * becomes an account, linked to the person's record with what it may see (everything for the
 * person; everything or some parts for a representative), and an invitation goes through the
 * outbox. Withdrawing ends the link at once (the account's sessions stop reaching the record).
 */
export const ALL_PARTS: RecordPart[] = ['assessment', 'plan', 'money', 'messages'];

export interface Invitation {
  who: 'person' | string;
  email: string;
  parts: RecordPart[];
}

export async function inviteToPortal(ctx: Context, person: Person, representatives: { id: string; name: string }[], input: Invitation) {
  const representative = input.who === 'person' ? null : representatives.find((r) => r.id === input.who);
  if (input.who !== 'person' && !representative) throw new ValidationError([{ field: 'who', message: 'Choose the person or one of their representatives' }]);
  if (representative && input.parts.length === 0) throw new ValidationError([{ field: 'parts', message: 'Choose at least one thing they may see' }]);
  const name = representative ? representative.name : person.preferred_name || person.given_name;
  const account = await upsertAccount(ctx.db, input.email, representative ? representative.name : `${name}`);
  const parts = representative ? input.parts : ALL_PARTS;
  const grant = await insertGrant(ctx.db, { accountId: account.id, personId: person.id, representativeId: representative?.id ?? null, parts, invitedBy: ctx.actor.id });
  if (!grant) throw new ConflictError(`${input.email} can already use My Selfdirect for ${person.given_name} ${person.family_name}`);
  await queueMessage(ctx, {
    template: 'portal-invitation',
    to: input.email,
    personalisation: { name, council: ctx.config.councilName, link: `${ctx.config.publicUrl}/my/sign-in`, for: representative ? `${person.preferred_name || person.given_name} ${person.family_name}` : 'you' },
    reference: 'portal-invitation',
    personId: person.id,
  });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'portal.invited', subjectType: 'portal-grant', subjectId: grant.id, personId: person.id, after: { representative_id: representative?.id ?? null, parts } });
  return grant;
}

export async function withdrawFromPortal(ctx: Context, grant: { id: string; person_id: string }, reason: string) {
  if (!(await withdrawGrant(ctx.db, grant.id, ctx.actor.id, reason))) throw new ConflictError('This access was already withdrawn');
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'portal.withdrawn', subjectType: 'portal-grant', subjectId: grant.id, personId: grant.person_id, reason });
}
