import type { DpAgreement } from '../../db/schema.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';

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
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'direct-payment.letter-sent', subjectType: 'dp-letter', subjectId: sent.id, personId: agreement.person_id, after: { kind, subject_id: subjectId, title: letter.title } });
  return sent;
}

export async function lettersOf(db: Executor, agreementId: string) {
  return db.selectFrom('dp_letters').select(['id', 'kind', 'title', 'sent_on']).where('agreement_id', '=', agreementId).orderBy('sent_on').orderBy('created_at').execute();
}

export async function letterById(db: Executor, id: string) {
  return db.selectFrom('dp_letters').selectAll().where('id', '=', id).executeTakeFirst();
}
