import { formatPence } from '../money/pence.js';
import { type Ratio, ONE, decimalOf, multiply, pow10, ratioOf, ratioText, roundHalfUp, roundHalfUpNumber } from './exact.js';
import type { RasBand, RasGroup, RasScheme } from './scheme.js';

/**
 * Pricing one completed assessment, exactly as ../shared/formats/README.md defines it:
 * domain points (capped), total, the adjustment factor, then a rate per point by group or an
 * annual amount by band, rounded half up once per figure, and the outcome. Nothing caps a budget:
 * a high figure is priced in full and sent to a panel.
 */
export type Outcome = 'allocated' | 'below-threshold' | 'panel-review';

export interface Priced {
  points: number;
  weeklyPence: number;
  annualPence: number;
  outcome: Outcome;
}

interface Factor {
  ratio: Ratio;
  num: number;
  den: number;
}

interface CompiledGroup {
  group: RasGroup;
  /** (fixedPence + points × pencePerPoint) × 10^scale = fixedUnits + points × rateUnits */
  fixedUnits: number;
  rateUnits: number;
  rateDen: number;
  scale: number;
  minimumPoints: number;
}

export interface CompiledScheme {
  scheme: RasScheme;
  questionIds: string[];
  questionIndex: Map<string, number>;
  /** For each question (scheme order), the points of each answer id. */
  answerPoints: Map<string, number>[];
  questionDomain: number[];
  domainCaps: (number | null)[];
  adjustments: { questionIndex: number; title: string; reductions: Map<string, Ratio> }[];
  groups: Map<string, CompiledGroup> | null;
  bands: RasBand[] | null;
  weeksPerYear: Ratio;
  weeksNum: number;
  weeksDen: number;
  abovePoints: number | null;
  aboveWeeklyPence: number | null;
  factorCache: Map<string, Factor>;
}

export function compileScheme(scheme: RasScheme): CompiledScheme {
  const questionIds: string[] = [];
  const answerPoints: Map<string, number>[] = [];
  const questionDomain: number[] = [];
  scheme.domains.forEach((domain, d) => {
    for (const question of domain.questions) {
      questionIds.push(question.id);
      answerPoints.push(new Map(question.answers.map((a) => [a.id, a.points])));
      questionDomain.push(d);
    }
  });
  const questionIndex = new Map(questionIds.map((id, i) => [id, i]));
  const weeksPerYear = ratioOf(decimalOf(scheme.weeksPerYear ?? 52));
  let groups: Map<string, CompiledGroup> | null = null;
  if (scheme.allocation.type === 'rate') {
    groups = new Map();
    for (const group of scheme.allocation.groups) {
      const rate = decimalOf(group.pencePerPoint);
      const den = pow10(rate.scale);
      groups.set(group.id, {
        group,
        fixedUnits: Number(BigInt(group.fixedPence ?? 0) * den),
        rateUnits: Number(rate.units),
        rateDen: Number(den),
        scale: rate.scale,
        minimumPoints: group.minimumPoints ?? 0,
      });
    }
  }
  return {
    scheme,
    questionIds,
    questionIndex,
    answerPoints,
    questionDomain,
    domainCaps: scheme.domains.map((d) => (d.maxPoints === undefined ? null : d.maxPoints)),
    adjustments: (scheme.adjustments ?? []).map((a) => ({
      questionIndex: questionIndex.get(a.questionId)!,
      title: a.title,
      reductions: new Map(Object.entries(a.reductions).map(([answer, r]) => [answer, ratioOf(decimalOf(r))])),
    })),
    groups,
    bands: scheme.allocation.type === 'bands' ? scheme.allocation.bands : null,
    weeksPerYear,
    weeksNum: Number(weeksPerYear.num),
    weeksDen: Number(weeksPerYear.den),
    abovePoints: scheme.allocation.panelReview?.abovePoints ?? null,
    aboveWeeklyPence: scheme.allocation.panelReview?.aboveWeeklyPence ?? null,
    factorCache: new Map(),
  };
}

/** Product of (1 − reduction) over the adjustments, for the answers given (by question index). */
function factorFor(c: CompiledScheme, answers: ArrayLike<string>): Factor {
  if (c.adjustments.length === 0) return { ratio: ONE, num: 1, den: 1 };
  let key = '';
  for (const adjustment of c.adjustments) key += `${answers[adjustment.questionIndex]}\u0000`;
  let factor = c.factorCache.get(key);
  if (!factor) {
    let ratio = ONE;
    for (const adjustment of c.adjustments) {
      const reduction = adjustment.reductions.get(answers[adjustment.questionIndex]!);
      if (reduction) ratio = multiply(ratio, { num: reduction.den - reduction.num, den: reduction.den });
    }
    factor = { ratio, num: Number(ratio.num), den: Number(ratio.den) };
    c.factorCache.set(key, factor);
  }
  return factor;
}

/** Domain points (capped) and the total, for answers by question index that are known to be valid. */
export function pointsFor(c: CompiledScheme, answers: ArrayLike<string>, domainPoints = new Array<number>(c.domainCaps.length)): number {
  domainPoints.fill(0);
  for (let q = 0; q < c.answerPoints.length; q++) domainPoints[c.questionDomain[q]!]! += c.answerPoints[q]!.get(answers[q]!)!;
  let total = 0;
  for (let d = 0; d < domainPoints.length; d++) {
    const cap = c.domainCaps[d];
    const points = cap !== null && cap !== undefined && domainPoints[d]! > cap ? cap : domainPoints[d]!;
    domainPoints[d] = points;
    total += points;
  }
  return total;
}

/** A product of two integers is exact in floating point exactly when it is a safe integer. */
function safeProduct(a: number, b: number): boolean {
  return Number.isSafeInteger(a * b);
}

function roundProduct(a: number, b: number, den: number): number {
  return safeProduct(a, b) ? roundHalfUpNumber(a * b, den) : Number(roundHalfUp(BigInt(a) * BigInt(b), BigInt(den)));
}

function outcomeFor(c: CompiledScheme, points: number, weekly: number): Outcome {
  if ((c.abovePoints !== null && points > c.abovePoints) || (c.aboveWeeklyPence !== null && weekly > c.aboveWeeklyPence)) return 'panel-review';
  return 'allocated';
}

export function bandFor(bands: RasBand[], points: number): RasBand {
  for (const band of bands) if (points >= band.minPoints && (band.maxPoints === null || points <= band.maxPoints)) return band;
  // Bands start at 0 and are contiguous; only a closed top band leaves points above it.
  return bands[bands.length - 1]!;
}

/**
 * Prices answers given by question index (already checked to be real answer ids) for a group id
 * (a rate scheme) or null (bands). The hot path of batch pricing.
 */
export function priceChecked(c: CompiledScheme, answers: ArrayLike<string>, groupId: string | null, domainPoints?: number[]): Priced {
  const points = pointsFor(c, answers, domainPoints);
  const factor = factorFor(c, answers);
  if (c.groups) {
    const group = c.groups.get(groupId!)!;
    if (points < group.minimumPoints) return { points, weeklyPence: 0, annualPence: 0, outcome: 'below-threshold' };
    const base = group.fixedUnits + points * group.rateUnits;
    let weekly: number;
    if (Number.isSafeInteger(base) && safeProduct(base, factor.num) && Number.isSafeInteger(group.rateDen * factor.den)) {
      weekly = roundHalfUpNumber(base * factor.num, group.rateDen * factor.den);
    } else {
      weekly = Number(roundHalfUp((BigInt(group.fixedUnits) + BigInt(points) * BigInt(group.rateUnits)) * factor.ratio.num, BigInt(group.rateDen) * factor.ratio.den));
    }
    if (weekly < 0) weekly = 0;
    const annual = roundProduct(weekly, c.weeksNum, c.weeksDen);
    return { points, weeklyPence: weekly, annualPence: annual, outcome: outcomeFor(c, points, weekly) };
  }
  const band = bandFor(c.bands!, points);
  const annual = band.annualPence === 0 ? 0 : roundProduct(band.annualPence, factor.num, factor.den);
  const weekly = roundProduct(annual, c.weeksDen, c.weeksNum);
  if (annual === 0) return { points, weeklyPence: weekly, annualPence: 0, outcome: 'below-threshold' };
  return { points, weeklyPence: weekly, annualPence: annual, outcome: outcomeFor(c, points, weekly) };
}

export type AnswerProblem = { questionId: string; problem: 'missing' | 'unknown'; given?: string };

export class PricingError extends Error {
  constructor(
    readonly answerProblems: AnswerProblem[],
    readonly groupProblem: string | null,
  ) {
    super([...answerProblems.map((p) => `${p.questionId}: ${p.problem}`), ...(groupProblem ? [groupProblem] : [])].join('; '));
  }
}

/** Answers by question id → answers by question index, or a PricingError naming every problem. */
export function checkAnswers(c: CompiledScheme, answers: Record<string, string | undefined>, groupId: string | null): string[] {
  const problems: AnswerProblem[] = [];
  const byIndex = c.questionIds.map((questionId, q) => {
    const given = answers[questionId];
    if (given === undefined || given === '') problems.push({ questionId, problem: 'missing' });
    else if (!c.answerPoints[q]!.has(given)) problems.push({ questionId, problem: 'unknown', given });
    return given ?? '';
  });
  const groupProblem = c.groups && (groupId === null || !c.groups.has(groupId)) ? `group "${groupId ?? ''}" is not a group of scheme ${c.scheme.id} ${c.scheme.version}` : null;
  if (problems.length > 0 || groupProblem) throw new PricingError(problems, groupProblem);
  return byIndex;
}

export function priceAssessment(c: CompiledScheme, answers: Record<string, string | undefined>, groupId: string | null): Priced {
  return priceChecked(c, checkAnswers(c, answers, groupId), groupId);
}

/** The group a Primary Support Reason belongs to in a rate scheme, if any. */
export function groupForSupportReason(c: CompiledScheme, reason: string | null): string | null {
  if (!c.groups || !reason) return null;
  for (const [id, g] of c.groups) if (g.group.primarySupportReasons.includes(reason)) return id;
  return null;
}

export interface Explanation {
  scheme: { id: string; version: string; title: string; kind: string };
  answers: { domainId: string; questionId: string; question: string; answerId: string; answer: string; points: number }[];
  domains: { id: string; title: string; points: number; uncappedPoints: number; maxPoints: number | null; capped: boolean }[];
  totalPoints: number;
  adjustments: { questionId: string; title: string; answerId: string; answer: string; reduction: string; multiplier: string }[];
  factor: string;
  allocation:
    | { type: 'rate'; groupId: string; groupTitle: string; pencePerPoint: string; fixedPence: number; minimumPoints: number; exactWeeklyPence: string | null; weeklyPence: number; weeksPerYear: string; exactAnnualPence: string | null; annualPence: number; clampedToZero: boolean }
    | { type: 'bands'; band: { minPoints: number; maxPoints: number | null; annualPence: number }; exactAnnualPence: string; annualPence: number; weeksPerYear: string; exactWeeklyPence: string; weeklyPence: number };
  outcome: Outcome;
  panelReasons: string[];
}

/** Every step of the pricing, with exact intermediate figures, for the person and for staff. */
export function explain(c: CompiledScheme, answers: Record<string, string | undefined>, groupId: string | null): Explanation {
  const byIndex = checkAnswers(c, answers, groupId);
  const domainPoints = new Array<number>(c.domainCaps.length);
  const priced = priceChecked(c, byIndex, groupId, domainPoints);
  const s = c.scheme;
  const answerRows: Explanation['answers'] = [];
  const uncapped = s.domains.map(() => 0);
  s.domains.forEach((domain, d) => {
    for (const question of domain.questions) {
      const chosen = question.answers.find((a) => a.id === answers[question.id])!;
      uncapped[d]! += chosen.points;
      answerRows.push({ domainId: domain.id, questionId: question.id, question: question.text, answerId: chosen.id, answer: chosen.text, points: chosen.points });
    }
  });
  const factor = factorFor(c, byIndex);
  const adjustments = c.adjustments.map((a, i) => {
    const answerId = byIndex[a.questionIndex]!;
    const reduction = a.reductions.get(answerId) ?? { num: 0n, den: 1n };
    const question = s.domains.flatMap((d) => d.questions).find((q) => q.id === c.questionIds[a.questionIndex])!;
    return {
      questionId: question.id,
      title: s.adjustments![i]!.title,
      answerId,
      answer: question.answers.find((x) => x.id === answerId)!.text,
      reduction: ratioText(reduction),
      multiplier: ratioText({ num: reduction.den - reduction.num, den: reduction.den }),
    };
  });
  let allocation: Explanation['allocation'];
  if (c.groups) {
    const g = c.groups.get(groupId!)!;
    const below = priced.outcome === 'below-threshold';
    const exactWeekly = multiply({ num: BigInt(g.fixedUnits) + BigInt(priced.points) * BigInt(g.rateUnits), den: BigInt(g.rateDen) }, factor.ratio);
    allocation = {
      type: 'rate',
      groupId: g.group.id,
      groupTitle: g.group.title,
      pencePerPoint: ratioText({ num: BigInt(g.rateUnits), den: BigInt(g.rateDen) }),
      fixedPence: g.group.fixedPence ?? 0,
      minimumPoints: g.minimumPoints,
      exactWeeklyPence: below ? null : ratioText(exactWeekly),
      weeklyPence: priced.weeklyPence,
      weeksPerYear: ratioText(c.weeksPerYear),
      exactAnnualPence: below ? null : ratioText(multiply({ num: BigInt(priced.weeklyPence), den: 1n }, c.weeksPerYear)),
      annualPence: priced.annualPence,
      clampedToZero: !below && exactWeekly.num < 0n,
    };
  } else {
    const band = bandFor(c.bands!, priced.points);
    allocation = {
      type: 'bands',
      band: { minPoints: band.minPoints, maxPoints: band.maxPoints, annualPence: band.annualPence },
      exactAnnualPence: ratioText(multiply({ num: BigInt(band.annualPence), den: 1n }, factor.ratio)),
      annualPence: priced.annualPence,
      weeksPerYear: ratioText(c.weeksPerYear),
      exactWeeklyPence: ratioText({ num: BigInt(priced.annualPence) * c.weeksPerYear.den, den: c.weeksPerYear.num }),
      weeklyPence: priced.weeklyPence,
    };
  }
  const panelReasons: string[] = [];
  if (priced.outcome === 'panel-review') {
    if (c.abovePoints !== null && priced.points > c.abovePoints) panelReasons.push(`${priced.points} points is more than ${c.abovePoints}`);
    if (c.aboveWeeklyPence !== null && priced.weeklyPence > c.aboveWeeklyPence) panelReasons.push(`the weekly amount is more than ${formatPence(c.aboveWeeklyPence)}`);
  }
  return {
    scheme: { id: s.id, version: s.version, title: s.title, kind: s.kind },
    answers: answerRows,
    domains: s.domains.map((d, i) => ({
      id: d.id,
      title: d.title,
      points: domainPoints[i]!,
      uncappedPoints: uncapped[i]!,
      maxPoints: d.maxPoints ?? null,
      capped: uncapped[i]! > domainPoints[i]!,
    })),
    totalPoints: priced.points,
    adjustments,
    factor: ratioText(factor.ratio),
    allocation,
    outcome: priced.outcome,
    panelReasons,
  };
}
