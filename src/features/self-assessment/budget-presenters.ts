import { formatExactPence, formatPence } from '../../domain/money/pence.js';
import type { Explanation } from '../../domain/ras/pricing.js';

/**
 * The indicative personal budget and the reason for every pound, in the person's own words: the
 * same explanation staff see (every answer's points, the rate, the arithmetic), in short
 * sentences for a reading age of about 9 to 11, and an easy-read version with one idea a line.
 * `you` is how the page speaks of the person: "you" for the person, "Peggy" for a representative,
 * "you" for someone trying the estimate. Pure.
 */
export interface Reader {
  /** "your" or "Peggy’s". */
  whose: string;
  /** "You" or "Peggy". */
  who: string;
  /** An estimate (no account) or the person's own indicative budget. */
  estimate: boolean;
}

const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;
const percent = (decimal: string) => `${(Number(decimal) * 100).toLocaleString('en-GB', { maximumFractionDigits: 4 })}%`;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function budgetView(e: Explanation, r: Reader) {
  const a = e.allocation;
  const weekly = formatPence(a.weeklyPence);
  const annual = formatPence(a.annualPence);
  const name = r.estimate ? 'The estimate' : `${capitalised(r.whose)} indicative personal budget`;
  const below = e.outcome === 'below-threshold';
  const headline = below ? `${name} is ${formatPence(0)}` : `${name} is ${weekly} a week`;
  const subline = below ? `${capitalised(r.whose)} answers come to ${points(e.totalPoints)}. That is below the level where a budget starts.` : `That comes to ${annual} a year.`;

  const meaning: string[] = r.estimate
    ? ['This is only an estimate. It is not a decision.', 'To get a real budget, ask the council for an assessment. A worker will talk with you about your needs.']
    : ['This is a starting point. It is not the final amount.', `${r.who === 'You' ? 'Your' : 'The'} worker will check the answers with ${r.who === 'You' ? 'you' : 'you both'} first.`];
  if (below) {
    meaning.push('This does not mean there is no help.', 'The council can still help in other ways. For example, with advice, equipment or short-term support.');
  } else {
    meaning.push('Next comes a support plan. It says what help is needed and what it costs.', 'The final budget can be more or less than this.');
    if (e.outcome === 'panel-review') {
      meaning.push('A panel will look at this budget. The panel is a group of council staff.', 'They check that the budget is enough. There is no top limit on a budget.');
    }
  }

  const steps: string[] = ['Each answer counts for some points.'];
  for (const d of e.domains) {
    if (d.capped) steps.push(`The answers about “${d.title}” come to ${points(d.uncappedPoints)}. This part can count for ${points(d.maxPoints!)} at most. So ${points(d.points)} count.`);
  }
  steps.push(`All the answers come to ${points(e.totalPoints)}.`);
  for (const adj of e.adjustments) {
    steps.push(adj.reduction === '0' ? `The answer “${adj.answer}” does not change the amount.` : `The answer “${adj.answer}” takes ${percent(adj.reduction)} off the amount. This is because of help from family or friends.`);
  }
  if (a.type === 'rate') {
    steps.push(`The rate is ${formatExactPence(a.pencePerPoint)} for each point. This is the rate for “${a.groupTitle}”.`);
    if (a.fixedPence !== 0) steps.push(`There is also a set amount of ${formatPence(Math.abs(a.fixedPence))} a week ${a.fixedPence > 0 ? 'added on' : 'taken off'}.`);
    if (below) {
      steps.push(`A budget starts at ${points(a.minimumPoints)}. ${capitalised(points(e.totalPoints))} is less than that. So the amount is ${formatPence(0)}.`);
    } else {
      const sum = `${a.fixedPence !== 0 ? `${formatPence(a.fixedPence)} + ` : ''}${e.totalPoints} × ${formatExactPence(a.pencePerPoint)}`;
      steps.push(`The sum is ${e.adjustments.length ? `(${sum}) × ${e.factor}` : sum} = ${formatExactPence(a.exactWeeklyPence!)} a week.`);
      steps.push(a.clampedToZero ? `That is less than nothing. So the amount is ${formatPence(0)}.` : `We round it to the nearest penny. That gives ${weekly} a week.`);
      steps.push(`${weekly} × ${a.weeksPerYear} weeks = ${annual} a year.`);
    }
  } else {
    const band = a.band.maxPoints === null ? `${points(a.band.minPoints)} or more` : `${a.band.minPoints} to ${a.band.maxPoints} points`;
    steps.push(`${capitalised(points(e.totalPoints))} is in the band for ${band}. That band gives ${formatPence(a.band.annualPence)} a year.`);
    if (e.adjustments.some((x) => x.reduction !== '0')) steps.push(`The sum is ${formatPence(a.band.annualPence)} × ${e.factor} = ${annual} a year.`);
    steps.push(`${annual} shared over ${a.weeksPerYear} weeks is ${weekly} a week.`);
  }
  if (e.outcome === 'panel-review') steps.push(`It goes to the panel because ${e.panelReasons.join(' and ').replace(/ pence$/, ' pence a week')}.`);

  const domains = e.domains.map((d) => ({
    title: d.title,
    rows: e.answers.filter((row) => row.domainId === d.id).map((row) => [{ text: row.question }, { text: row.answer }, { text: String(row.points), format: 'numeric' }]),
    total: d.capped ? `${points(d.points)} count (at most ${d.maxPoints})` : `${points(d.points)}`,
  }));

  return {
    headline,
    subline,
    meaning,
    steps,
    domains,
    words: [
      { term: 'Indicative personal budget', meaning: 'A first figure for the money to meet your needs. It helps you plan.' },
      { term: 'Panel review', meaning: 'A group of council staff look at a high budget. They make sure it is enough. It is not a limit.' },
      { term: 'Below threshold', meaning: 'The answers come to fewer points than a budget needs. The council can still help in other ways.' },
    ],
    scheme: `This was worked out with “${e.scheme.title}”, version ${e.scheme.version}. The same answers always give the same amount.`,
  };
}

/** Easy read: one short idea a line, the figure first, no sums. */
export function easyReadView(e: Explanation, r: Reader) {
  const below = e.outcome === 'below-threshold';
  const lines = below
    ? [`${capitalised(r.whose)} answers come to ${points(e.totalPoints)}.`, 'That is not enough points for a budget.', 'You can still get help.', 'The council can give advice.', 'The council can help in other ways too.']
    : [
        `${r.estimate ? 'The estimate' : 'The budget'} is ${formatPence(e.allocation.weeklyPence)} a week.`,
        'This money is for help with your needs.',
        'It is a first figure.',
        'It can go up or down.',
        ...(e.outcome === 'panel-review' ? ['A group of staff will check it.', 'They make sure it is enough.'] : []),
        r.estimate ? 'Ask the council for a real budget.' : 'Your worker will talk to you about it.',
      ];
  return { lines, points: `The answers come to ${points(e.totalPoints)}.` };
}
