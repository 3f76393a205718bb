/**
 * The direct payments ledger: double entry in integer pence, never edited. Every movement is a
 * transaction of entries that sum to zero; a correction is a new transaction. Accounts:
 *
 * - `council` — the council's direct payments budget (money goes out of it to accounts);
 * - `account` — the money held in a person's direct payment account;
 * - `spend` — what the account paid out (a refund is negative spend);
 * - `reclaimed` — money returned to the council, or netted from a payment.
 *
 * So an account's balance is always payments in − spending − reclaims. Pure.
 */
export type LedgerAccount = 'council' | 'account' | 'spend' | 'reclaimed';

export interface LedgerEntry {
  account: LedgerAccount;
  amountPence: number;
}

export type MovementKind = 'payment' | 'spend' | 'reclaim';

export function movement(kind: MovementKind, amountPence: number): LedgerEntry[] {
  if (!Number.isSafeInteger(amountPence)) throw new Error('a ledger amount is a whole number of pence');
  if (kind === 'payment') return [{ account: 'account', amountPence }, { account: 'council', amountPence: -amountPence }];
  if (kind === 'spend') return [{ account: 'account', amountPence: -amountPence }, { account: 'spend', amountPence }];
  return [{ account: 'account', amountPence: -amountPence }, { account: 'reclaimed', amountPence }];
}

export function balanced(entries: readonly LedgerEntry[]): boolean {
  return entries.reduce((sum, e) => sum + e.amountPence, 0) === 0;
}

export function totals(entries: readonly LedgerEntry[]): Record<LedgerAccount, number> {
  const t: Record<LedgerAccount, number> = { council: 0, account: 0, spend: 0, reclaimed: 0 };
  for (const e of entries) t[e.account] += e.amountPence;
  return t;
}
