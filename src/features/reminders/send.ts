import type { Kysely } from 'kysely';
import type { CheckPolicy } from '../../domain/directory/checks.js';
import { addDays } from '../../domain/directory/checks.js';
import type { Database } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { checksToActOn } from '../directory/entries.js';
import { queueMessage } from '../outbox/repository.js';
import { readersOf } from '../portal/repository.js';
import { auditsComingUp, employersOf, markSent, reviewsComingUp } from './due.js';
import { type ReminderKind, reminderMessage } from './messages.js';

/**
 * The `daily-reminders` job (issue 18): tells people with a My Selfdirect account, through the
 * outbox, that a review is coming up (28 days before it can start), that their direct payment's
 * annual check is due (30 days before), or that a check on a personal assistant they employ runs
 * out (as the directory's policy counts "due soon"). Each reminder is marked sent in the same
 * transaction as its messages are queued: a crash sends nothing twice and loses nothing.
 */
export const REVIEW_NOTICE_DAYS = 28;
export const AUDIT_NOTICE_DAYS = 30;

export interface RemindersSent {
  reviews: number;
  audits: number;
  checks: number;
  messages: number;
}

const PART: Record<ReminderKind, 'plan' | 'money'> = { 'review-due': 'plan', 'audit-due': 'money', 'check-expiry': 'money' };

export async function sendReminders(db: Kysely<Database>, today: string, settings: { publicUrl: string; checkPolicy: CheckPolicy }): Promise<RemindersSent> {
  const sent: RemindersSent = { reviews: 0, audits: 0, checks: 0, messages: 0 };
  const signIn = `${settings.publicUrl}${paths.portal.signIn()}`;
  const remind = async (kind: ReminderKind, item: { subjectId: string; personId: string; dueOn: string; assistant?: string }) =>
    db.transaction().execute(async (trx) => {
      if (!(await markSent(trx, kind, item.subjectId, item.personId, today))) return false;
      const message = reminderMessage(kind, item, signIn);
      for (const reader of await readersOf(trx, item.personId, PART[kind])) {
        await queueMessage({ db: trx }, { template: 'letter', to: reader.email, personalisation: { name: reader.display_name, ...message }, reference: `${kind}-${item.subjectId}-${reader.id}`, personId: item.personId });
        sent.messages += 1;
      }
      return true;
    });

  for (const review of await reviewsComingUp(db, today, addDays(today, REVIEW_NOTICE_DAYS))) if (await remind('review-due', review)) sent.reviews += 1;
  for (const audit of await auditsComingUp(db, today, addDays(today, AUDIT_NOTICE_DAYS))) if (await remind('audit-due', audit)) sent.audits += 1;

  // Checks on personal assistants: due soon or overdue, the latest of each kind.
  const running = (await checksToActOn(db, today, settings.checkPolicy)).filter((c) => c.entry.kind === 'personal-assistant' && c.state !== 'missing' && c.dueOn);
  if (running.length > 0) {
    const checkIds = await db.selectFrom('directory_checks').select(['id', 'entry_id', 'check_type']).where('entry_id', 'in', running.map((c) => c.entry.id)).orderBy('checked_on', 'desc').execute();
    const latest = new Map<string, string>();
    for (const c of checkIds) if (!latest.has(`${c.entry_id}/${c.check_type}`)) latest.set(`${c.entry_id}/${c.check_type}`, c.id);
    const employers = await employersOf(db, [...new Set(running.map((c) => c.entry.id))]);
    for (const check of running) {
      const subjectId = latest.get(`${check.entry.id}/${check.what}`);
      if (!subjectId) continue;
      for (const employer of employers.filter((e) => e.entryId === check.entry.id)) {
        if (await remind('check-expiry', { subjectId, personId: employer.personId, dueOn: check.dueOn!, assistant: check.entry.name })) sent.checks += 1;
      }
    }
  }
  return sent;
}
