import type { DpAgreement, DpFinalReconciliationsTable, Reclaim } from '../../db/schema.js';
import { formatPence, poundsForInput } from '../../domain/money/pence.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { formatDate } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { Selectable } from 'kysely';
import type { FinalFigures } from './endings.js';
import { type LetterPerson, type Values, items, letterAddress, value } from './presenters.js';
import { ENDED_BECAUSE } from './schemas.js';

/** The pages for the end of a direct payment: ending it, suspending it, its final reconciliation and the ending letter. Pure. */

type Named = { agreement: DpAgreement; person: { given_name: string; family_name: string } };
const backToAccount = (agreement: DpAgreement) => ({ href: paths.directPayments.account(agreement.id), text: 'Back to the account' });

export function endPage(a: Named, values: Values, errors?: FieldError[]) {
  return {
    title: `End ${a.agreement.reference}`,
    caption: `${a.person.given_name} ${a.person.family_name}`,
    intro: `${a.agreement.reference} pays ${formatPence(a.agreement.net_weekly_pence)} a week from ${formatDate(a.agreement.start_on)}. After the last day you give, no payment run pays it; the period that day falls in is paid for the days up to it, and anything paid for later days is shown on the account to come back.`,
    suspendAdvice: `Going into hospital, or a short stay in a care home, does not end a direct payment. <a class="govuk-link" href="${paths.directPayments.suspend(a.agreement.id)}">Suspend the payments</a> for the days the person is away instead: they carry on when the person comes home.`,
    becauseItems: items(ENDED_BECAUSE, value(values, 'ended_because')),
    values,
    ...presentErrors(errors, { end_on: 'end_on-day', ended_because: 'ended_because' }),
    backLink: backToAccount(a.agreement),
  };
}

export function suspendPage(a: Named, values: Values, errors?: FieldError[]) {
  return { title: `Suspend ${a.agreement.reference}`, caption: `${a.person.given_name} ${a.person.family_name}`, values, ...presentErrors(errors, { from_on: 'from_on-day', to_on: 'to_on-day' }), backLink: backToAccount(a.agreement) };
}

export function resumePage(a: Named & { suspension: { from_on: string; to_on: string | null; reason: string; version: number } }, values: Values, errors?: FieldError[]) {
  const s = a.suspension;
  return {
    title: `Resume payments to ${a.agreement.reference}`,
    caption: `${a.person.given_name} ${a.person.family_name}`,
    intro: `Payments were suspended ${s.to_on ? `from ${formatDate(s.from_on)} to ${formatDate(s.to_on)}` : `from ${formatDate(s.from_on)}, until resumed`}: ${s.reason}. From the day you give, they are paid again. Days already due are paid by the next payment run.`,
    version: String(s.version),
    values,
    ...presentErrors(errors, { resume_on: 'resume_on-day' }),
    backLink: backToAccount(a.agreement),
  };
}

export type FinalRecord = Selectable<DpFinalReconciliationsTable>;

export interface FinalView extends Named {
  figures: FinalFigures;
  recorded: FinalRecord | undefined;
  reclaim: Reclaim | undefined;
  /** The run that paid the final payment, once one has. */
  paidOn: string | null;
  redundancyCapPence: number;
}

/** "a, b and c", leaving out the empty ones. */
const inWords = (parts: (string | 0)[]) => {
  const said = parts.filter((p): p is string => Boolean(p));
  return said.length > 1 ? `${said.slice(0, -1).join(', ')} and ${said.at(-1)}` : (said[0] ?? '');
};

const OUTCOME_TEXT = { reclaim: 'A final reclaim', 'final-payment': 'A final payment from the council', nothing: 'Nothing to come back, nothing to pay' };

/** The values the form starts from: the estimates, in pounds. */
export function finalValues(figures: FinalFigures): Values {
  const e = figures.estimates;
  return { notice: poundsForInput(e.noticePence), holiday: poundsForInput(e.holidayPence), redundancy: poundsForInput(e.redundancyPence), other: poundsForInput(e.otherPence), ...(figures.personalAssistantWeeklyPence > 0 ? { pa_weekly: poundsForInput(figures.personalAssistantWeeklyPence) } : {}) };
}

export function finalPage(v: FinalView, values: Values, errors?: FieldError[]) {
  const f = v.figures;
  const r = v.recorded;
  const rows = (pairs: [string, string][]) => pairs.map(([key, text]) => ({ key: { text: key }, value: { text } }));
  return {
    title: `Final reconciliation of ${v.agreement.reference}`,
    caption: `${v.person.given_name} ${v.person.family_name}`,
    ended: v.agreement.end_on ? `${v.agreement.reference} ended on ${formatDate(v.agreement.end_on)}${v.agreement.ended_because ? ` (${ENDED_BECAUSE[v.agreement.ended_because].toLowerCase()})` : ''}.` : `${v.agreement.reference} has not ended.`,
    figures: rows([
      ['Balance of the account', formatPence(r ? r.balance_pence : f.balancePence)],
      ['Of which paid for days after the end', formatPence(r ? r.overpaid_pence : f.overpaidPence)],
      ['Still owed by the council for days up to the end', formatPence(r ? r.owed_pence : f.owedPence)],
      ...(f.awaitingNettingPence > 0 && !r ? ([['Reclaims waiting to be taken from a next payment (to be sent back instead)', formatPence(f.awaitingNettingPence)]] as [string, string][]) : []),
    ]),
    blockers: r ? [] : f.blockers,
    canRecord: !r && f.blockers.length === 0,
    hasPersonalAssistants: f.personalAssistantWeeklyPence > 0,
    noticeHint: f.personalAssistantWeeklyPence > 0 ? `The plan pays personal assistants ${formatPence(f.personalAssistantWeeklyPence)} a week. Monitoring keeps back ${formatPence(f.estimates.noticePence)} for notice. Change it to what their contracts say is due.` : 'The plan pays no personal assistants. Enter 0 unless an employee is still owed notice pay.',
    holidayHint: `Holiday built up and not taken. Monitoring keeps back ${formatPence(f.estimates.holidayPence)} (built up on pay in the last 12 months).`,
    redundancyHint: `Due to a personal assistant who has worked for the person for 2 full years or more. Use the calculator below, or enter what is due.`,
    redundancyRule: `For each full year worked (at most 20): half a week’s pay under 22, a week’s pay from 22 to 40, a week and a half from 41. A week’s pay counts up to ${formatPence(v.redundancyCapPence)}.`,
    action: paths.directPayments.final(v.agreement.id),
    redundancyAction: paths.directPayments.redundancy(v.agreement.id),
    values,
    ...presentErrors(errors, {}),
    recorded: r
      ? {
          summary: rows([
            ['Recorded', formatDate(r.as_of)],
            ['Notice pay', formatPence(r.notice_pence)],
            ['Holiday pay', formatPence(r.holiday_pence)],
            ['Redundancy pay', formatPence(r.redundancy_pence)],
            ['Other bills', formatPence(r.other_pence)],
            ['Outcome', `${OUTCOME_TEXT[r.outcome]}${r.outcome === 'nothing' ? '' : `: ${formatPence(r.amount_pence)}`}`],
            ['Your notes (not in the letter)', r.notes],
          ]),
          explanation: r.explanation,
          next:
            r.outcome === 'reclaim' && v.reclaim
              ? { href: paths.directPayments.reclaim(v.reclaim.id), text: v.reclaim.status === 'proposed' ? 'Decide the final reclaim' : `The final reclaim: ${v.reclaim.status}` }
              : null,
          paid: r.outcome === 'final-payment' ? (v.paidOn ? `The final payment was paid by the run on ${formatDate(v.paidOn)}.` : 'The next payment run pays the final payment.') : null,
          letterHref: paths.directPayments.endingLetter(v.agreement.id),
        }
      : null,
    backLink: backToAccount(v.agreement),
  };
}

/**
 * The ending letter: what was found and only what has been decided, in plain words. After a
 * death it goes to whoever received the payments, or to the family or executor, never to the
 * person who died. The officer's notes are never in it. Pure.
 */
export function endingLetter(v: { agreement: DpAgreement; person: LetterPerson; recorded: FinalRecord; reclaim: Reclaim | undefined; returnedPence: number }, today: string, contact: string) {
  const { agreement, person, recorded: r } = v;
  const died = agreement.ended_because === 'died';
  const fullName = `${person.given_name} ${person.family_name}`;
  const address = died ? (agreement.recipient_kind === 'person' ? [`To the family or executor of ${fullName}`, ...letterAddress(person).slice(1)] : [agreement.recipient_name, ...letterAddress(person).slice(1)]) : letterAddress(person);
  const greeting = died ? (agreement.recipient_kind === 'person' ? 'Hello,' : `Dear ${agreement.recipient_name},`) : `Dear ${person.preferred_name || person.given_name},`;
  const whose = died ? `${person.preferred_name || person.given_name}’s` : 'your';
  const liabilities = r.notice_pence + r.holiday_pence + r.redundancy_pence + r.other_pence;
  const decidedReclaim = v.reclaim && (v.reclaim.status === 'approved' || v.reclaim.status === 'reduced' || v.reclaim.status === 'recorded') ? v.reclaim.decided_pence! : null;
  const outcome =
    r.outcome === 'final-payment'
      ? [`That is ${formatPence(r.amount_pence)} less than the account needs. We will pay ${formatPence(r.amount_pence)} into the account with our next payments, so that these bills can be paid.`]
      : r.outcome === 'reclaim'
        ? v.reclaim?.status === 'waived'
          ? ['We have decided not to ask for any of it back.']
          : decidedReclaim !== null
            ? [`We have decided that ${formatPence(decidedReclaim)} should come back to us. We will tell you how to send it.`]
            : [`That leaves ${formatPence(r.amount_pence)} in the account. We are checking these figures and will write again to say how much, if any, should come back. Please do not send anything yet.`]
        : ['That leaves nothing to come back, and nothing more for us to pay.'];
  return {
    title: `The end of ${whose} direct payment`,
    address,
    date: formatDate(today),
    paragraphs: [
      greeting,
      died ? `We are very sorry to hear that ${person.preferred_name || person.given_name} has died.` : null,
      `${died ? `${person.preferred_name || person.given_name}’s` : 'Your'} direct payment (${agreement.reference}) ended on ${formatDate(r.end_on)}. We have looked at the money in the account.`,
      `There is ${formatPence(r.balance_pence)} in the account.${r.overpaid_pence > 0 ? ` This includes ${formatPence(r.overpaid_pence)} we paid for days after the end.` : ''}`,
      liabilities > 0 ? `Some bills still need paying from it: ${inWords([r.notice_pence && `notice pay of ${formatPence(r.notice_pence)}`, r.holiday_pence && `holiday pay of ${formatPence(r.holiday_pence)}`, r.redundancy_pence && `redundancy pay of ${formatPence(r.redundancy_pence)}`, r.other_pence && `other bills of ${formatPence(r.other_pence)}`])}. That is ${formatPence(liabilities)} in all. Please pay these first.` : 'We do not know of any bills still to pay from it.',
      ...outcome,
      v.returnedPence > 0 ? `We also asked for ${formatPence(v.returnedPence)} back before the direct payment ended, to be taken from a next payment. There will not be one now, so please send that back to us too.` : null,
      'If there are bills we do not know about, or you think something is wrong, please contact us before paying anything back. We will look at it again.',
      `To contact us: ${contact}`,
    ].filter((p): p is string => Boolean(p)),
    backLink: { href: paths.directPayments.final(agreement.id), text: 'Back to the final reconciliation' },
  };
}
