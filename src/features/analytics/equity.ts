import { formatPence } from '../../domain/money/pence.js';
import { tooFewToConclude } from '../../domain/analytics/confidence.js';
import type { Progress } from '../../batch/progress.js';
import { pow10, roundHalfUp } from '../../domain/ras/exact.js';
import { exactHeader, scanCsv, wholeNumber } from './files.js';
import { ByteKeys } from '../../batch/byte-keys.js';
import { type KnownId, NotPlain, asciiFieldEnd, fieldEnd, groupAt, knownIds, matchId, personIdEnd, readPlainLines, wholeNumberAt } from '../../batch/plain-lines.js';

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

/** Each person's group and indicative budget: an index into compact arrays, not an object per row. */
interface Allocations {
  /** Each person's id, numbered in file order: the index into the arrays. */
  index: ByteKeys;
  groupOf: number[];
  indicative: number[];
  groupIds: string[];
  groupIndex: Map<string, number>;
}

const noAllocations = (): Allocations => ({ index: new ByteKeys(), groupOf: [], indicative: [], groupIds: [], groupIndex: new Map() });

/** A person already numbered in `a.index`. */
function addAllocation(a: Allocations, group: string, annualPence: number) {
  let g = a.groupIndex.get(group);
  if (g === undefined) {
    g = a.groupIds.push(group) - 1;
    a.groupIndex.set(group, g);
  }
  a.groupOf.push(g);
  a.indicative.push(annualPence);
}

/** What each group spent, matched to the allocations. */
interface Spending {
  matched: Uint8Array;
  people: number[];
  indicativeTotals: number[];
  spendTotals: number[];
  onlyInSpend: number;
}

const noSpending = (a: Allocations): Spending => ({ matched: new Uint8Array(a.groupOf.length), people: a.groupIds.map(() => 0), indicativeTotals: a.groupIds.map(() => 0), spendTotals: a.groupIds.map(() => 0), onlyInSpend: 0 });

/** The spend of allocated person `i`, or of someone with no allocation (-1). */
function addSpend(a: Allocations, s: Spending, i: number, amount: number) {
  if (i === -1) {
    s.onlyInSpend++;
    return;
  }
  s.matched[i] = 1;
  const g = a.groupOf[i]!;
  s.people[g]!++;
  s.indicativeTotals[g]! += a.indicative[i]!;
  s.spendTotals[g]! += amount;
}

const ALLOCATIONS_HEADER = ['person_id', 'group', 'points', 'weekly_pence', 'annual_pence', 'outcome'];
const SPEND_HEADER = ['person_id', 'annual_spend_pence'];

/** A plain allocations file (src/batch/plain-lines.ts) read a byte at a time, or null when it is not plain. */
async function allocationsPlain(file: string, progress?: Progress): Promise<Allocations | null> {
  const a = noAllocations();
  const outcomes = knownIds(OUTCOMES);
  const groups: KnownId[] = [];
  const plain = await readPlainLines(
    file,
    {
      header(text) {
        if (text !== ALLOCATIONS_HEADER.join(',')) throw new NotPlain();
      },
      line(buffer, start, end) {
        const personEnd = personIdEnd(buffer, start, end);
        if (a.index.add(buffer, start, personEnd) === -1) throw new NotPlain(); // twice: the careful reader says so
        const groupEnd = asciiFieldEnd(buffer, personEnd + 1, end);
        const group = groupAt(groups, buffer, personEnd + 1, groupEnd);
        let i = groupEnd;
        let annual = 0;
        for (let column = 0; column < 3; column++) {
          if (i >= end) throw new NotPlain();
          const fieldStart = i + 1;
          i = fieldEnd(buffer, fieldStart, end);
          annual = wholeNumberAt(buffer, fieldStart, i);
        }
        if (i >= end || matchId(outcomes, buffer, i + 1, end) === undefined) throw new NotPlain();
        addAllocation(a, group, annual);
        return true;
      },
    },
    progress,
  );
  return plain ? a : null;
}

async function allocationsCarefully(file: string, progress?: Progress): Promise<Allocations> {
  const a = noAllocations();
  await scanCsv(
    file,
    exactHeader(ALLOCATIONS_HEADER),
    (f, line, problems) => {
      const [personId, group, points, weekly, annual, outcome] = f as [string, string, string, string, string, string];
      if (personId === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
      else if (a.index.findText(personId) !== -1) problems.push({ line, column: 'person_id', message: `"${personId}" appears more than once; each person must appear once` });
      for (const [column, value] of [['points', points], ['weekly_pence', weekly], ['annual_pence', annual]] as const) {
        if (wholeNumber(value) === null) problems.push({ line, column, message: `"${value}" is not a whole number, 0 or more` });
      }
      if (!OUTCOMES.has(outcome)) problems.push({ line, column: 'outcome', message: `"${outcome}" is not an outcome; expected allocated, below-threshold or panel-review` });
      if (problems.length > 0) return;
      a.index.addText(personId);
      addAllocation(a, group, Number(annual));
    },
    progress,
  );
  return a;
}

/** A plain spend file read a byte at a time, or null when it is not plain. */
async function spendingPlain(a: Allocations, file: string): Promise<Spending | null> {
  const s = noSpending(a);
  // People with spend and no allocation, to find them twice.
  const others = new ByteKeys();
  const plain = await readPlainLines(file, {
    header(text) {
      if (text !== SPEND_HEADER.join(',')) throw new NotPlain();
    },
    line(buffer, start, end) {
      const personEnd = personIdEnd(buffer, start, end);
      const amount = wholeNumberAt(buffer, personEnd + 1, end);
      const i = a.index.find(buffer, start, personEnd);
      // Twice in the file: the careful reader says so.
      if (i === -1 ? others.add(buffer, start, personEnd) === -1 : s.matched[i] === 1) throw new NotPlain();
      addSpend(a, s, i, amount);
      return true;
    },
  });
  return plain ? s : null;
}

async function spendingCarefully(a: Allocations, file: string): Promise<Spending> {
  const s = noSpending(a);
  const seen = new Set<string>();
  await scanCsv(file, exactHeader(SPEND_HEADER), (f, line, problems) => {
    const [personId, spendText] = f as [string, string];
    const amount = wholeNumber(spendText);
    if (personId === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
    else if (seen.has(personId)) problems.push({ line, column: 'person_id', message: `"${personId}" appears more than once; each person must appear once` });
    if (amount === null) problems.push({ line, column: 'annual_spend_pence', message: `"${spendText}" is not a whole number of pence, 0 or more` });
    if (problems.length > 0) return;
    seen.add(personId);
    addSpend(a, s, a.index.findText(personId), amount!);
  });
  return s;
}

export async function equity(allocations: string, spend: string, options: { tolerance: number; progress?: Progress }): Promise<EquityReport> {
  // A plain file is read a byte at a time; anything else (or a bad file) again by the RFC 4180 reader, which names every problem.
  const a = (await allocationsPlain(allocations, options.progress)) ?? (await allocationsCarefully(allocations, options.progress));
  options.progress?.finish();
  const { matched, people, indicativeTotals, spendTotals, onlyInSpend } = (await spendingPlain(a, spend)) ?? (await spendingCarefully(a, spend));
  const { groupIds } = a;
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
