import { type LetterPerson, letterAddress } from '../../web/letter-pdf.js';
import { RISKS, type Risk, STAGES, type Stage } from '../../domain/safeguarding/concern.js';
import type { DpAgreement, DpAudit, PaymentRun, Reclaim } from '../../db/schema.js';
import { FLAG_TEXT, type Flag } from '../../domain/direct-payments/matching.js';
import { formatPence } from '../../domain/money/pence.js';
import type { SupportLine } from '../../domain/planning/plan.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { pagination, shownRange } from '../../web/pagination.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { PlanForAgreement } from './agreements.js';
import type { monitorAccount } from './monitoring.js';
import type { RunPayment } from './payment-runs.js';
import { type Cell, captionedTable } from '../../web/tables.js';
import { explanationNotes } from '../portal-money/presenters.js';
import { QUEUES, QUEUE_PAGE, type QueueName, queueHref } from './queues.js';

/** The direct payments pages, from what the routes loaded: pure. */

export type Values = Record<string, string | string[]>;
export const value = (values: Values, key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);

export const RECIPIENTS = { person: 'The person', 'nominated-person': 'A nominated person (the person has capacity)', 'authorised-person': 'An authorised person (the person lacks capacity, Care Act s32)' };
export const ACCOUNTS = { 'prepaid-card': 'Prepaid card account', 'bank-account': 'Bank account', 'managed-account': 'Managed account (payroll or account-support service)' };
export const FREQUENCIES = { 'four-weekly': 'Every 4 weeks, in advance', weekly: 'Every week, in advance', monthly: 'Every month, in advance' };
export const OUTCOMES = { 'no-concerns': 'No concerns', 'advice-given': 'Advice given', 'reclaim-proposed': 'A reclaim was proposed', referred: 'Referred for a review or investigation' };
export const items = (choices: Record<string, string>, selected: string | undefined) => Object.entries(choices).map(([v, text]) => ({ value: v, text, checked: v === selected }));
/** A captioned table, or nothing when there is nothing to list. */
const table = (caption: string, head: Cell[], rows: Cell[][]) => (rows.length ? captionedTable(caption, head, rows) : null);
const numeric = (text: string) => ({ text, format: 'numeric' });
const toIndex = { href: paths.directPayments.index(), text: 'Direct payments' };

export interface IndexFigures {
  year: number;
  queues: QueuePreview[];
  accounts: (DpAgreement & { given_name: string; family_name: string; balance: number; proposedReclaim: number; flagged: number })[];
  /** The accounts are a page of this many, of `total`. */
  total: number;
  page: number;
  pageSize: number;
}

/** A queue as loaded: its name, a window of its rows (already cells) and how many it holds. */
export interface QueuePreview { name: QueueName; total: number; rows: Cell[][] }

export function toEndRow(e: { id: string; reference: string; given_name: string; family_name: string; plan_number: number; agreed_on: string | null }): Cell[] {
  return [
    { html: `<a class="govuk-link" href="${paths.directPayments.end(e.id)}">End ${escapeHtml(e.reference)} for ${escapeHtml(`${e.given_name} ${e.family_name}`)}</a>` },
    { text: `Version ${e.plan_number}${e.agreed_on ? `, agreed ${formatDate(e.agreed_on)}` : ''}` },
  ];
}

export function toSetUpRow(p: { id: string; agreed_on: string | null; statement: { directPayment: { netWeeklyPence: number } | null } | null; reference: string; given_name: string; family_name: string; paying: string | null }): Cell[] {
  return [
    { html: `<a class="govuk-link" href="${paths.directPayments.create(p.id)}">${p.paying ? `Vary ${escapeHtml(p.paying)} for` : 'Set up for'} ${escapeHtml(`${p.given_name} ${p.family_name}`)}</a> (${escapeHtml(p.reference)})` },
    { text: p.agreed_on ? formatDate(p.agreed_on) : '' },
    numeric(formatPence(p.statement?.directPayment?.netWeeklyPence ?? 0)),
  ];
}

export function auditRow(a: { id: string; due_on: string; reference: string; given_name: string; family_name: string }): Cell[] {
  return [{ html: `<a class="govuk-link" href="${paths.directPayments.audit(a.id)}">${escapeHtml(a.reference)}</a>` }, { text: `${a.given_name} ${a.family_name}` }, { text: formatDate(a.due_on) }];
}

/** The first few of a queue on the accounts page, with a link to all of it when there are more. */
function queuePreview(q: QueuePreview) {
  const { caption, head } = QUEUES[q.name];
  return {
    table: captionedTable(q.total > q.rows.length ? `${caption}: the first ${q.rows.length} of ${q.total.toLocaleString('en-GB')}` : caption, head, q.rows),
    more: q.total > q.rows.length ? { href: queueHref(q.name), text: `See all ${q.total.toLocaleString('en-GB')}`, hidden: ` ${caption.toLowerCase()}` } : null,
  };
}

/** A queue on its own page, a page at a time. */
export function queuePage(q: QueuePreview & { page: number }) {
  const { caption, head } = QUEUES[q.name];
  return {
    title: caption,
    table: q.total ? captionedTable(`${q.total.toLocaleString('en-GB')} in all${shownRange(q.page, QUEUE_PAGE, q.rows.length, q.total)}`, head, q.rows) : null,
    pagination: pagination(q.page, QUEUE_PAGE, q.total, queueHref(q.name)),
    backLink: toIndex,
  };
}

export function indexPage(f: IndexFigures) {
  return {
    title: 'Direct payments',
    spend: { href: paths.directPayments.spend(f.year), text: `Actual spend, ${f.year} to ${f.year + 1} (CSV for the equity review)` },
    queues: f.queues.filter((q) => q.total > 0).map((q) => queuePreview(q)),
    pagination: pagination(f.page, f.pageSize, f.total, paths.directPayments.index()),
    accounts: table(
      f.total > f.accounts.length ? `Accounts ${f.pageSize * (f.page - 1) + 1} to ${f.pageSize * (f.page - 1) + f.accounts.length} of ${f.total.toLocaleString('en-GB')}` : 'Accounts',
      [{ text: 'Account' }, { text: 'Person' }, { text: 'Paid' }, { text: 'Balance', format: 'numeric' }, { text: 'Above the threshold', format: 'numeric' }, { text: 'Flagged transactions', format: 'numeric' }],
      f.accounts.map((a) => [
        { html: `<a class="govuk-link" href="${paths.directPayments.account(a.id)}">${escapeHtml(a.reference)}</a>` },
        { text: `${a.given_name} ${a.family_name}` },
        { text: `${formatPence(a.net_weekly_pence)} a week, ${FREQUENCIES[a.frequency].toLowerCase()}${a.end_on ? `; ended ${formatDate(a.end_on)}` : ''}` },
        numeric(formatPence(a.balance)),
        numeric(a.proposedReclaim ? formatPence(a.proposedReclaim) : ''),
        numeric(String(a.flagged)),
      ]),
    ),
  };
}

export function agreementPage({ plan, person, directPayment, representatives, paying, contributionFrom }: PlanForAgreement & { paying: DpAgreement[]; contributionFrom?: string | null }, values: Values, errors?: FieldError[]) {
  const current = paying[0];
  return {
    title: current ? `Vary ${current.reference} for the new plan` : 'Set up a direct payment',
    varyAction: paths.directPayments.vary(plan.id),
    createAction: paths.directPayments.create(plan.id),
    variation: current
      ? {
          reference: current.reference,
          now: `${current.reference} pays ${formatPence(current.net_weekly_pence)} a week (${FREQUENCIES[current.frequency].toLowerCase()}) to ${current.recipient_name}.`,
          fromHint: contributionFrom ? `The person’s contribution changed with their financial assessment of ${formatDate(contributionFrom)}: the new amount usually starts then` : 'Usually the day the new plan starts',
          next: `From the day you choose it will pay ${formatPence(directPayment.netWeeklyPence)} a week, for this plan. The period that day falls in is paid for the days at each amount; anything already paid at the old amount is put right in the next payment. The account, its balance, any reclaim waiting to be taken and its monitoring carry on as they are.`,
        }
      : null,
    caption: `${person.given_name} ${person.family_name} (${person.reference})`,
    amount: `${formatPence(directPayment.netWeeklyPence)} a week: ${formatPence(directPayment.grossWeeklyPence)} for the lines paid this way, less the person’s contribution`,
    representatives: representatives.map((r) => `${r.name} (${r.kind.replace('-', ' ')})`).join(', '),
    values,
    recipientItems: items(RECIPIENTS, value(values, 'recipient_kind')),
    accountItems: items(ACCOUNTS, value(values, 'account_kind')),
    cardItems: items({ accepted: 'Chose a prepaid card', declined: 'Declined a prepaid card' }, value(values, 'prepaid_card_choice')),
    frequencyItems: items(FREQUENCIES, value(values, 'frequency')),
    contributionItems: items({ yes: 'Yes: check that it arrives', no: 'No: it is collected another way' }, value(values, 'contribution_into_account') ?? 'no'),
    ...presentErrors(errors, { recipient_kind: 'recipient_kind', account_kind: 'account_kind', prepaid_card_choice: 'prepaid_card_choice', start_on: 'start_on-day', frequency: 'frequency', from_on: 'from_on-day' }),
    backLink: toIndex,
  };
}

/** Where a letter goes: the person's name and address, the lines they have. */
export { type LetterPerson, letterAddress };

/** A letter as it was sent, from the record. Pure. */
export function sentLetterPage(letter: { title: string; address: string[]; paragraphs: string[]; sent_on: string }, agreement: DpAgreement) {
  return {
    title: letter.title,
    address: letter.address,
    date: formatDate(letter.sent_on),
    paragraphs: letter.paragraphs,
    sentOn: `Sent on ${formatDate(letter.sent_on)}. This is the letter as it went; it does not change.`,
    backLink: { href: paths.directPayments.account(agreement.id), text: 'Back to the account' },
  };
}

/** The note to the person about a contribution that has not arrived: kind, plain, and what they can do. Pure. */
export function contributionNote(a: { agreement: DpAgreement; person: { given_name: string; preferred_name: string | null; family_name: string; address_line_1: string | null; address_line_2: string | null; town: string | null; postcode: string | null }; weeklyPence: number; check: { expectedPence: number; receivedPence: number; shortfallPence: number } }, today: string, contact: string) {
  return {
    title: 'Your contribution to your direct payment',
    address: letterAddress(a.person),
    date: formatDate(today),
    paragraphs: [
      `Dear ${a.person.preferred_name || a.person.given_name},`,
      `Your direct payment (${a.agreement.reference}) is paid to you after taking off your contribution of ${formatPence(a.weeklyPence)} a week. You pay that part into the account yourself.`,
      `By ${formatDate(today)}, ${formatPence(a.check.expectedPence)} should have gone in from you. We can see ${formatPence(a.check.receivedPence)}. That leaves ${formatPence(a.check.shortfallPence)} to pay in.`,
      'Please pay it into your account when you can, so there is enough to pay for your support.',
      'If you cannot afford it, or your money has changed, please tell us. We can look at your financial assessment again. We will not cut your support because of this.',
      `To contact us: ${contact}`,
    ],
    backLink: { href: paths.directPayments.account(a.agreement.id), text: 'Back to the account' },
  };
}

/**
 * The variation notice: to the name the person uses, what changes and from when, in plain words,
 * and who to contact. Pure.
 */
export function variationNotice(v: { from_on: string; net_weekly_pence: number; previous_weekly_pence: number }, agreement: DpAgreement, person: { given_name: string; preferred_name: string | null; family_name: string; address_line_1: string | null; address_line_2: string | null; town: string | null; postcode: string | null }, today: string, contact: string) {
  const every = { weekly: 'every week', 'four-weekly': 'every 4 weeks', monthly: 'every month' }[agreement.frequency];
  const per = { weekly: 1, 'four-weekly': 4, monthly: 0 }[agreement.frequency];
  return {
    title: 'Your direct payment is changing',
    address: letterAddress(person),
    date: formatDate(today),
    paragraphs: [
      `Dear ${person.preferred_name || person.given_name},`,
      `Your support plan has changed, so your direct payment (${agreement.reference}) is changing too.`,
      `From ${formatDate(v.from_on)}, it will be ${formatPence(v.net_weekly_pence)} a week. Before, it was ${formatPence(v.previous_weekly_pence)} a week.`,
      per ? `We pay it ${every}, so each payment will be ${formatPence(v.net_weekly_pence * per)}.` : `We pay it ${every}.`,
      'If we have already paid you for days after the change, we will put the difference right in your next payment. You do not need to do anything.',
      'The money already in your account stays there. Keep using the account as you do now.',
      `If you have a question, or you think something is wrong, please contact us: ${contact}`,
    ],
    backLink: { href: paths.directPayments.account(agreement.id), text: 'Back to the account' },
  };
}

export interface AccountView {
  agreement: DpAgreement;
  person: { id: string; given_name: string; preferred_name: string | null; family_name: string; reference: string; address_line_1: string | null; address_line_2: string | null; town: string | null; postcode: string | null };
  /** The current plan's weekly contribution, paid into the account by the person. */
  contributionWeeklyPence: number;
  summary: Awaited<ReturnType<typeof monitorAccount>>;
  /** This page's statement lines, newest first. */
  statement: { id: string; posted_on: string; counterparty: string; amount_pence: number; matched_by: string; plan_line_id: string | null; flags: string[] }[];
  /** Which page of the transactions `statement` is, and how many there are in all. */
  transactionsPage: { page: number; pageSize: number; total: number };
  reclaims: Reclaim[];
  audits: DpAudit[];
  suspensions: { id: string; from_on: string; to_on: string | null; reason: string }[];
  lines: SupportLine[];
  months: { month: string; kind: string; total: number }[];
  /** The day every figure on the page is as at. */
  asOf: string;
  /** Movements dated after `asOf` (payments made ahead for later periods), by kind. */
  later: { kind: string; total: number; first_on: string }[];
  /** Letters recorded as sent, oldest first. */
  letters: { id: string; kind: string; title: string; sent_on: string }[];
  /** Open safeguarding concerns of financial abuse about the person: what finance must know, not the concern's words. */
  financialConcerns?: { raised_on: string; stage: string | null; risk: string | null; section_42: string | null }[];
  /** The council's payments no statement shows, though later statements have come in. */
  missing: { id: string; period_start: string; run_on: string; paid_pence: number }[];
  /** After an end: what was paid for days after it (negative) or is still owed (positive). */
  settlement: number;
  /** New plan versions that changed the weekly amount, oldest first. */
  variations: { id: string; from_on: string; net_weekly_pence: number; previous_weekly_pence: number }[];
  /** What the person said about flagged transactions in My Selfdirect. */
  explanations: Parameters<typeof explanationNotes>[0];
}

/** '2026-12' → 'December 2026'. */
const monthName = (month: string) => formatDate(`${month}-01`).replace(/^1 /, '');

/** A warning that the person's money may be being taken: dates, stage and risk, for finance to act with care. */
export function financialAbuseWarning(concerns: NonNullable<AccountView['financialConcerns']>) {
  if (!concerns.length) return null;
  const each = concerns.map((c) => `raised on ${formatDate(c.raised_on)}${c.stage ? `, ${STAGES[c.stage as Stage].toLowerCase()}` : ''}${c.risk ? `, ${RISKS[c.risk as Risk].toLowerCase()} risk` : ''}${c.section_42 === 'yes' ? ', Section 42 enquiry' : ''}`);
  return `There ${concerns.length === 1 ? 'is an open safeguarding concern' : `are ${concerns.length} open safeguarding concerns`} about financial abuse of this person (${each.join('; ')}). Talk to their social worker before contacting the person or whoever manages the money, and before paying anyone new.`;
}

export function accountPage(a: AccountView, errors?: FieldError[]) {
  const lineName = new Map(a.lines.map((l) => [l.id, `${l.description} (${l.providerName})`]));
  let running = 0;
  const monthly = [...new Set(a.months.map((m) => m.month))].map((month) => {
    const sum = (kind: string) => Number(a.months.find((m) => m.month === month && m.kind === kind)?.total ?? 0);
    running += sum('payment') + sum('spend') + sum('reclaim');
    return [{ text: monthName(month) }, numeric(formatPence(sum('payment'))), numeric(formatPence(-sum('spend'))), numeric(formatPence(-sum('reclaim'))), numeric(formatPence(running))];
  });
  const open = a.reclaims.find((r) => r.status !== 'recorded' && r.status !== 'waived');
  return {
    financialAbuse: financialAbuseWarning(a.financialConcerns ?? []),
    title: `Direct payment ${a.agreement.reference}`,
    caption: `${a.person.given_name} ${a.person.family_name} (${a.person.reference})`,
    errorSummary: presentErrors(errors).errorSummary,
    details: [
      { key: { text: 'Paid to' }, value: { text: `${a.agreement.recipient_name} (${RECIPIENTS[a.agreement.recipient_kind]})` } },
      { key: { text: 'Account' }, value: { text: `${ACCOUNTS[a.agreement.account_kind]}: ${a.agreement.account_details}. Prepaid card ${a.agreement.prepaid_card_choice === 'accepted' ? 'chosen' : 'offered and declined'}` } },
      { key: { text: 'Amount' }, value: { text: `${formatPence(a.agreement.net_weekly_pence)} a week, ${FREQUENCIES[a.agreement.frequency].toLowerCase()}, from ${formatDate(a.agreement.start_on)}${a.agreement.end_on ? ` to ${formatDate(a.agreement.end_on)}` : ''}` } },
      { key: { text: 'Contingency' }, value: { text: formatPence(a.agreement.contingency_pence) } },
      ...a.suspensions.map((s) => ({
        key: { text: 'Suspended' },
        value: { text: `${s.to_on ? `${formatDate(s.from_on)} to ${formatDate(s.to_on)}` : `From ${formatDate(s.from_on)}, until resumed`}: ${s.reason}` },
        // A suspension still running (or not yet ended) can be resumed from a day.
        ...(!a.agreement.end_on && (!s.to_on || s.to_on >= a.asOf) ? { actions: { items: [{ href: paths.directPayments.resume(s.id), text: 'Resume', visuallyHiddenText: ` payments suspended from ${formatDate(s.from_on)}` }] } } : {}),
      })),
      ...a.variations.map((v) => ({
        key: { text: 'Varied' },
        value: { html: `From ${formatDate(v.from_on)}: ${formatPence(v.previous_weekly_pence)} to ${formatPence(v.net_weekly_pence)} a week, for a new plan version. <a class="govuk-link" href="${paths.directPayments.variationNotice(v.id)}">Variation notice<span class="govuk-visually-hidden"> from ${formatDate(v.from_on)}</span></a>` },
      })),
    ],
    asOf: formatDate(a.asOf),
    ending: a.agreement.end_on
      ? a.settlement < 0
        ? `This direct payment ended on ${formatDate(a.agreement.end_on)}. It was paid ${formatPence(-a.settlement)} for days after that: this is to come back, with any unspent balance, in the final reconciliation.`
        : a.settlement > 0
          ? `This direct payment ended on ${formatDate(a.agreement.end_on)}. ${formatPence(a.settlement)} is still owed for the days up to then: pay it in the final reconciliation.`
          : `This direct payment ended on ${formatDate(a.agreement.end_on)}. Every day up to then has been paid, and nothing after it.`
      : null,
    letters: a.letters.map((l) => ({ href: paths.directPayments.letterSent(l.id), text: `${formatDate(l.sent_on)}: ${l.title}` })),
    exceptions: a.missing.map((m) => `${formatPence(Number(m.paid_pence))} paid on ${formatDate(m.run_on)} (for the period from ${formatDate(m.period_start)}) is not on any statement: check with the bank or card provider`),
    paidAhead: (() => {
      const ahead = a.later.find((l) => l.kind === 'payment');
      return ahead ? `The council has also paid ${formatPence(Number(ahead.total))} for periods from ${formatDate(ahead.first_on)}: it counts from then, so it is not in these figures yet.` : null;
    })(),
    balance: [
      { key: { text: 'Paid in' }, value: { text: formatPence(a.summary.paymentsIn) } },
      { key: { text: 'Spent' }, value: { text: formatPence(a.summary.spending) } },
      { key: { text: 'Reclaimed' }, value: { text: formatPence(a.summary.reclaimed) } },
      { key: { text: 'Balance' }, value: { text: formatPence(a.summary.balance) } },
    ],
    monthly: table(`Balance over time, to ${formatDate(a.asOf)}`, [{ text: 'Month' }, { text: 'Paid in', format: 'numeric' }, { text: 'Spent', format: 'numeric' }, { text: 'Reclaimed', format: 'numeric' }, { text: 'Balance at the end', format: 'numeric' }], monthly),
    perLine: captionedTable('Spending against the plan', [{ text: 'Plan line' }, { text: 'Planned so far', format: 'numeric' }, { text: 'Spent', format: 'numeric' }], [...a.summary.perLine.map((l) => [{ text: `${l.description} (${l.provider})` }, numeric(formatPence(l.plannedPence)), numeric(formatPence(l.spentPence))]), [{ text: 'Not matched to the plan' }, numeric(''), numeric(formatPence(a.summary.unmatchedPence))]]),
    surplus: a.summary.surplus.explanation,
    contribution:
      a.summary.contribution.expectedPence > 0
        ? {
            text: `The person’s contribution paid into the account: ${formatPence(a.summary.contribution.receivedPence)} of the ${formatPence(a.summary.contribution.expectedPence)} expected by ${formatDate(a.asOf)}.`,
            shortfall: a.summary.contribution.flagged
              ? `${formatPence(a.summary.contribution.shortfallPence)} has not arrived: more than the weeks allowed. Talk to the person: a shortfall is never taken from their support.`
              : null,
            noteHref: a.summary.contribution.flagged ? paths.directPayments.contributionNote(a.agreement.id) : null,
          }
        : null,
    canPropose: a.summary.surplus.proposedReclaimPence > 0 && !open,
    openReclaim: open ? { href: paths.directPayments.reclaim(open.id), text: `A reclaim of ${formatPence(open.decided_pence ?? open.proposed_pence)} is ${open.status}` } : null,
    proposeAction: paths.directPayments.proposeReclaim(a.agreement.id),
    // Once it has ended there is nothing left to suspend.
    suspendHref: a.agreement.end_on && a.agreement.end_on < a.asOf ? null : paths.directPayments.suspend(a.agreement.id),
    endHref: a.agreement.end_on ? null : paths.directPayments.end(a.agreement.id),
    finalHref: a.agreement.end_on ? paths.directPayments.final(a.agreement.id) : null,
    transactionsCount: a.transactionsPage.total
      ? `${a.transactionsPage.total.toLocaleString('en-GB')} ${a.transactionsPage.total === 1 ? 'transaction' : 'transactions'}, newest first${shownRange(a.transactionsPage.page, a.transactionsPage.pageSize, a.statement.length, a.transactionsPage.total)}.`
      : null,
    transactionsPagination: pagination(a.transactionsPage.page, a.transactionsPage.pageSize, a.transactionsPage.total, paths.directPayments.account(a.agreement.id)),
    transactions: a.statement.map((t) => ({
      date: formatDate(t.posted_on),
      counterparty: t.counterparty,
      amount: formatPence(t.amount_pence),
      line: t.matched_by === 'council-payment' ? 'The council’s payment' : t.matched_by === 'reclaim-return' ? 'A reclaim returned to the council' : t.plan_line_id ? (lineName.get(t.plan_line_id) ?? 'A line of an earlier version of the plan') : 'Not matched',
      flags: (t.flags as Flag[]).map((f) => FLAG_TEXT[f]).join('; '),
      explained: explanationNotes(a.explanations, t.id),
      match: t.amount_pence < 0 && t.matched_by !== 'reclaim-return' ? { action: paths.directPayments.match(t.id), id: t.id, items: [{ value: '', text: 'Not in the plan' }, ...a.lines.map((l) => ({ value: l.id, text: `${l.description} (${l.providerName})`, selected: l.id === t.plan_line_id }))] } : null,
    })),
    reclaims: a.reclaims.map((r) => ({ href: paths.directPayments.reclaim(r.id), text: `${formatDate(r.proposed_on)}: ${formatPence(r.decided_pence ?? r.proposed_pence)}, ${r.status}` })),
    audits: a.audits.map((d) => ({ href: d.status === 'due' ? paths.directPayments.audit(d.id) : null, text: `Due ${formatDate(d.due_on)}: ${d.status === 'due' ? 'not done yet' : `${OUTCOMES[d.outcome!]} (${d.completed_on ? formatDate(d.completed_on) : ''})`}` })),
    backLink: toIndex,
  };
}

export function runsPage(runs: PaymentRun[], values: Values, errors?: FieldError[]) {
  return {
    title: 'Payment runs',
    values,
    ...presentErrors(errors, { run_on: 'run_on-day' }),
    runs: table(
      'Runs',
      [{ text: 'Run date' }, { text: 'Status' }, { text: 'Payments', format: 'numeric' }, { text: 'Total', format: 'numeric' }],
      runs.map((r) => [{ html: `<a class="govuk-link" href="${paths.directPayments.run(r.id)}">${formatDate(r.run_on)}</a>` }, { text: r.status === 'draft' ? 'Not confirmed' : 'Confirmed' }, numeric(r.payment_count === null ? '' : String(r.payment_count)), numeric(r.total_pence === null ? '' : formatPence(r.total_pence))]),
    ),
    backLink: toIndex,
  };
}

export function runPage(run: PaymentRun, payments: RunPayment[]) {
  return {
    title: `Payment run for ${formatDate(run.run_on)}`,
    confirmed: run.status === 'confirmed' ? `Confirmed ${run.confirmed_at ? formatDateTime(run.confirmed_at) : ''}` : null,
    confirmAction: run.status === 'draft' && payments.length ? paths.directPayments.confirm(run.id) : null,
    discardAction: run.status === 'draft' ? paths.directPayments.discard(run.id) : null,
    fileHref: run.status === 'confirmed' ? paths.directPayments.paymentFile(run.id) : null,
    total: formatPence(payments.reduce((sum, p) => sum + p.paidPence, 0)),
    table: table(
      run.status === 'draft' ? 'What this run will pay' : 'What this run paid',
      [{ text: 'Account' }, { text: 'Payee' }, { text: 'Period' }, { text: 'Days', format: 'numeric' }, { text: 'Amount', format: 'numeric' }, { text: 'Reclaim netted', format: 'numeric' }, { text: 'Paid', format: 'numeric' }],
      payments.map((p) => [{ text: p.reference }, { text: p.payee }, { text: p.finalReconciliationId ? 'Final payment, after the final reconciliation' : `${formatDate(p.periodStart)} to ${formatDate(p.periodEnd)}` }, numeric(String(p.days)), numeric(formatPence(p.amountPence)), numeric(p.nettedPence ? formatPence(p.nettedPence) : ''), numeric(formatPence(p.paidPence))]),
    ),
    backLink: { href: paths.directPayments.runs(), text: 'Payment runs' },
  };
}

export function importPage(errors?: FieldError[]) {
  return { title: 'Import an account statement', ...presentErrors(errors, { statement: 'statement' }), result: null, backLink: toIndex };
}

/** A file's problems as form errors: the first ten, then how many more. */
export function fileProblems(field: string, problems: { line: number; column?: string | null; message: string }[], more = 0): FieldError[] {
  const shown = problems.slice(0, 10).map((p) => ({ field, message: `Line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}` }));
  const rest = problems.length - shown.length + more;
  if (rest > 0) shown.push({ field, message: `And ${rest.toLocaleString('en-GB')} more ${rest === 1 ? 'problem' : 'problems'}. Nothing was imported` });
  return shown;
}

export interface ReclaimView {
  reclaim: Reclaim;
  agreement: DpAgreement;
  person: { given_name: string; preferred_name: string | null; family_name: string; reference: string; address_line_1: string | null; address_line_2: string | null; town: string | null; postcode: string | null };
  /** The final reclaim, after the direct payment ended: returned, never netted, and no review follows. */
  final?: boolean;
}

export function reclaimPage({ reclaim, agreement, person, final }: ReclaimView, values: Values, errors?: FieldError[]) {
  return {
    title: `Reclaim from ${agreement.reference}`,
    caption: `${person.given_name} ${person.family_name} (${person.reference})`,
    explanation: reclaim.explanation,
    summary: [
      { key: { text: 'Proposed on' }, value: { text: formatDate(reclaim.proposed_on) } },
      { key: { text: 'Proposed' }, value: { text: formatPence(reclaim.proposed_pence) } },
      ...(reclaim.decided_at ? [{ key: { text: 'Decided' }, value: { text: `${reclaim.status === 'waived' ? 'Waived' : formatPence(reclaim.decided_pence ?? 0)}: ${reclaim.decision_reason}` } }] : []),
      ...(reclaim.recorded_how ? [{ key: { text: 'Recorded' }, value: { text: reclaim.recorded_how === 'netted' ? 'Netted from the next payment' : 'Returned by the person' } }] : []),
    ],
    reviewCreated: reclaim.review_id ? 'A review of the person’s plan was created and is on their social worker’s worklist.' : null,
    decideAction: reclaim.status === 'proposed' ? paths.directPayments.decide(reclaim.id) : null,
    recordAction: reclaim.status === 'approved' || reclaim.status === 'reduced' ? paths.directPayments.record(reclaim.id) : null,
    letterHref: reclaim.status !== 'proposed' ? paths.directPayments.letter(reclaim.id) : null,
    decisionItems: items({ approve: `Approve ${formatPence(reclaim.proposed_pence)}`, reduce: 'Reduce the amount', waive: 'Waive it: reclaim nothing' }, value(values, 'decision')),
    howItems: items(final ? { returned: 'The money has been paid back' } : { netted: 'Take it from the next payment', returned: 'The person has paid it back' }, value(values, 'how')),
    version: reclaim.version,
    values,
    ...presentErrors(errors, { decision: 'decision', how: 'how' }),
    backLink: { href: paths.directPayments.account(agreement.id), text: 'Back to the account' },
  };
}

/**
 * The letter about a reclaim: to the name the person uses, saying only what has been decided
 * (how the money comes back only once that is recorded), the figures in plain words, what the
 * officer wrote for the person (never their internal reason), and who to contact. Pure.
 */
export function letterPage({ reclaim, agreement, person, final }: ReclaimView, today: string, contact: string) {
  const amount = reclaim.status === 'waived' ? null : formatPence(reclaim.decided_pence ?? reclaim.proposed_pence);
  const comingBack =
    reclaim.recorded_how === 'returned'
      ? 'You have already paid this back. Thank you.'
      : reclaim.recorded_how === 'netted'
        ? 'We will take it from your next payment, so you do not need to do anything.'
        : 'We will get in touch to agree how the money comes back. You do not need to do anything yet.';
  return {
    title: 'Letter about your direct payment account',
    address: letterAddress(person),
    date: formatDate(today),
    paragraphs: [
      `Dear ${person.preferred_name || person.given_name},`,
      final
        ? `Your direct payment (${agreement.reference}) has ended. We have looked at the money left in the account, after the bills that still had to be paid.`
        : `We have looked at your direct payment account (${agreement.reference}). This is part of checking, once a year, that your direct payment is working for you.`,
      ...(reclaim.explanation as string[]),
      amount ? `We have decided to take back ${amount}. ${comingBack}` : 'We have decided not to take any money back.',
      ...(reclaim.letter_reason ? [reclaim.letter_reason] : []),
      ...(final ? [] : ['Your social worker will contact you to review your support plan and check that your budget is still right for you. A review never cuts your budget by itself.']),
      'If you think we have got this wrong, or if you have bills to pay that we did not know about, please contact us and we will look at it again.',
      `To contact us: ${contact}`,
    ],
    backLink: { href: paths.directPayments.reclaim(reclaim.id), text: 'Back to the reclaim' },
  };
}

export function auditPage(audit: { id: string; due_on: string; agreement_id: string; reference: string; given_name: string; family_name: string }, values: Values, errors?: FieldError[]) {
  return {
    title: `Annual audit of ${audit.reference}`,
    caption: `${audit.given_name} ${audit.family_name}: due ${formatDate(audit.due_on)}`,
    accountHref: paths.directPayments.account(audit.agreement_id),
    outcomeItems: items(OUTCOMES, value(values, 'outcome')),
    values,
    ...presentErrors(errors, { outcome: 'outcome' }),
    backLink: toIndex,
  };
}
