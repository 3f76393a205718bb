import { addDays, addMonths } from '../directory/checks.js';
import { roundHalfUpNumber } from '../ras/exact.js';

/**
 * When direct payments fall due and how much each is. Payments are in advance, at the start of
 * each period: 7 days, 28 days (13 a year, drifting against the calendar) or a calendar month.
 * A period cut short by the agreement's end, or by a suspension, is paid pro rata: days ÷ 7 of the
 * weekly amount, rounded once, half up. A variation (a new plan version) changes the weekly amount
 * from a day: the period it falls in is paid days ÷ 7 of each amount, rounded once. Pure.
 */
export type PaymentFrequency = 'weekly' | 'four-weekly' | 'monthly';

export interface AgreementTerms {
  startOn: string;
  endOn: string | null;
  /** The weekly amount from the start (before any variation). */
  netWeeklyPence: number;
  frequency: PaymentFrequency;
  suspensions: { fromOn: string; toOn: string }[];
  /** Variations: from each day on, a new weekly amount (a new plan version agreed). */
  variations?: { fromOn: string; netWeeklyPence: number }[];
}

/** Variations in order of the day they start. */
const inOrder = (variations: AgreementTerms['variations']) => [...(variations ?? [])].sort((a, b) => (a.fromOn < b.fromOn ? -1 : a.fromOn > b.fromOn ? 1 : 0));

/** The weekly amounts in force over a period, as [first day, last day, weekly] pieces; `changes` in order. */
function ratePieces(terms: AgreementTerms, changes: NonNullable<AgreementTerms['variations']>, from: string, to: string): { from: string; to: string; weekly: number }[] {
  let weekly = terms.netWeeklyPence;
  for (const c of changes) if (c.fromOn <= from) weekly = c.netWeeklyPence;
  const pieces: { from: string; to: string; weekly: number }[] = [];
  let at = from;
  for (const c of changes) {
    if (c.fromOn <= from || c.fromOn > to || c.netWeeklyPence === weekly) continue;
    pieces.push({ from: at, to: addDays(c.fromOn, -1), weekly });
    at = c.fromOn;
    weekly = c.netWeeklyPence;
  }
  pieces.push({ from: at, to, weekly });
  return pieces;
}

export interface PaymentDue {
  periodStart: string;
  /** The last day the payment covers. */
  periodEnd: string;
  /** Days paid for: the period's days less any not covered (ended, suspended). */
  days: number;
  amountPence: number;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function nextPeriodStart(start: string, frequency: PaymentFrequency, index: number, first: string): string {
  if (frequency === 'weekly') return addDays(start, 7);
  if (frequency === 'four-weekly') return addDays(start, 28);
  return addMonths(first, index + 1);
}

/** The last day of a suspension with none yet: until the payments are resumed. */
export const UNTIL_RESUMED = '9999-12-31';

/** Days in [from, to] (inclusive) that are not suspended. */
export function payableDays(from: string, to: string, suspensions: AgreementTerms['suspensions']): number {
  let days = daysBetween(from, to) + 1;
  for (const s of suspensions) {
    const a = s.fromOn > from ? s.fromOn : from;
    const b = s.toOn < to ? s.toOn : to;
    if (a <= b) days -= daysBetween(a, b) + 1;
  }
  return Math.max(0, days);
}

/** A full period's payment: weekly × 1, × 4, or × 52 ÷ 12 for a month, rounded once. */
export function fullPeriodAmount(netWeeklyPence: number, frequency: PaymentFrequency): number {
  if (frequency === 'weekly') return netWeeklyPence;
  if (frequency === 'four-weekly') return netWeeklyPence * 4;
  return roundHalfUpNumber(netWeeklyPence * 52, 12);
}

/**
 * Every payment whose period starts on or before `through`, in order. A period with every day
 * covered is paid the full amount; a part period days ÷ 7 of the weekly amount.
 */
export function paymentsDue(terms: AgreementTerms, through: string): PaymentDue[] {
  const due: PaymentDue[] = [];
  const changes = inOrder(terms.variations);
  let start = terms.startOn;
  for (let i = 0; start <= through && (terms.endOn === null || start <= terms.endOn) && i < 10_000; i++) {
    const next = nextPeriodStart(start, terms.frequency, i, terms.startOn);
    const fullEnd = addDays(next, -1);
    const end = terms.endOn !== null && terms.endOn < fullEnd ? terms.endOn : fullEnd;
    const periodDays = daysBetween(start, fullEnd) + 1;
    const pieces = ratePieces(terms, changes, start, end);
    const days = pieces.reduce((n, p) => n + payableDays(p.from, p.to, terms.suspensions), 0);
    // One weekly amount over a whole period: the full amount. Otherwise days ÷ 7 of each amount, rounded once.
    const amountPence =
      days === periodDays && pieces.length === 1
        ? fullPeriodAmount(pieces[0]!.weekly, terms.frequency)
        : roundHalfUpNumber(pieces.reduce((sum, p) => sum + p.weekly * payableDays(p.from, p.to, terms.suspensions), 0), 7);
    if (amountPence > 0) due.push({ periodStart: start, periodEnd: end, days, amountPence });
    start = next;
  }
  return due;
}

/**
 * What periods already paid should have been, less what was paid for them: positive when the
 * person is owed, negative when they were paid too much. After an end this is what the final
 * reconciliation settles. Pure.
 */
export function outstanding(schedule: readonly PaymentDue[], paid: readonly PaidPeriod[]): number {
  const due = new Map(schedule.map((d) => [d.periodStart, d.amountPence]));
  return paid.reduce((owed, p) => owed + (due.get(p.periodStart) ?? 0) - p.amountPence - p.adjustmentPence, 0);
}

/** A period already paid: what was paid for it, and the adjustment for earlier periods it carried. */
export interface PaidPeriod {
  periodStart: string;
  amountPence: number;
  adjustmentPence: number;
}

/**
 * The payments to make now: every period of `schedule` starting on or before `runOn` not yet
 * paid, each with an adjustment that puts right what periods already paid should have been under
 * the terms as they are now (a variation, or a suspension or end recorded after they were paid).
 * A payment never goes below nothing: what it cannot take back waits for the next. Pure.
 */
export function settle(schedule: readonly PaymentDue[], paid: readonly PaidPeriod[], runOn: string): (PaymentDue & { adjustmentPence: number })[] {
  const paidStarts = new Set(paid.map((p) => p.periodStart));
  let owed = outstanding(schedule, paid);
  const result: (PaymentDue & { adjustmentPence: number })[] = [];
  for (const d of schedule) {
    if (paidStarts.has(d.periodStart) || d.periodStart > runOn) continue;
    const adjustmentPence = Math.max(owed, -d.amountPence);
    owed -= adjustmentPence;
    result.push({ ...d, adjustmentPence });
  }
  return result;
}

/** The payment period a day falls in (its first and last day, and how many days), or null before the first payment or after the end. */
export function periodContaining(terms: AgreementTerms, day: string): { from: string; to: string; days: number } | null {
  const last = paymentsDue(terms, day).at(-1);
  if (!last || last.periodEnd < day) return null;
  return { from: last.periodStart, to: last.periodEnd, days: daysBetween(last.periodStart, last.periodEnd) + 1 };
}
