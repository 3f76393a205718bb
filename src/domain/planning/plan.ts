import { roundHalfUpNumber } from '../ras/exact.js';

/**
 * The care and support plan (Care Act s25) as pure data, and the money in it. Every amount is
 * integer pence; a quantity carries up to two decimal places (7.5 hours) and is held in
 * hundredths, so a line's weekly cost is rounded once, half up.
 */

/** How each part of the budget is managed (seed 002's deployment options). */
export const MANAGEMENT = {
  'direct-payment': 'Direct payment to the person',
  'indirect-payment': 'Direct payment through a nominated or authorised person',
  'council-managed': 'Council-managed personal budget',
  'council-commissioned': 'Council-commissioned support',
  'individual-service-fund': 'Individual Service Fund held by a provider',
  trust: 'Trust managed by family and friends',
  brokerage: 'Independent brokerage',
} as const;
export type Management = keyof typeof MANAGEMENT;

/** Lines managed this way are paid to the person or their representative as a direct payment. */
export const PAID_AS_DIRECT_PAYMENT: readonly Management[] = ['direct-payment', 'indirect-payment'];

export const FUNDING_STREAMS = {
  'social-care': 'Social care',
  health: 'Health',
  'supporting-people': 'Supporting People',
  'disabled-facilities-grant': 'Disabled Facilities Grant',
  'access-to-work': 'Access to Work',
  'independent-living-fund': 'Independent Living Fund',
} as const;
export type FundingStream = keyof typeof FUNDING_STREAMS;

export const FREQUENCIES = {
  'hours-a-week': 'Hours a week',
  'visits-a-week': 'Visits a week',
  'one-off': 'One-off',
} as const;
export type Frequency = keyof typeof FREQUENCIES;

export const PAYMENT_FREQUENCIES = {
  'four-weekly': 'Every 4 weeks, in advance',
  weekly: 'Every week',
  monthly: 'Every month',
} as const;
export type PaymentFrequency = keyof typeof PAYMENT_FREQUENCIES;

/** A year of a weekly amount in the plan and the budget statement. */
export const WEEKS_PER_YEAR = 52;

export interface Outcome {
  id: string;
  text: string;
  /** Ids of the assessed needs (assessment domains) this outcome is about. */
  needs: string[];
}

export interface UnpaidSupport {
  id: string;
  who: string;
  what: string;
  needs: string[];
}

export interface SupportLine {
  id: string;
  description: string;
  /** A directory entry, or free text when the provider is not in the directory. */
  directoryEntryId: string | null;
  providerName: string;
  providerKind: 'personal-assistant' | 'organisation';
  frequency: Frequency;
  /** Hours or visits a week, or the number of one-off purchases, in hundredths. */
  quantityHundredths: number;
  unitCostPence: number;
  needs: string[];
  outcomes: string[];
  management: Management;
  fundingStream: FundingStream;
  /** Pays a spouse, partner or close relative who lives in the same household. */
  paysRelativeInHousehold: boolean;
  /** The council's recorded decision that paying them is necessary (DP Regulations 2014 reg 3). */
  relativeDecision: string | null;
  employerInsurance: string | null;
  payrollArrangement: string | null;
}

export interface PlanMoney {
  lines: readonly SupportLine[];
  contributionWeeklyPence: number;
  paymentFrequency: PaymentFrequency;
}

/** A weekly line's cost a week, or a one-off line's whole cost: quantity × unit cost, rounded once. */
export function lineCost(line: Pick<SupportLine, 'quantityHundredths' | 'unitCostPence'>): number {
  return roundHalfUpNumber(line.quantityHundredths * line.unitCostPence, 100);
}

export function lineAnnualCost(line: Pick<SupportLine, 'quantityHundredths' | 'unitCostPence' | 'frequency'>): number {
  return line.frequency === 'one-off' ? lineCost(line) : lineCost(line) * WEEKS_PER_YEAR;
}

export interface PlanCost {
  /** Social care lines: what the personal budget pays for. */
  weeklyPence: number;
  oneOffPence: number;
  annualPence: number;
  /** Other funding streams, recorded but outside the personal budget. */
  otherStreams: { fundingStream: FundingStream; weeklyPence: number; oneOffPence: number }[];
}

export function planCost(lines: readonly SupportLine[]): PlanCost {
  let weeklyPence = 0;
  let oneOffPence = 0;
  const other = new Map<FundingStream, { weeklyPence: number; oneOffPence: number }>();
  for (const line of lines) {
    const cost = lineCost(line);
    if (line.fundingStream === 'social-care') {
      if (line.frequency === 'one-off') oneOffPence += cost;
      else weeklyPence += cost;
    } else {
      const sum = other.get(line.fundingStream) ?? { weeklyPence: 0, oneOffPence: 0 };
      if (line.frequency === 'one-off') sum.oneOffPence += cost;
      else sum.weeklyPence += cost;
      other.set(line.fundingStream, sum);
    }
  }
  return {
    weeklyPence,
    oneOffPence,
    annualPence: weeklyPence * WEEKS_PER_YEAR + oneOffPence,
    otherStreams: [...other].map(([fundingStream, sum]) => ({ fundingStream, ...sum })),
  };
}

/**
 * The personal budget statement (Care Act s26): (a) the cost to the council of meeting the needs,
 * (b) what the person pays from their financial assessment, (c) what the council pays; c = a − b.
 * The contribution is taken from the regular weekly cost; one-off costs are paid by the council.
 * A direct payment is paid net of the contribution (£150 − £40 = £110 a week).
 */
export interface BudgetStatement {
  weekly: { costPence: number; contributionPence: number; councilPence: number };
  annual: { costPence: number; contributionPence: number; councilPence: number };
  oneOffPence: number;
  /** The contribution assessed is more than the regular cost: the person pays the whole cost. */
  contributionLimitedToCost: boolean;
  directPayment: null | {
    grossWeeklyPence: number;
    netWeeklyPence: number;
    frequency: PaymentFrequency;
    /** Each regular payment: weekly, 4 × weekly, or 52 × weekly ÷ 12 rounded once. */
    paymentPence: number;
    oneOffPence: number;
  };
}

export function paymentAmount(netWeeklyPence: number, frequency: PaymentFrequency): number {
  if (frequency === 'weekly') return netWeeklyPence;
  if (frequency === 'four-weekly') return netWeeklyPence * 4;
  return roundHalfUpNumber(netWeeklyPence * WEEKS_PER_YEAR, 12);
}

export function budgetStatement(money: PlanMoney): BudgetStatement {
  const cost = planCost(money.lines);
  const contribution = Math.min(money.contributionWeeklyPence, cost.weeklyPence);
  const weekly = { costPence: cost.weeklyPence, contributionPence: contribution, councilPence: cost.weeklyPence - contribution };
  const annual = {
    costPence: cost.annualPence,
    contributionPence: contribution * WEEKS_PER_YEAR,
    councilPence: cost.annualPence - contribution * WEEKS_PER_YEAR,
  };
  const paid = money.lines.filter(isPaidAsDirectPayment);
  let directPayment: BudgetStatement['directPayment'] = null;
  if (paid.length > 0) {
    const grossWeeklyPence = paid.filter((l) => l.frequency !== 'one-off').reduce((sum, l) => sum + lineCost(l), 0);
    const oneOffPence = paid.filter((l) => l.frequency === 'one-off').reduce((sum, l) => sum + lineCost(l), 0);
    const netWeeklyPence = Math.max(0, grossWeeklyPence - contribution);
    directPayment = { grossWeeklyPence, netWeeklyPence, frequency: money.paymentFrequency, paymentPence: paymentAmount(netWeeklyPence, money.paymentFrequency), oneOffPence };
  }
  return { weekly, annual, oneOffPence: cost.oneOffPence, contributionLimitedToCost: money.contributionWeeklyPence > cost.weeklyPence, directPayment };
}

/** "7.5" from 750 hundredths. */
export function quantityText(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** "7.5" → 750; null when it is not a positive number with at most two decimal places. */
export function parseQuantity(text: string): number | null {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return value > 0 ? value : null;
}

/**
 * The one definition of a plan line paid by direct payment: social care money (the council's
 * budget; health and other streams are paid their own way), managed as a direct or indirect payment.
 */
export function isPaidAsDirectPayment(line: Pick<SupportLine, 'fundingStream' | 'management'>): boolean {
  return line.fundingStream === 'social-care' && PAID_AS_DIRECT_PAYMENT.includes(line.management);
}

/** The plan has some support paid by direct payment. */
export function hasDirectPayment(lines: readonly SupportLine[]): boolean {
  return lines.some(isPaidAsDirectPayment);
}

/** The regular (weekly) lines a direct payment account pays for and is monitored against; one-offs are paid once. */
export function regularDirectPaymentLines(lines: readonly SupportLine[]): SupportLine[] {
  return lines.filter((l) => isPaidAsDirectPayment(l) && l.frequency !== 'one-off');
}
