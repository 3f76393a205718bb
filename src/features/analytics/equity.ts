import { formatPence } from '../../domain/money/pence.js';
import { tooFewToConclude } from '../../domain/analytics/confidence.js';
import type { Progress } from '../../batch/progress.js';
import { pow10, roundHalfUp } from '../../domain/ras/exact.js';
import { exactHeader, scanCsv, wholeNumber } from './files.js';

/**
 * `selfdirect ras equity`: compares what each group actually spent with its indicative budgets,
 * on the group's totals (seed 004 §5.1.1). People in only one file are counted, not compared.
 */
export interface EquityReport {
  groups: { id: string; people: number; indicativePence: number; spendPence: number; differenceRatio: number | null; flagged: boolean }[];
  unmatched: number;
}

const OUTCOMES = new Set(['allocated', 'below-threshold', 'panel-review']);

/** (spend − indicative) ÷ indicative, rounded half up to 4 places, exactly. */
export function differenceRatio(spend: number, indicative: number): number | null {
  if (indicative === 0) return null;
  const num = (BigInt(spend) - BigInt(indicative)) * pow10(4);
  return Number(roundHalfUp(num, BigInt(indicative))) / 10_000;
}

export async function equity(allocations: string, spend: string, options: { tolerance: number; progress?: Progress }): Promise<EquityReport> {
  // One entry per person: an index into compact arrays, not an object per row.
  const index = new Map<string, number>();
  const groupOf: number[] = [];
  const indicative: number[] = [];
  const groupIds: string[] = [];
  const groupIndex = new Map<string, number>();
  await scanCsv(
    allocations,
    exactHeader(['person_id', 'group', 'points', 'weekly_pence', 'annual_pence', 'outcome']),
    (f, line, problems) => {
      const [personId, group, points, weekly, annual, outcome] = f as [string, string, string, string, string, string];
      if (personId === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
      else if (index.has(personId)) problems.push({ line, column: 'person_id', message: `"${personId}" appears more than once; each person must appear once` });
      for (const [column, value] of [['points', points], ['weekly_pence', weekly], ['annual_pence', annual]] as const) {
        if (wholeNumber(value) === null) problems.push({ line, column, message: `"${value}" is not a whole number, 0 or more` });
      }
      if (!OUTCOMES.has(outcome)) problems.push({ line, column: 'outcome', message: `"${outcome}" is not an outcome; expected allocated, below-threshold or panel-review` });
      if (problems.length > 0) return;
      let g = groupIndex.get(group);
      if (g === undefined) {
        g = groupIds.push(group) - 1;
        groupIndex.set(group, g);
      }
      index.set(personId, groupOf.length);
      groupOf.push(g);
      indicative.push(Number(annual));
    },
    options.progress,
  );
  const matched = new Uint8Array(groupOf.length);
  const people = groupIds.map(() => 0);
  const indicativeTotals = groupIds.map(() => 0);
  const spendTotals = groupIds.map(() => 0);
  let onlyInSpend = 0;
  const seenSpend = new Set<string>();
  await scanCsv(spend, exactHeader(['person_id', 'annual_spend_pence']), (f, line, problems) => {
    const [personId, spendText] = f as [string, string];
    const amount = wholeNumber(spendText);
    if (personId === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
    else if (seenSpend.has(personId)) problems.push({ line, column: 'person_id', message: `"${personId}" appears more than once; each person must appear once` });
    if (amount === null) problems.push({ line, column: 'annual_spend_pence', message: `"${spendText}" is not a whole number of pence, 0 or more` });
    if (problems.length > 0) return;
    seenSpend.add(personId);
    const i = index.get(personId);
    if (i === undefined) {
      onlyInSpend++;
      return;
    }
    matched[i] = 1;
    const g = groupOf[i]!;
    people[g]!++;
    indicativeTotals[g]! += indicative[i]!;
    spendTotals[g]! += amount!;
  });
  let onlyInAllocations = 0;
  for (let i = 0; i < matched.length; i++) if (!matched[i]) onlyInAllocations++;
  return {
    groups: groupIds
      .map((id, g) => {
        const ratio = differenceRatio(spendTotals[g]!, indicativeTotals[g]!);
        const flagged = ratio === null ? spendTotals[g]! > 0 : Math.abs(ratio) > options.tolerance;
        return {
          id,
          people: people[g]!,
          indicativePence: indicativeTotals[g]!,
          spendPence: spendTotals[g]!,
          differenceRatio: ratio,
          flagged,
        };
      })
      .filter((g) => g.people > 0),
    unmatched: onlyInAllocations + onlyInSpend,
  };
}

/** Which way the RAS misses for a group, in plain English, without the group's name; cautious when the group is too small to conclude from. */
export function equityMeaning(g: EquityReport['groups'][number], tolerance: number): string {
  if (g.differenceRatio === null) return `No indicative budget to compare with; spent ${formatPence(g.spendPence)}`;
  const percent = `${Math.abs(Math.round(g.differenceRatio * 1000) / 10)}%`;
  const few = tooFewToConclude(g.people) ? `Only ${g.people} people: too few to conclude from. ` : '';
  if (!g.flagged) return `${few}Spent within ${Math.round(tolerance * 100)}% of the indicative budgets (${g.differenceRatio >= 0 ? '+' : '−'}${percent})`;
  if (few) return `${few}They spent ${percent} ${g.differenceRatio > 0 ? 'more' : 'less'} than the indicative budgets`;
  return g.differenceRatio > 0 ? `Spent ${percent} more than the indicative budgets: the RAS gives this group too little` : `Spent ${percent} less than the indicative budgets: the RAS gives this group too much`;
}

/** The command line's line for a group: its id, FLAGGED when outside tolerance with enough people to conclude. */
export function equitySentence(g: EquityReport['groups'][number], tolerance: number): string {
  const meaning = equityMeaning(g, tolerance);
  const flagged = g.flagged && g.differenceRatio !== null && !tooFewToConclude(g.people);
  return `${g.id}: ${flagged ? 'FLAGGED — ' : ''}${flagged ? meaning.charAt(0).toLowerCase() + meaning.slice(1) : meaning}`;
}
