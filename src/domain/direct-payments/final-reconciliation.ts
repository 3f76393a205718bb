import { roundHalfUpNumber } from '../ras/exact.js';

/**
 * The final reconciliation of a direct payment that has ended: what the account holds, what the
 * council still owes for days up to the end, and what must still be paid from it (a personal
 * assistant's notice pay, holiday pay built up and not taken, redundancy pay where due, bills for
 * support already given). What is left is the final reclaim; a shortfall is a final payment from
 * the council, so that an employer is never left unable to pay their staff. Pure.
 */
export interface FinalReconciliationInput {
  /** The account's balance: money paid in, less spending and reclaims. */
  balancePence: number;
  /** Paid by the council for days after the end (already in the balance; shown, not added). */
  overpaidPence: number;
  /** Still owed by the council for days up to the end. */
  owedPence: number;
  liabilities: Liabilities;
}

export interface Liabilities {
  noticePence: number;
  holidayPence: number;
  redundancyPence: number;
  /** Bills for support given up to the end and not paid yet. */
  otherPence: number;
}

export type FinalOutcome = 'reclaim' | 'final-payment' | 'nothing';

export interface FinalReconciliation {
  liabilitiesPence: number;
  /** What is left once everything is paid: above 0 comes back to the council, below 0 the council pays. */
  positionPence: number;
  outcome: FinalOutcome;
  /** The reclaim or the final payment (never negative). */
  amountPence: number;
  /** For staff: each step of the sum. */
  explanation: string[];
}

export function finalReconciliation(input: FinalReconciliationInput, money: (pence: number) => string): FinalReconciliation {
  const l = input.liabilities;
  const liabilitiesPence = l.noticePence + l.holidayPence + l.redundancyPence + l.otherPence;
  const positionPence = input.balancePence + input.owedPence - liabilitiesPence;
  const outcome: FinalOutcome = positionPence > 0 ? 'reclaim' : positionPence < 0 ? 'final-payment' : 'nothing';
  const explanation = [
    `The account holds ${money(input.balancePence)}${input.overpaidPence > 0 ? `, including ${money(input.overpaidPence)} paid for days after the direct payment ended` : ''}.`,
    ...(input.owedPence > 0 ? [`The council still owes ${money(input.owedPence)} for days up to the end.`] : []),
    `Still to be paid from it: notice pay ${money(l.noticePence)}, holiday pay ${money(l.holidayPence)}, redundancy pay ${money(l.redundancyPence)} and other bills ${money(l.otherPence)}: ${money(liabilitiesPence)} in all.`,
    outcome === 'reclaim'
      ? `That leaves ${money(positionPence)}, which comes back to the council.`
      : outcome === 'final-payment'
        ? `That is ${money(-positionPence)} more than the account holds, which the council pays as a final payment.`
        : 'That leaves nothing to come back and nothing more to pay.',
  ];
  return { liabilitiesPence, positionPence, outcome, amountPence: Math.abs(positionPence), explanation };
}

/**
 * Statutory redundancy pay (Employment Rights Act 1996 s162), for a personal assistant employed for
 * two full years or more: for each full year of service, counted back from the end and at most 20,
 * half a week's pay for a year when they were under 22, one week from 22 to 40, and a week and a
 * half from 41; a week's pay is capped (configuration: the cap changes each April).
 */
export function statutoryRedundancyPence(input: { weeklyPayPence: number; weeklyCapPence: number; ageAtEnd: number; fullYears: number }): number {
  const years = Math.min(20, Math.max(0, Math.floor(input.fullYears)));
  if (years < 2 || input.weeklyPayPence <= 0) return 0;
  let halfWeeks = 0;
  for (let year = 1; year <= years; year++) {
    const age = input.ageAtEnd - year;
    halfWeeks += age >= 41 ? 3 : age >= 22 ? 2 : 1;
  }
  return roundHalfUpNumber(Math.min(input.weeklyPayPence, input.weeklyCapPence) * halfWeeks, 2);
}
