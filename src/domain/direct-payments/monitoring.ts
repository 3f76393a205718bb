import { addDays } from '../directory/checks.js';
import { roundHalfUpNumber } from '../ras/exact.js';
import { payableDays } from './schedule.js';

/**
 * Proportionate monitoring: what an account holds beyond what it needs, and whether to propose a
 * reclaim. The surplus allows for the contingency and known liabilities (personal assistants'
 * accrued holiday pay and notice); a reclaim is proposed only above the council's threshold
 * (weeks of net payments, configuration). Pure.
 */
export interface SurplusInput {
  balancePence: number;
  contingencyPence: number;
  /** Pay to personal assistants in the period, for accrued holiday pay. */
  personalAssistantPayPence: number;
  /** Holiday pay accrues at this percentage of pay (12.07% for 5.6 weeks a year). */
  holidayAccrualPercent: number;
  /** Weekly pay to personal assistants, for notice. */
  personalAssistantWeeklyPence: number;
  noticeWeeks: number;
  netWeeklyPence: number;
  thresholdWeeks: number;
}

export interface Surplus {
  holidayPence: number;
  noticePence: number;
  liabilitiesPence: number;
  surplusPence: number;
  thresholdPence: number;
  /** The surplus above the threshold, proposed for reclaim; 0 when there is none. */
  proposedReclaimPence: number;
  explanation: string[];
}

export function surplusOf(input: SurplusInput, money: (pence: number) => string): Surplus {
  const basisPoints = Math.round(input.holidayAccrualPercent * 100);
  const holiday = roundHalfUpNumber(input.personalAssistantPayPence * basisPoints, 10_000);
  const notice = input.personalAssistantWeeklyPence * input.noticeWeeks;
  const liabilitiesPence = holiday + notice;
  const surplusPence = Math.max(0, input.balancePence - input.contingencyPence - liabilitiesPence);
  const thresholdPence = input.netWeeklyPence * input.thresholdWeeks;
  const proposedReclaimPence = surplusPence > thresholdPence ? surplusPence - thresholdPence : 0;
  const explanation = [
    `The account holds ${money(input.balancePence)}.`,
    `Kept back: the contingency of ${money(input.contingencyPence)}, personal assistants’ holiday pay built up of ${money(holiday)} and notice pay of ${money(notice)}.`,
    `That leaves ${money(surplusPence)} unspent. The council lets an account keep up to ${input.thresholdWeeks} weeks of payments (${money(thresholdPence)}).`,
    proposedReclaimPence > 0 ? `So ${money(proposedReclaimPence)} is more than the account needs and could be returned.` : 'So nothing needs to be returned.',
  ];
  return { holidayPence: holiday, noticePence: notice, liabilitiesPence, surplusPence, thresholdPence, proposedReclaimPence, explanation };
}

/**
 * The person's assessed contribution, paid into the account: what should have arrived by a day
 * (each plan version's weekly contribution for each of its days, not counting days the payments
 * were suspended, rounded once) against what came in that was not the council's. A shortfall is
 * flagged only when it is more than the council's grace (weeks of the current contribution,
 * configuration), and it is never taken back from the budget: it is a matter to raise with the
 * person. Pure.
 */
export interface ContributionCheck {
  expectedPence: number;
  receivedPence: number;
  shortfallPence: number;
  flagged: boolean;
}

export interface ContributionPiece {
  weeklyPence: number;
  days: number;
}

/** Each plan version's days from the start to `lastDay`, less suspended days. `versions` start with the first plan's, from the start. */
export function contributionPieces(input: { startOn: string; lastDay: string; versions: { fromOn: string; weeklyPence: number }[]; suspensions: { fromOn: string; toOn: string }[] }): ContributionPiece[] {
  const versions = [...input.versions].sort((a, b) => (a.fromOn < b.fromOn ? -1 : a.fromOn > b.fromOn ? 1 : 0));
  const pieces: ContributionPiece[] = [];
  versions.forEach((v, i) => {
    const from = v.fromOn > input.startOn ? v.fromOn : input.startOn;
    const next = versions[i + 1];
    const to = next && addDays(next.fromOn, -1) < input.lastDay ? addDays(next.fromOn, -1) : input.lastDay;
    if (from <= to) pieces.push({ weeklyPence: v.weeklyPence, days: payableDays(from, to, input.suspensions) });
  });
  return pieces;
}

export function contributionCheck(input: { pieces: ContributionPiece[]; weeklyPence: number; receivedPence: number; graceWeeks: number }): ContributionCheck {
  const expectedPence = roundHalfUpNumber(input.pieces.reduce((sum, p) => sum + p.weeklyPence * Math.max(0, p.days), 0), 7);
  const shortfallPence = Math.max(0, expectedPence - input.receivedPence);
  return { expectedPence, receivedPence: input.receivedPence, shortfallPence, flagged: expectedPence > 0 && shortfallPence > input.weeklyPence * input.graceWeeks };
}
