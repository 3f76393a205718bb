import type { Explanation } from '../../domain/ras/pricing.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import { formatExactPence, formatPence } from '../../domain/money/pence.js';

/**
 * The reasons for every pound, in plain English, from an explanation. Pure: the same view model
 * feeds the page, the printable page and (as structured data) the JSON.
 */
const percent = (decimal: string) => `${(Number(decimal) * 100).toLocaleString('en-GB', { maximumFractionDigits: 4 })}%`;
const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

export function explanationView(e: Explanation, options: { personName: string; panelDecision?: { weekly_pence: number; decision: string; reasons: string } | null }) {
  const a = e.allocation;
  const weekly = formatPence(a.weeklyPence);
  const annual = formatPence(a.annualPence);

  let headline: string;
  let meaning: string[];
  if (e.outcome === 'below-threshold') {
    headline = a.type === 'rate' ? `${options.personName}’s answers come to ${points(e.totalPoints)}, below the ${points(a.minimumPoints)} at which a personal budget starts` : `${options.personName}’s answers come to ${points(e.totalPoints)}, in a band with no carer’s budget`;
    meaning = [
      'This does not mean there is no help. The council will still talk with you about your needs and may meet them in other ways: information and advice, equipment, short-term support to regain skills, or support from community groups.',
      'If your needs change, or you think an answer is wrong, ask for the assessment to be looked at again.',
    ];
  } else {
    headline = `The indicative personal budget is ${weekly} a week (${annual} a year)`;
    meaning = [
      'This is a starting point. It is the amount the council’s Resource Allocation System gives for the answers below, before your support plan is written.',
      'Your support plan sets out what support you need and what it reasonably costs. The final personal budget can be more or less than this figure.',
    ];
    if (e.outcome === 'panel-review') {
      meaning.push(
        'Because of the level of need, a panel will look at this budget. This is not a limit: nothing caps the amount. The panel makes sure the budget is enough to meet your eligible needs.',
      );
    }
  }

  const domains = e.domains.map((d) => ({
    title: d.title,
    rows: e.answers
      .filter((row) => row.domainId === d.id)
      .map((row) => [{ text: row.question }, { text: row.answer }, { text: String(row.points), format: 'numeric' }]),
    subtotal: d.capped ? `${points(d.uncappedPoints)}, but this part counts for at most ${points(d.maxPoints!)}, so ${points(d.points)} count` : points(d.points),
  }));

  const steps: string[] = [];
  steps.push(`The answers come to ${points(e.totalPoints)} in total.`);
  for (const adj of e.adjustments) {
    steps.push(
      adj.reduction === '0'
        ? `${adj.title}: you answered “${adj.answer}”, which does not change the amount.`
        : `${adj.title}: you answered “${adj.answer}”, so the amount is reduced by ${percent(adj.reduction)} (multiplied by ${adj.multiplier}).`,
    );
  }
  if (a.type === 'rate') {
    steps.push(`${a.groupTitle}: the rate is ${formatExactPence(a.pencePerPoint)} for each point${a.fixedPence !== 0 ? `, ${a.fixedPence > 0 ? 'plus' : 'less'} a fixed ${formatPence(Math.abs(a.fixedPence))} a week` : ''}.`);
    if (e.outcome === 'below-threshold') {
      steps.push(`A personal budget starts at ${points(a.minimumPoints)}; ${points(e.totalPoints)} is below that, so the amount is ${formatPence(0)}.`);
    } else {
      const sum = `${a.fixedPence !== 0 ? `${formatPence(a.fixedPence)} + ` : ''}${e.totalPoints} × ${formatExactPence(a.pencePerPoint)}`;
      steps.push(`${e.adjustments.length ? `(${sum}) × ${e.factor}` : sum} = ${formatExactPence(a.exactWeeklyPence!)} a week.`);
      if (a.clampedToZero) steps.push('That is less than nothing, so the weekly amount is £0.00.');
      else steps.push(`Rounded to the nearest penny (a half penny rounds up): ${weekly} a week.`);
      steps.push(`${weekly} × ${a.weeksPerYear} weeks = ${formatExactPence(a.exactAnnualPence!)}, rounded to ${annual} a year.`);
    }
  } else {
    const band = a.band.maxPoints === null ? `${a.band.minPoints} points or more` : `${a.band.minPoints} to ${a.band.maxPoints} points`;
    steps.push(`${points(e.totalPoints)} is in the band for ${band}, which gives ${formatPence(a.band.annualPence)} a year.`);
    if (e.adjustments.some((x) => x.reduction !== '0')) steps.push(`${formatPence(a.band.annualPence)} × ${e.factor} = ${formatExactPence(a.exactAnnualPence)}, rounded to ${annual} a year.`);
    steps.push(a.exactWeeklyPence.startsWith('≈') ? `${annual} ÷ ${a.weeksPerYear} weeks = ${weekly} a week, to the nearest penny.` : `${annual} ÷ ${a.weeksPerYear} weeks = ${formatExactPence(a.exactWeeklyPence)}, rounded to ${weekly} a week.`);
  }
  if (e.outcome === 'panel-review') steps.push(`It goes to the panel because ${e.panelReasons.join(' and ')}.`);

  const decision = options.panelDecision
    ? options.panelDecision.decision === 'agreed'
      ? `The panel agreed the indicative amount of ${formatPence(options.panelDecision.weekly_pence)} a week. Its reasons: ${options.panelDecision.reasons}`
      : `The panel set the indicative amount at ${formatPence(options.panelDecision.weekly_pence)} a week. Its reasons: ${options.panelDecision.reasons}`
    : null;

  return {
    headline,
    meaning,
    domains,
    totalPoints: points(e.totalPoints),
    steps,
    outcome: e.outcome,
    outcomeTag: { 'allocated': 'Allocated', 'below-threshold': 'Below threshold', 'panel-review': 'Panel review' }[e.outcome],
    scheme: `${e.scheme.title} (${e.scheme.id}, version ${e.scheme.version})`,
    decision,
  };
}

/** The questions of one domain as GOV.UK radios, with the answers given so far. */
export function domainRadios(scheme: RasScheme, domainIndex: number, answers: Record<string, string>, errors: Record<string, { text: string }>) {
  const domain = scheme.domains[domainIndex]!;
  return domain.questions.map((q) => ({
    name: q.id,
    idPrefix: q.id,
    fieldset: { legend: { text: q.text, classes: 'govuk-fieldset__legend--s' } },
    hint: q.guidance ? { text: q.guidance } : undefined,
    items: q.answers.map((a) => ({ value: a.id, text: a.text, checked: answers[q.id] === a.id })),
    errorMessage: errors[q.id],
  }));
}

/** Check your answers: one summary card per domain, each answer with a change link. */
export function answerSummary(scheme: RasScheme, answers: Record<string, string>, changeHref: (domainIndex: number) => string) {
  return scheme.domains.map((domain, i) => ({
    card: { title: { text: domain.title, headingLevel: 3 }, actions: { items: [{ href: changeHref(i), text: 'Change', visuallyHiddenText: ` answers about ${domain.title.toLowerCase()}` }] } },
    rows: domain.questions.map((q) => ({
      key: { text: q.text },
      value: { text: q.answers.find((a) => a.id === answers[q.id])?.text ?? 'Not answered yet' },
    })),
  }));
}
