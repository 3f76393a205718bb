import type { HouseholdRelative } from './household.js';

/**
 * Matching an account's spending to the plan. A transaction goes to the plan line whose provider
 * the counterparty names (the plan's and the directory's names) or, for a care merchant category,
 * to the plan's one organisation; it is flagged when it is a cash
 * withdrawal (merchant category 6011), pays a close relative in the household, or matches nothing
 * the plan covers. Unmatched spending waits for an officer. Pure.
 */
export interface PlanPayee {
  lineId: string;
  description: string;
  names: string[];
  /** An organisation (not a personal assistant): a care merchant's card payment may be for it. */
  organisation?: boolean;
  paysRelativeInHousehold: boolean;
  relativeDecision: boolean;
}

export type Flag = 'cash-withdrawal' | 'household-relative' | 'not-in-plan';

export const FLAG_TEXT: Record<Flag, string> = {
  'cash-withdrawal': 'Cash withdrawal',
  'household-relative': 'Pays a close relative in the household without a recorded decision',
  'not-in-plan': 'Spending the plan does not cover',
};

export const CASH_WITHDRAWAL_MCC = '6011';

/** Card scheme merchant categories for care and support: nursing and personal care, health, social services, day care. */
export const CARE_MCCS = new Set(['8050', '8099', '8398', '8351', '8062']);

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * `relatives` are the close relatives living with the person: paying one is flagged whether or not
 * a plan line says so, unless the line that pays them records the council's decision to allow it.
 */
export function matchTransaction(
  tx: { amountPence: number; counterparty: string; description: string; mcc: string | null },
  payees: readonly PlanPayee[],
  relatives: readonly HouseholdRelative[] = [],
): { lineId: string | null; flags: Flag[] } {
  if (tx.amountPence >= 0) return { lineId: null, flags: [] };
  const flags: Flag[] = [];
  if (tx.mcc === CASH_WITHDRAWAL_MCC) flags.push('cash-withdrawal');
  const text = ` ${normalise(`${tx.counterparty} ${tx.description}`)} `;
  let payee = payees.find((p) => p.names.some((n) => normalise(n) !== '' && text.includes(` ${normalise(n)} `)));
  // No name matched: a care merchant's payment goes to the plan's one organisation, if it has exactly one.
  if (!payee && tx.mcc !== null && CARE_MCCS.has(tx.mcc)) {
    const organisations = payees.filter((p) => p.organisation);
    if (organisations.length === 1) payee = organisations[0];
  }
  const named = (n: string) => normalise(n) !== '' && text.includes(` ${normalise(n)} `);
  const relative = relatives.some((r) => r.names.some(named));
  const allowed = Boolean(payee?.paysRelativeInHousehold && payee.relativeDecision);
  if ((payee?.paysRelativeInHousehold && !payee.relativeDecision) || (relative && !allowed)) flags.push('household-relative');
  if (!payee && tx.mcc !== CASH_WITHDRAWAL_MCC) flags.push('not-in-plan');
  return { lineId: payee?.lineId ?? null, flags };
}

/** A payment into the account within this many days of a period's start is the council's own payment for it. */
export const COUNCIL_PAYMENT_WINDOW_DAYS = 10;

/** The first and last period start a payment in on this day can be the council's payment for. */
export function councilPaymentWindow(postedOn: string, addDays: (d: string, n: number) => string): { from: string; to: string } {
  return { from: addDays(postedOn, -COUNCIL_PAYMENT_WINDOW_DAYS), to: addDays(postedOn, COUNCIL_PAYMENT_WINDOW_DAYS) };
}

/** The flags after an officer matches a transaction to a line (or to none): unmatched spending other than cash is not in the plan. */
export function flagsAfterOfficerMatch(flags: readonly Flag[], lineId: string | null, mcc: string | null): Flag[] {
  const kept: Flag[] = flags.filter((f) => f !== 'not-in-plan');
  if (!lineId && mcc !== CASH_WITHDRAWAL_MCC) kept.push('not-in-plan');
  return kept;
}
