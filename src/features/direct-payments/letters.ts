import type { DpAgreement } from '../../db/schema.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { queueMessage } from '../outbox/repository.js';
import { readersOf } from '../portal/repository.js';

/**
 * Letters to the person, kept on the account's record as they were sent (the dp_letters table):
 * the officer records sending from the letter's page, and the words then are what the record
 * shows, whatever changes later.
 */
export interface LetterContent {
  title: string;
  address: string[];
  paragraphs: string[];
}

export async function recordLetterSent(ctx: Context, agreement: DpAgreement, kind: 'reclaim' | 'variation' | 'contribution' | 'ending', subjectId: string | null, letter: LetterContent) {
  const sent = await ctx.db
    .insertInto('dp_letters')
    .values({ agreement_id: agreement.id, kind, subject_id: subjectId, title: letter.title, address: JSON.stringify(letter.address), paragraphs: JSON.stringify(letter.paragraphs), sent_on: ctx.today, sent_by: ctx.actor.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await emailCopies(ctx, agreement, kind, sent.id, letter);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'direct-payment.letter-sent', subjectType: 'dp-letter', subjectId: sent.id, personId: agreement.person_id, after: { kind, subject_id: subjectId, title: letter.title } });
  return sent;
}

/**
 * A copy goes by email (through the outbox) to everyone who sees the person's money in My
 * Selfdirect — never to the person's own account when the letter is about their death.
 */
async function emailCopies(ctx: Context, agreement: DpAgreement, kind: string, letterId: string, letter: LetterContent) {
  const readers = await readersOf(ctx.db, agreement.person_id, 'money');
  const afterDeath = kind === 'ending' && agreement.ended_because === 'died';
  for (const reader of readers) {
    if (afterDeath && reader.representative_id === null) continue;
    await queueMessage(ctx, { template: 'letter', to: reader.email, personalisation: { name: reader.display_name, title: letter.title, body: letter.paragraphs.join('\n\n') }, reference: `dp-letter-${letterId}`, personId: agreement.person_id });
  }
}

export async function lettersOf(db: Executor, agreementId: string) {
  return db.selectFrom('dp_letters').select(['id', 'kind', 'title', 'sent_on']).where('agreement_id', '=', agreementId).orderBy('sent_on').orderBy('created_at').execute();
}

export async function letterById(db: Executor, id: string) {
  return db.selectFrom('dp_letters').selectAll().where('id', '=', id).executeTakeFirst();
}
