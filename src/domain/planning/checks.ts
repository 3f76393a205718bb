import { type CheckPolicy, type CheckRecord, DEFAULT_CHECK_POLICY, personalAssistantLegalCheck } from '../directory/checks.js';
import { formatPence } from '../money/pence.js';
import { type Outcome, isPaidAsDirectPayment, type SupportLine, type UnpaidSupport, WEEKS_PER_YEAR, planCost } from './plan.js';

/**
 * The three plan checks of seed 002: Effective, Legal and Affordable. Each problem is a sentence
 * a person can read and says what to change; `fix` says which part of the plan it is about, so a
 * page can link to it. Pure: the caller gives the assessed needs, directory checks and today.
 */

export interface AssessedNeed {
  id: string;
  title: string;
}

export type FixTarget = { part: 'outcomes' } | { part: 'line'; id: string } | { part: 'money' } | { part: 'needs' };

export interface PlanProblem {
  message: string;
  fix: FixTarget;
}

export interface CheckResult {
  passed: boolean;
  problems: PlanProblem[];
  /** Things that are fine but someone should know: a difference explained, a check due soon. */
  notes: string[];
}

export interface DirectoryFacts {
  name: string;
  kind: 'provider' | 'personal-assistant' | 'support-organisation';
  checks: CheckRecord[];
}

export interface PlanCheckInput {
  needs: readonly AssessedNeed[];
  outcomes: readonly Outcome[];
  unpaidSupport: readonly UnpaidSupport[];
  lines: readonly SupportLine[];
  directory: ReadonlyMap<string, DirectoryFacts>;
  indicativeWeeklyPence: number;
  differenceReason: string | null;
  today: string;
  checkPolicy?: CheckPolicy;
}

export interface PlanChecks {
  effective: CheckResult;
  legal: CheckResult;
  affordable: CheckResult;
}

const result = (problems: PlanProblem[], notes: string[] = []): CheckResult => ({ passed: problems.length === 0, problems, notes });

/** Effective: every assessed need is met by a paid line or by unpaid support; money goes only on assessed needs. */
export function effectiveCheck(input: Pick<PlanCheckInput, 'needs' | 'outcomes' | 'unpaidSupport' | 'lines'>): CheckResult {
  const problems: PlanProblem[] = [];
  if (input.outcomes.length === 0) problems.push({ message: 'Add at least one outcome the person wants to achieve', fix: { part: 'outcomes' } });
  const met = new Set([...input.lines.flatMap((l) => l.needs), ...input.unpaidSupport.flatMap((u) => u.needs)]);
  for (const need of input.needs) {
    if (!met.has(need.id)) problems.push({ message: `Nothing in the plan meets the assessed need “${need.title}”: add support for it, paid or unpaid`, fix: { part: 'needs' } });
  }
  const assessed = new Set(input.needs.map((n) => n.id));
  for (const line of input.lines) {
    if (!line.needs.some((n) => assessed.has(n))) {
      problems.push({ message: `“${line.description}” does not meet any assessed need: the budget may only be spent on assessed needs and agreed outcomes`, fix: { part: 'line', id: line.id } });
    }
  }
  return result(problems);
}

/**
 * Legal: no line pays a spouse, partner or close relative in the same household without a
 * recorded decision (Direct Payments Regulations 2014 reg 3); a personal assistant paid by direct
 * payment has an in-date DBS check in the directory, and the employer’s insurance and payroll are recorded.
 */
export function legalCheck(input: Pick<PlanCheckInput, 'lines' | 'directory' | 'today' | 'checkPolicy'>): CheckResult {
  const problems: PlanProblem[] = [];
  for (const line of input.lines) {
    const fix: FixTarget = { part: 'line', id: line.id };
    const entry = line.directoryEntryId ? input.directory.get(line.directoryEntryId) : undefined;
    const name = entry?.name ?? line.providerName;
    const directPayment = isPaidAsDirectPayment(line);
    if (line.paysRelativeInHousehold && !line.relativeDecision) {
      problems.push({
        message: `“${line.description}” pays a close relative who lives with the person. Record the council’s decision that this is necessary, or choose someone else`,
        fix,
      });
    }
    const personalAssistant = entry ? entry.kind === 'personal-assistant' : line.providerKind === 'personal-assistant';
    if (!directPayment || !personalAssistant) continue;
    if (!entry) {
      problems.push({ message: `${name} is not in the directory, so no DBS check is recorded. Propose them for the directory (a manager adds them and records their checks), then choose them for “${line.description}”`, fix });
    } else {
      const legal = personalAssistantLegalCheck(name, entry.checks, input.today, input.checkPolicy ?? DEFAULT_CHECK_POLICY);
      for (const reason of legal.reasons) problems.push({ message: reason, fix });
    }
    if (!line.employerInsurance) problems.push({ message: `Record the employer’s liability insurance for employing ${name}`, fix });
    if (!line.payrollArrangement) problems.push({ message: `Record how ${name} is paid through payroll, so tax and National Insurance are paid`, fix });
  }
  return result(problems);
}

/** Affordable: the cost is within the indicative personal budget, or the difference is explained (and goes to sign-off at the right level). */
export function affordableCheck(input: Pick<PlanCheckInput, 'lines' | 'indicativeWeeklyPence' | 'differenceReason'>): CheckResult {
  const cost = planCost(input.lines);
  const budgetAnnual = input.indicativeWeeklyPence * WEEKS_PER_YEAR;
  const over = cost.annualPence - budgetAnnual;
  const costText = cost.oneOffPence > 0 ? `${formatPence(cost.weeklyPence)} a week and ${formatPence(cost.oneOffPence)} one-off (${formatPence(cost.annualPence)} a year)` : `${formatPence(cost.weeklyPence)} a week`;
  const budgetText = cost.oneOffPence > 0 ? `${formatPence(input.indicativeWeeklyPence)} a week (${formatPence(budgetAnnual)} a year)` : `${formatPence(input.indicativeWeeklyPence)} a week`;
  if (over <= 0) return result([], [`The plan costs ${costText}, within the indicative personal budget of ${budgetText}`]);
  const overText = cost.oneOffPence > 0 ? `${formatPence(over)} a year` : `${formatPence(cost.weeklyPence - input.indicativeWeeklyPence)} a week`;
  if (!input.differenceReason) {
    return result([{ message: `The plan costs ${costText}, ${overText} more than the indicative personal budget of ${budgetText}. Explain why, or change the plan`, fix: { part: 'money' } }]);
  }
  return result([], [`The plan costs ${overText} more than the indicative personal budget of ${budgetText}. The reason is recorded and the plan needs sign-off at a higher level`]);
}

export function planChecks(input: PlanCheckInput): PlanChecks {
  return { effective: effectiveCheck(input), legal: legalCheck(input), affordable: affordableCheck(input) };
}

export function allPassed(checks: PlanChecks): boolean {
  return checks.effective.passed && checks.legal.passed && checks.affordable.passed;
}
