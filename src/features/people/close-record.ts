import type { DpAgreement, Person } from '../../db/schema.js';
import { formatPence } from '../../domain/money/pence.js';
import { ValidationError } from '../../errors.js';
import { formatDate } from '../../web/format.js';
import type { Context, Executor } from '../../web/route.js';
import { endDirectPayment } from '../direct-payments/agreements.js';
import { agreementsPayingAfter, paidThrough } from '../direct-payments/changes-repository.js';
import { concernsAbout } from '../safeguarding/repository.js';
import { latestAgreedPlanOf } from '../support-plans/repository.js';
import { closePerson } from './record-person.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { endOpenServicesOf } from '../statutory-returns/repository.js';

/**
 * Closing a record (a death, a move, support no longer needed) shows what is still open — direct
 * payments still paying, the agreed plan, safeguarding concerns — and the officer decides: the
 * direct payments end on a day they choose (nothing is paid for a day after it), and an open
 * concern must be looked at first. Closing and ending are one transaction.
 */
export async function openOnRecord(db: Executor, person: Person, today: string) {
  const [payments, plan, concerns] = await Promise.all([agreementsPayingAfter(db, person.id, today), latestAgreedPlanOf(db, person.id), concernsAbout(db, person.id)]);
  return { today, payments, paid: await paidThrough(db, payments.map((a) => a.id)), plan: plan ?? null, concerns: concerns.filter((c) => !c.closed_on) };
}
export type OpenOnRecord = Awaited<ReturnType<typeof openOnRecord>>;

/** What is open, in words for the close page. Pure. */
export function openItems(open: OpenOnRecord) {
  return {
    payments: open.payments.map((a: DpAgreement) => {
      const through = open.paid.get(a.id);
      const paid = through ? `, paid up to ${formatDate(through)}${through > open.today ? ': money for the days after the last day you choose will need to come back' : ''}` : ', nothing paid yet';
      return `${a.reference}: ${formatPence(a.net_weekly_pence)} a week to ${a.recipient_name}, paid ${a.frequency}, from ${formatDate(a.start_on)}${a.end_on ? ` to ${formatDate(a.end_on)}` : ''}${paid}`;
    }),
    plan: open.plan ? `Support plan ${open.plan.plan_number}, agreed ${formatDate(open.plan.agreed_on)}` : null,
    concerns: open.concerns.map((c) => `Raised ${formatDate(c.raised_on)}: ${c.concern.length > 120 ? `${c.concern.slice(0, 117)}…` : c.concern}`),
  };
}

export interface CloseForm {
  closure_reason: string;
  version: number;
  payments_end_on: string | null;
  concerns_checked: string[];
}

export async function closeRecord(ctx: Context, person: Person, form: CloseForm) {
  const open = await openOnRecord(ctx.db, person, ctx.today);
  const problems: { field: string; message: string }[] = [];
  if (open.payments.length && !form.payments_end_on) problems.push({ field: 'payments_end_on', message: 'Enter the last day the direct payments pay for' });
  if (form.payments_end_on && form.payments_end_on > ctx.today) problems.push({ field: 'payments_end_on', message: 'The last day paid for must be today or earlier: the record closes today' });
  if (open.concerns.length && !form.concerns_checked.includes('yes')) problems.push({ field: 'concerns_checked', message: 'Confirm you have looked at the open safeguarding concern before closing the record' });
  if (problems.length) throw new ValidationError(problems);
  const closed = await closePerson(ctx, person, form.version, form.closure_reason);
  for (const agreement of open.payments) await endDirectPayment(ctx, agreement, form.payments_end_on!, `Record closed: ${form.closure_reason}`);
  // The statutory return: the person's services end with the record (at their death, if it is recorded).
  const ended = await endOpenServicesOf(ctx.db, person.id, person.date_of_death ?? ctx.today, person.date_of_death ? 'NFA: Deceased' : 'NFA: Support ended for other reason');
  if (ended.length) await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'cld-events.ended', subjectType: 'person', subjectId: person.id, personId: person.id, after: { services: ended } });
  return closed;
}
