import { formatPence } from '../money/pence.js';
import { FREQUENCIES, FUNDING_STREAMS, MANAGEMENT, type Outcome, PAYMENT_FREQUENCIES, type PaymentFrequency, type SupportLine, type UnpaidSupport, lineCost, quantityText } from './plan.js';

/** What changed between two versions of a support plan, in sentences, for the new version’s page. */

export interface PlanContent {
  importantToMe: string | null;
  stayingWell: string | null;
  contingency: string | null;
  preventionAdvice: string | null;
  outcomes: Outcome[];
  unpaidSupport: UnpaidSupport[];
  lines: SupportLine[];
  contributionWeeklyPence: number;
  paymentFrequency: PaymentFrequency;
  exceptionalNeed: string | null;
  differenceReason: string | null;
}

export const SECTION_TITLES = {
  importantToMe: 'What is important to me',
  stayingWell: 'What I can do to stay well',
  contingency: 'If something goes wrong (contingency)',
  preventionAdvice: 'Advice on preventing or delaying needs',
  exceptionalNeed: 'Exceptional need',
  differenceReason: 'Why the plan costs more than the indicative budget',
} as const;

export interface PlanChange {
  part: string;
  change: string;
}

function describeLine(line: SupportLine): string {
  const how = line.frequency === 'one-off' ? `one-off, ${formatPence(lineCost(line))}` : `${quantityText(line.quantityHundredths)} ${FREQUENCIES[line.frequency].toLowerCase()} at ${formatPence(line.unitCostPence)}, ${formatPence(lineCost(line))} a week`;
  return `${line.description} from ${line.providerName} (${how}; ${MANAGEMENT[line.management].toLowerCase()}; ${FUNDING_STREAMS[line.fundingStream].toLowerCase()})`;
}

export function planChanges(before: PlanContent, after: PlanContent): PlanChange[] {
  const changes: PlanChange[] = [];
  for (const key of Object.keys(SECTION_TITLES) as (keyof typeof SECTION_TITLES)[]) {
    const a = before[key] ?? '';
    const b = after[key] ?? '';
    if (a === b) continue;
    changes.push({ part: SECTION_TITLES[key], change: !a ? `Added: ${b}` : !b ? 'Removed' : `Changed from “${a}” to “${b}”` });
  }
  const listed = <T extends { id: string }>(part: string, was: T[], now: T[], text: (x: T) => string) => {
    const old = new Map(was.map((x) => [x.id, x]));
    const current = new Map(now.map((x) => [x.id, x]));
    for (const x of now) {
      const previous = old.get(x.id);
      if (!previous) changes.push({ part, change: `Added: ${text(x)}` });
      else if (text(previous) !== text(x)) changes.push({ part, change: `Changed from “${text(previous)}” to “${text(x)}”` });
    }
    for (const x of was) if (!current.has(x.id)) changes.push({ part, change: `Removed: ${text(x)}` });
  };
  listed('Outcomes', before.outcomes, after.outcomes, (o) => o.text);
  listed('Support from family, friends and community', before.unpaidSupport, after.unpaidSupport, (u) => `${u.who}: ${u.what}`);
  listed('Costed support', before.lines, after.lines, describeLine);
  if (before.contributionWeeklyPence !== after.contributionWeeklyPence) {
    changes.push({ part: 'Your contribution', change: `Changed from ${formatPence(before.contributionWeeklyPence)} to ${formatPence(after.contributionWeeklyPence)} a week` });
  }
  if (before.paymentFrequency !== after.paymentFrequency) {
    changes.push({ part: 'Direct payments', change: `Paid ${PAYMENT_FREQUENCIES[after.paymentFrequency].toLowerCase()} instead of ${PAYMENT_FREQUENCIES[before.paymentFrequency].toLowerCase()}` });
  }
  return changes;
}
