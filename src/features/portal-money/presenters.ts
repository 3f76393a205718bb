import type { Flag } from '../../domain/direct-payments/matching.js';
import { formatPence } from '../../domain/money/pence.js';
import { MANAGEMENT, type SupportLine, lineCost } from '../../domain/planning/plan.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { formatDate, formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { monitorAccount } from '../direct-payments/monitoring.js';
import type { explanationsOf } from './repository.js';

/** The person's money in My Selfdirect, in plain words: by their own plan lines, what is flagged, and what was asked back. Pure. */
const FLAG_WORDS: Record<Flag, string> = {
  'cash-withdrawal': 'Cash taken out',
  'household-relative': 'A payment to a relative who lives with you',
  'not-in-plan': 'Something the plan does not cover',
};
const RECLAIM_WORDS = { proposed: 'The council is looking at this', approved: 'The council asked for this back', reduced: 'The council asked for less back', waived: 'The council decided not to ask for it', recorded: 'Paid back' } as const;
const DIRECT = new Set(['direct-payment', 'indirect-payment']);

type Summary = Awaited<ReturnType<typeof monitorAccount>>;
type Explanation = Awaited<ReturnType<typeof explanationsOf>>[number];
export interface AccountForPerson {
  agreement: { id: string; reference: string; start_on: string; end_on: string | null };
  summary: Summary;
  /** The payment period today falls in, each regular direct payment line's money and spending in it. */
  thisPeriod: { from: string; to: string; lines: { description: string; provider: string; allocatedPence: number; spentPence: number }[] } | null;
  flagged: { id: string; posted_on: string; counterparty: string; amount_pence: number; flags: string[] }[];
  explanations: Explanation[];
  reclaims: { proposed_on: string; proposed_pence: number; decided_pence: number | null; status: keyof typeof RECLAIM_WORDS; letter_reason: string | null }[];
}

const money = (pence: number) => ({ text: formatPence(pence), format: 'numeric' });
const lineRow = (name: string, allocated: number, spent: number) => [{ text: name }, money(allocated), money(spent), { text: allocated >= spent ? formatPence(allocated - spent) : `${formatPence(spent - allocated)} over`, format: 'numeric' }];

export function moneyPage(p: { own: boolean; name: string; accounts: AccountForPerson[]; arranged: SupportLine[]; back: string }) {
  return {
    title: p.own ? 'Your money' : `${p.name}’s money`,
    accounts: p.accounts.map((a) => {
      const s = a.summary;
      const explained = (lineId: string) => a.explanations.filter((e) => e.statement_line_id === lineId);
      return {
        heading: `Direct payment ${a.agreement.reference}`,
        period: a.thisPeriod ? `This payment period: ${formatDate(a.thisPeriod.from)} to ${formatDate(a.thisPeriod.to)}.` : 'Since the payments started.',
        since: `Since the payments started on ${formatDate(a.agreement.start_on)}${a.agreement.end_on ? `, until they ended on ${formatDate(a.agreement.end_on)}` : ''}.`,
        totals: [
          { key: { text: 'Money in the account now' }, value: { text: formatPence(s.balance) } },
          { key: { text: 'Paid in by the council' }, value: { text: formatPence(s.paymentsIn) } },
          { key: { text: 'Spent' }, value: { text: formatPence(s.spending) } },
          ...(s.reclaimed ? [{ key: { text: 'Paid back to the council' }, value: { text: formatPence(s.reclaimed) } }] : []),
        ],
        lines: {
          caption: 'Each part of the plan',
          captionClasses: 'govuk-table__caption--m',
          firstCellIsHeader: true,
          head: [{ text: 'Part of the plan' }, { text: 'Money for it', format: 'numeric' }, { text: 'Spent', format: 'numeric' }, { text: 'Left', format: 'numeric' }],
          rows: a.thisPeriod
            ? a.thisPeriod.lines.map((l) => lineRow(`${l.description} (${l.provider})`, l.allocatedPence, l.spentPence))
            : [
                ...s.perLine.map((l) => lineRow(`${l.description} (${l.provider})`, l.plannedPence, l.spentPence)),
                ...(s.unmatchedPence ? [[{ text: 'Not matched to a part of the plan yet' }, { text: '', format: 'numeric' }, money(s.unmatchedPence), { text: '', format: 'numeric' }]] : []),
              ],
        },
        flagged: a.flagged.map((t) => {
          const said = explained(t.id);
          return {
            title: `${formatDate(t.posted_on)}: ${t.counterparty}, ${formatPence(-t.amount_pence)}`,
            why: (t.flags as Flag[]).map((f) => FLAG_WORDS[f] ?? f).join('. '),
            said: said.map((e) => ({ text: `${e.as_label} told us on ${formatDateTime(e.explained_at)}${e.explanation ? `: “${e.explanation}”` : '.'}`, receipt: e.receipt_type ? 'A receipt was added.' : null })),
            href: paths.portal.explain(t.id),
            action: said.length ? 'Add more about this payment' : 'Tell us what this payment was for',
          };
        }),
        reclaims: a.reclaims.map((r) => ({ text: `${formatDate(r.proposed_on)}: ${formatPence(r.decided_pence ?? r.proposed_pence)}. ${RECLAIM_WORDS[r.status]}.${r.letter_reason ? ` ${r.letter_reason}` : ''}` })),
      };
    }),
    arranged: p.arranged.filter((l) => !DIRECT.has(l.management)).map((l) => ({ key: { text: `${l.description} (${l.providerName})` }, value: { text: `${formatPence(lineCost(l))} a week. ${MANAGEMENT[l.management]}` } })),
    empty: p.accounts.length === 0,
    backLink: { href: p.back, text: 'Back to My Selfdirect' },
  };
}

export function explainPage(t: { id: string; posted_on: string; counterparty: string; amount_pence: number; flags: string[] }, back: string, values: Record<string, unknown> = {}, errors?: FieldError[]) {
  return {
    title: 'Tell us what this payment was for',
    caption: `${formatDate(t.posted_on)}: ${t.counterparty}, ${formatPence(-t.amount_pence)}`,
    why: (t.flags as Flag[]).map((f) => FLAG_WORDS[f] ?? f).join('. '),
    values: { explanation: typeof values.explanation === 'string' ? values.explanation : '' },
    backLink: { href: back },
    ...presentErrors(errors, { explanation: 'explanation', receipt: 'receipt' }),
  };
}

/** For the staff account page: what the person said about a flagged transaction, and their receipt. */
export function explanationNotes(explanations: Explanation[], lineId: string) {
  return explanations
    .filter((e) => e.statement_line_id === lineId)
    .map((e) => ({ text: `${e.as_label} explained in My Selfdirect on ${formatDateTime(e.explained_at)}${e.explanation ? `: “${e.explanation}”` : '.'}`, receipt: e.receipt_type ? { href: paths.receipt(e.id), text: `Open the receipt (${e.receipt_type === 'application/pdf' ? 'PDF' : 'photo'}, ${Math.max(1, Math.round((e.receipt_bytes ?? 0) / 1024))} KB)` } : null }));
}
