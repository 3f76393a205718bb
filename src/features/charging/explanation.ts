import type { Circumstances, Contribution } from '../../domain/charging/contribution.js';
import type { ChargingRules } from '../../domain/charging/rules.js';
import { formatPence } from '../../domain/money/pence.js';
import { formatDate } from '../../web/format.js';
import { INCOME_LINES } from './entries.js';

/**
 * How a contribution was worked out, in plain English, for the person and for staff: what was
 * counted and what was not, the savings, what is left for living costs, and the result. The same
 * object is the JSON explanation. Pure.
 */
export interface ExplanationLine {
  text: string;
  pence: number;
}
export interface ExplanationStep {
  heading: string;
  says: string[];
  lines: ExplanationLine[];
  total?: ExplanationLine;
}
export interface Explanation {
  weeklyContributionPence: number;
  reason: Contribution['reason'];
  headline: string;
  assessedOn: string;
  rules: { id: string; financialYear: string; title: string; figuresToConfirm: number };
  steps: ExplanationStep[];
  figures: Omit<Contribution, 'parts' | 'assessed'>;
}

const money = formatPence;
const week = (pence: number) => `${money(pence)} a week`;

const NOT_COUNTED: Partial<Record<keyof Circumstances, string>> = {
  dlaMobilityPence: 'mobility money is never counted',
  pipMobilityPence: 'mobility money is never counted',
  earningsPence: 'money from work is never counted',
  armedForcesGipAfipPence: 'this payment is never counted',
  childBenefitCtcPence: 'money for children is not counted',
  otherDisregardedPence: 'this is not counted',
};

function incomeStep(c: Circumstances, r: Contribution): ExplanationStep {
  const p = r.parts;
  const counted: ExplanationLine[] = [];
  const notCounted: ExplanationLine[] = [];
  for (const line of INCOME_LINES) {
    const pence = c[line.key] as number;
    if (pence === 0) continue;
    if (line.key === 'jointIncomePence') {
      counted.push({ text: `Half of the money you and your partner get together (${week(pence)})`, pence: p.halfJointIncome });
      continue;
    }
    const kept =
      line.key === 'aaPence' ? p.nightElements.aa : line.key === 'dlaCarePence' ? p.nightElements.dlaCare : line.key === 'pipDailyLivingPence' ? p.nightElements.pip : line.key === 'pensionCreditSavingsPence' ? p.savingsCreditDisregard : line.key === 'warPensionPence' ? p.warPensionDisregard : NOT_COUNTED[line.key] ? pence : 0;
    if (pence - kept > 0) counted.push({ text: line.label, pence: pence - kept });
    if (kept > 0) {
      const why = NOT_COUNTED[line.key] ?? (line.key === 'pensionCreditSavingsPence' ? 'part of Savings Credit is not counted' : line.key === 'warPensionPence' ? 'part of a war pension is not counted' : 'you do not get care at night from us, so the extra for night care is not counted');
      notCounted.push({ text: `${line.label}: ${why}`, pence: kept });
    }
  }
  return {
    heading: 'Your money each week',
    says: [counted.length === 0 ? 'We did not count any of your money.' : 'This is the money we counted. Some money is never counted.'],
    lines: [...counted, ...notCounted.map((l) => ({ ...l, text: `Not counted: ${l.text}` }))],
    total: { text: 'Money we counted', pence: r.countedIncomePence },
  };
}

function savingsStep(rules: ChargingRules, r: Contribution): ExplanationStep {
  const lower = rules.capital.lowerPence;
  const upper = rules.capital.upperPence;
  const says = [`Your savings and other capital come to ${money(r.capitalPence)}${r.parts.jointCapitalShare > 0 ? `, with your share of what you own with others (${money(r.parts.jointCapitalShare)})` : ''}. Your home is not counted.`];
  if (r.capitalPence <= lower) says.push(`Savings up to ${money(lower)} are not counted, so we count nothing from yours.`);
  else
    says.push(
      `Savings up to ${money(lower)} are not counted. For each ${money(rules.capital.tariffPerPence)} above that, or part of ${money(rules.capital.tariffPerPence)}, we count ${money(rules.capital.tariffWeeklyPence)} a week as income. You have ${r.parts.tariffBands} of these, so we count ${week(r.tariffIncomePence)}.`,
    );
  return { heading: 'Your savings', says: [...says, `If savings are more than ${money(upper)}, a person pays the whole cost of their care.`], lines: [], total: { text: 'Counted from savings', pence: r.tariffIncomePence } };
}

const MIG_BASE: Record<Contribution['parts']['migBase'], string> = {
  'single-18-to-24': 'for a single person aged 18 to 24',
  'single-25-to-pension-credit-age': 'for a single person aged 25 or over',
  'single-pension-credit-age': 'for a person of pension age',
  'lone-parent': 'for a lone parent',
  'lone-parent-pension-credit-age': 'for a lone parent of pension age',
  couple: 'for each person in a couple',
  'couple-pension-credit-age': 'for each person in a couple of pension age',
};

function leftForYouStep(r: Contribution): ExplanationStep {
  const p = r.parts;
  const lines: ExplanationLine[] = [];
  if (r.housingCostsPence > 0) lines.push({ text: 'Your rent, mortgage and Council Tax', pence: r.housingCostsPence });
  if (r.drePence > 0) lines.push({ text: 'Extra costs because of your disability or illness', pence: r.drePence });
  lines.push({ text: `Money to live on ${MIG_BASE[p.migBase]}`, pence: p.migBasePence });
  if (p.migChildrenPence > 0) lines.push({ text: 'Money to live on for your children', pence: p.migChildrenPence });
  if (p.migPremiumsPence.disability > 0) lines.push({ text: 'Extra money to live on: disability', pence: p.migPremiumsPence.disability });
  if (p.migPremiumsPence.enhancedDisability > 0) lines.push({ text: 'Extra money to live on: severe disability', pence: p.migPremiumsPence.enhancedDisability });
  if (p.migPremiumsPence.carer > 0) lines.push({ text: 'Extra money to live on: you are a carer', pence: p.migPremiumsPence.carer });
  if (r.migPence > p.statutoryMigPence) lines.push({ text: 'Extra the council leaves you', pence: r.migPence - p.statutoryMigPence });
  return {
    heading: 'Money we leave you',
    says: ['The law says you must always keep enough money to live on. We also leave you money for your home and for the extra costs of your disability.'],
    lines,
    total: { text: 'Money we leave you', pence: r.housingCostsPence + r.drePence + r.migPence },
  };
}

function resultStep(rules: ChargingRules, c: Circumstances, r: Contribution): ExplanationStep {
  const says: string[] = [];
  const left = r.disposableIncomePence;
  says.push(left > 0 ? `Money we counted and savings (${week(r.countedIncomePence + r.tariffIncomePence)}), take away the money we leave you: ${week(left)} is left over.` : 'After the money we leave you, nothing is left over.');
  const percent = rules.council.percentOfDisposable;
  if (left > 0 && percent !== '100') says.push(`We ask for ${percent}% of what is left over: ${week(r.parts.percentagePence)}.`);
  if (r.reason === 'below-minimum-charge') says.push(`That is less than ${week(rules.council.minimumChargeWeeklyPence)}, so you pay nothing.`);
  if (r.reason === 'capped-at-cost') says.push(`Your care costs ${week(c.costOfCareWeeklyPence)}. You never pay more than your care costs.`);
  if (r.reason === 'capped-at-maximum') says.push(`The most anyone pays is ${week(rules.council.maximumWeeklyPence ?? 0)}.`);
  return { heading: 'What you pay', says, lines: [] };
}

function headline(r: Contribution): string {
  const pay = `You pay ${week(r.weeklyContributionPence)} towards your care.`;
  switch (r.reason) {
    case 'free-service':
      return 'You pay nothing: this care is free by law.';
    case 'light-touch-nil':
      return 'You pay nothing: your benefits show you cannot pay towards your care.';
    case 'light-touch-full-cost':
      return `${pay} You chose to pay the whole cost without a full check of your money.`;
    case 'full-cost-capital':
      return `${pay} Your savings are more than the limit, so you pay the whole cost.`;
    case 'nil-below-mig':
      return 'You pay nothing: after the money we leave you, nothing is left over.';
    case 'below-minimum-charge':
      return 'You pay nothing: the amount is too small to collect.';
    default:
      return pay;
  }
}

export function explainContribution(a: { rules: ChargingRules; circumstances: Circumstances; result: Contribution; assessedOn: string }): Explanation {
  const { rules, circumstances: c, result: r } = a;
  const { parts: _parts, assessed: _assessed, ...figures } = r;
  const steps: ExplanationStep[] = [];
  if (r.reason === 'free-service' || r.reason === 'light-touch-nil') {
    steps.push({ heading: 'Why', says: [headline(r)], lines: [] });
  } else if (!r.assessed) {
    steps.push(savingsStep(rules, r));
    steps.push({ heading: 'What you pay', says: [`Your care costs ${week(c.costOfCareWeeklyPence)}.${r.reason === 'capped-at-maximum' ? ` The most anyone pays is ${week(rules.council.maximumWeeklyPence ?? 0)}.` : ''}`], lines: [] });
  } else {
    steps.push(incomeStep(c, r), savingsStep(rules, r), leftForYouStep(r), resultStep(rules, c, r));
  }
  return {
    weeklyContributionPence: r.weeklyContributionPence,
    reason: r.reason,
    headline: headline(r),
    assessedOn: a.assessedOn,
    rules: { id: rules.id, financialYear: rules.financialYear, title: rules.title, figuresToConfirm: rules.toConfirm.length },
    steps,
    figures,
  };
}

/** The sentence staff and the person see beside the figures: which assessment and rules it came from. */
export function basisSentence(e: Explanation): string {
  return `Worked out on ${formatDate(e.assessedOn)} with the council’s charging rules for ${e.rules.financialYear}.`;
}
