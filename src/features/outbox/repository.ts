import { sql } from 'kysely';
import type { Executor } from '../../web/route.js';

/**
 * The outbox (the outbox_messages table): every message Selfdirect sends is written here in the
 * transaction of the change that caused it, then delivered by a job. A message is claimed before
 * it is sent (status 'sending', its attempt counted), so a process that dies mid-delivery leaves
 * it to be claimed again once the claim is stale; nothing is ever lost between commit and send.
 */
export type OutboxTemplate = 'sign-in-code' | 'portal-invitation' | 'staff-invitation' | 'letter';

export interface NewMessage {
  template: OutboxTemplate;
  to: string;
  personalisation: Record<string, string>;
  /** Fields of the personalisation removed once sent (a sign-in code), so the outbox keeps no secret. */
  secret?: string[];
  /** Our reference for the message (never personal data): the provider is given it too. */
  reference?: string | null;
  personId?: string | null;
}

/**
 * Writes a message to the outbox in the caller's transaction: it goes only if the change that
 * caused it commits, and is never lost after that. The request counts what it queued, so the
 * pipeline asks for delivery straight after the commit (the minute's sweep catches the rest).
 */
export async function queueMessage(ctx: { db: Executor; queued?: { count: number } }, m: NewMessage) {
  if (ctx.queued) ctx.queued.count++;
  return ctx.db
    .insertInto('outbox_messages')
    .values({ template: m.template, recipient: m.to, personalisation: JSON.stringify(m.personalisation), secret_fields: m.secret ?? [], reference: m.reference ?? null, person_id: m.personId ?? null })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Claims the next message due (pending and due now, or sending with a stale claim), counting the
 * attempt. SKIP LOCKED lets two deliverers work side by side without sending one message twice.
 */
export async function claimNextMessage(db: Executor, now: Date, claimSeconds: number) {
  const stale = new Date(now.getTime() - claimSeconds * 1000);
  const next = await db
    .selectFrom('outbox_messages')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)])]))
    .orderBy('created_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!next) return undefined;
  return db.updateTable('outbox_messages').set({ status: 'sending', claimed_at: now, attempts: sql`attempts + 1` }).where('id', '=', next.id).returningAll().executeTakeFirstOrThrow();
}

export async function markSent(db: Executor, id: string, providerId: string | null, keepSecrets: boolean) {
  await db
    .updateTable('outbox_messages')
    .set({
      status: 'sent',
      sent_at: new Date(),
      provider_id: providerId,
      last_error: null,
      // The secret fields go once the message has gone: a code is in the email, not in the database.
      ...(keepSecrets ? {} : { personalisation: sql`personalisation - secret_fields` }),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** A failed attempt: tried again after `retryAt`, or, after the last attempt, failed for good. */
export async function markAttemptFailed(db: Executor, id: string, error: string, retryAt: Date | null) {
  await db
    .updateTable('outbox_messages')
    .set(retryAt ? { status: 'pending', next_attempt_at: retryAt, last_error: error, claimed_at: null } : { status: 'failed', last_error: error, claimed_at: null, personalisation: sql`personalisation - secret_fields` })
    .where('id', '=', id)
    .execute();
}

export async function recentMessages(db: Executor, limit = 50) {
  return db.selectFrom('outbox_messages').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

export async function messageCounts(db: Executor) {
  return db.selectFrom('outbox_messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
}
