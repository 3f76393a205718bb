import type { Progress } from '../../batch/progress.js';
import { type CompiledScheme, priceChecked } from '../../domain/ras/pricing.js';
import type { BatchProblem } from '../../batch/problems.js';
import { scanCsv } from './files.js';
import { NotPlain, answersAt, asciiFieldEnd, groupAt, knownIds, personIdEnd, readPlainLines } from '../../batch/plain-lines.js';

/**
 * `selfdirect ras simulate`: prices a whole population with a new scheme (and a baseline, if
 * given) and totals it per group, to test a scheme against the budget before it is published.
 */
interface GroupTotals {
  id: string;
  people: number;
  annualPence: number;
  baselineAnnualPence: number;
  gainers: number;
  losers: number;
  belowThreshold: number;
  panelReview: number;
}

export interface SimulationReport {
  total: { people: number; annualPence: number; baselineAnnualPence?: number; changePence?: number };
  groups: { id: string; people: number; annualPence: number; baselineAnnualPence?: number; changePence?: number; gainers?: number; losers?: number; belowThreshold: number; panelReview: number }[];
  budget?: { availablePence: number; headroomPence: number };
}

/** Each group's totals as rows are priced by the scheme (and the baseline, when there is one). */
function groupTotals(schemes: CompiledScheme[]) {
  const [scheme, baseline] = schemes as [CompiledScheme, CompiledScheme | undefined];
  const totals = new Map<string, GroupTotals>();
  const fresh = (id: string): GroupTotals => ({ id, people: 0, annualPence: 0, baselineAnnualPence: 0, gainers: 0, losers: 0, belowThreshold: 0, panelReview: 0 });
  if (scheme.groups) for (const id of scheme.groups.keys()) totals.set(id, fresh(id));
  const domainPoints = schemes.map((c) => new Array<number>(c.domainCaps.length));
  return {
    totals,
    /** Prices one person's answers (by question index, per scheme) in their group. */
    add(group: string, answers: string[][]) {
      const priced = priceChecked(scheme, answers[0]!, scheme.groups ? group : null, domainPoints[0]);
      let t = totals.get(group);
      if (!t) totals.set(group, (t = fresh(group)));
      t.people++;
      t.annualPence += priced.annualPence;
      if (priced.outcome === 'below-threshold') t.belowThreshold++;
      if (priced.outcome === 'panel-review') t.panelReview++;
      if (baseline) {
        const before = priceChecked(baseline, answers[1]!, baseline.groups ? group : null, domainPoints[1]).annualPence;
        t.baselineAnnualPence += before;
        if (priced.annualPence > before) t.gainers++;
        else if (priced.annualPence < before) t.losers++;
      }
    },
  };
}

/** Which question of each scheme a column answers. */
type Column = { name: string; questionIn: (number | undefined)[] };

function columnsOf(schemes: CompiledScheme[], names: string[]): Column[] {
  return names.map((name) => ({ name, questionIn: schemes.map((c) => c.questionIndex.get(name)) }));
}

/** A plain population file (see src/batch/plain-lines.ts) priced a byte at a time, or null when the file is not plain. */
export async function simulatePlain(schemes: CompiledScheme[], population: string, progress?: Progress): Promise<Map<string, GroupTotals> | null> {
  const sum = groupTotals(schemes);
  const answers = schemes.map((c) => new Array<string>(c.questionIds.length));
  let columns: Column[] = [];
  let candidates: ReturnType<typeof knownIds>[] = [];
  // Groups as bytes: every scheme's, and any others seen (a banded scheme takes any group).
  const groups = knownIds(new Set(schemes.flatMap((c) => (c.groups ? [...c.groups.keys()] : []))));
  // An answer is set for each scheme whose question the column is, and must be one of that question's.
  const setAnswer = (column: number, id: string) => {
    const questionIn = columns[column]!.questionIn;
    for (let s = 0; s < schemes.length; s++) {
      const q = questionIn[s];
      if (q === undefined) continue;
      if (!schemes[s]!.answerPoints[q]!.has(id)) throw new NotPlain();
      answers[s]![q] = id;
    }
  };
  const plain = await readPlainLines(
    population,
    {
      header(text) {
        const names = text.split(',');
        if (names[0] !== 'person_id' || names[1] !== 'group' || new Set(names).size !== names.length) throw new NotPlain();
        columns = columnsOf(schemes, names.slice(2));
        if (columns.some((c) => c.questionIn.every((q) => q === undefined))) throw new NotPlain();
        if (schemes.some((c, s) => columns.filter((col) => col.questionIn[s] !== undefined).length !== c.questionIds.length)) throw new NotPlain();
        candidates = columns.map((col) => knownIds(new Set(col.questionIn.flatMap((q, s) => (q === undefined ? [] : [...schemes[s]!.answerPoints[q]!.keys()])))));
      },
      line(buffer, start, end) {
        const personEnd = personIdEnd(buffer, start, end);
        const groupEnd = asciiFieldEnd(buffer, personEnd + 1, end);
        const group = groupAt(groups, buffer, personEnd + 1, groupEnd);
        for (const c of schemes) if (c.groups && !c.groups.has(group)) throw new NotPlain();
        answersAt(buffer, groupEnd, end, candidates, setAnswer);
        sum.add(group, answers);
        return true;
      },
    },
    progress,
  );
  if (!plain) return null;
  progress?.finish();
  return sum.totals;
}

/** Every row read by the RFC 4180 reader and checked; a bad file is refused whole, naming every problem. */
async function simulateCarefully(schemes: CompiledScheme[], population: string, progress?: Progress): Promise<Map<string, GroupTotals>> {
  const sum = groupTotals(schemes);
  let columns: Column[] = [];
  const answers = schemes.map((c) => new Array<string>(c.questionIds.length));
  const header = (fields: string[], problems: BatchProblem[]) => {
    if (fields[0] !== 'person_id' || fields[1] !== 'group') problems.push({ line: 1, column: null, message: 'the first two columns must be person_id and group' });
    const seen = new Set<string>();
    columns = columnsOf(schemes, fields.slice(2));
    for (const { name, questionIn } of columns) {
      if (questionIn.every((q) => q === undefined)) problems.push({ line: 1, column: name, message: 'is not a question of the scheme or the baseline' });
      if (seen.has(name)) problems.push({ line: 1, column: name, message: 'appears more than once' });
      seen.add(name);
    }
    schemes.forEach((c, s) => {
      const missing = c.questionIds.filter((id) => !seen.has(id));
      if (missing.length) problems.push({ line: 1, column: null, message: `columns missing for ${s === 0 ? 'the scheme' : 'the baseline'}'s questions: ${missing.join(', ')}` });
    });
    return problems.length === 0;
  };

  await scanCsv(
    population,
    header,
    (f, line, problems) => {
      const group = f[1]!;
      if (f[0] === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
      schemes.forEach((c, s) => {
        if (c.groups && !c.groups.has(group)) problems.push({ line, column: 'group', message: `"${group}" is not a group of ${s === 0 ? 'the scheme' : 'the baseline'}; expected one of ${[...c.groups.keys()].join(', ')}` });
      });
      for (let j = 2; j < f.length; j++) {
        const column = columns[j - 2]!;
        for (let s = 0; s < schemes.length; s++) {
          const q = column.questionIn[s];
          if (q === undefined) continue;
          if (!schemes[s]!.answerPoints[q]!.has(f[j]!)) {
            problems.push({ line, column: column.name, message: `${f[j] === '' ? 'is empty' : `"${f[j]}" is not an answer to this question`}; expected one of ${[...schemes[s]!.answerPoints[q]!.keys()].join(', ')}` });
            break;
          }
          answers[s]![q] = f[j]!;
        }
      }
      if (problems.length > 0) return;
      sum.add(group, answers);
    },
    progress,
  );
  return sum.totals;
}

export async function simulate(scheme: CompiledScheme, baseline: CompiledScheme | null, population: string, options: { budgetPence?: number; progress?: Progress } = {}): Promise<SimulationReport> {
  const schemes = baseline ? [scheme, baseline] : [scheme];
  // A plain file is read a byte at a time; anything else (or a bad file) again by the RFC 4180 reader, which names every problem.
  const totals = (await simulatePlain(schemes, population, options.progress)) ?? (await simulateCarefully(schemes, population, options.progress));
  const groups = [...totals.values()].map((t) => ({
    id: t.id,
    people: t.people,
    annualPence: t.annualPence,
    ...(baseline ? { baselineAnnualPence: t.baselineAnnualPence, changePence: t.annualPence - t.baselineAnnualPence, gainers: t.gainers, losers: t.losers } : {}),
    belowThreshold: t.belowThreshold,
    panelReview: t.panelReview,
  }));
  const people = groups.reduce((s, g) => s + g.people, 0);
  const annualPence = groups.reduce((s, g) => s + g.annualPence, 0);
  const baselineAnnualPence = groups.reduce((s, g) => s + (g.baselineAnnualPence ?? 0), 0);
  return {
    total: { people, annualPence, ...(baseline ? { baselineAnnualPence, changePence: annualPence - baselineAnnualPence } : {}) },
    groups,
    ...(options.budgetPence !== undefined ? { budget: { availablePence: options.budgetPence, headroomPence: options.budgetPence - annualPence } } : {}),
  };
}
