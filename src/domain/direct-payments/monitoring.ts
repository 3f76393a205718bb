import { roundHalfUpNumber } from '../ras/exact.js';

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
 * (the weekly contribution for each day of the agreement so far, rounded once) against what came
 * in that was not the council's. A shortfall is flagged only when it is more than the council's
 * grace (weeks of contribution, configuration), and it is never taken back from the budget: it is
 * a matter to raise with the person. Pure.
 */
export interface ContributionCheck {
  expectedPence: number;
  receivedPence: number;
  shortfallPence: number;
  flagged: boolean;
}

export function contributionCheck(input: { weeklyPence: number; days: number; receivedPence: number; graceWeeks: number }): ContributionCheck {
  const expectedPence = roundHalfUpNumber(input.weeklyPence * Math.max(0, input.days), 7);
  const shortfallPence = Math.max(0, expectedPence - input.receivedPence);
  return { expectedPence, receivedPence: input.receivedPence, shortfallPence, flagged: input.weeklyPence > 0 && shortfallPence > input.weeklyPence * input.graceWeeks };
}
