import type { Progress } from '../../batch/progress.js';
import { type CompiledScheme, priceChecked } from '../../domain/ras/pricing.js';
import type { BatchProblem } from '../../batch/problems.js';
import { scanCsv } from './files.js';

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

export async function simulate(scheme: CompiledScheme, baseline: CompiledScheme | null, population: string, options: { budgetPence?: number; progress?: Progress } = {}): Promise<SimulationReport> {
  const schemes = baseline ? [scheme, baseline] : [scheme];
  const columns: { name: string; questionIn: (number | undefined)[] }[] = [];
  const answers = schemes.map((c) => new Array<string>(c.questionIds.length));
  const totals = new Map<string, GroupTotals>();
  if (scheme.groups) for (const id of scheme.groups.keys()) totals.set(id, { id, people: 0, annualPence: 0, baselineAnnualPence: 0, gainers: 0, losers: 0, belowThreshold: 0, panelReview: 0 });

  const header = (fields: string[], problems: BatchProblem[]) => {
    if (fields[0] !== 'person_id' || fields[1] !== 'group') problems.push({ line: 1, column: null, message: 'the first two columns must be person_id and group' });
    const seen = new Set<string>();
    for (const name of fields.slice(2)) {
      const questionIn = schemes.map((c) => c.questionIndex.get(name));
      if (questionIn.every((q) => q === undefined)) problems.push({ line: 1, column: name, message: 'is not a question of the scheme or the baseline' });
      if (seen.has(name)) problems.push({ line: 1, column: name, message: 'appears more than once' });
      seen.add(name);
      columns.push({ name, questionIn });
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
      const priced = priceChecked(scheme, answers[0]!, scheme.groups ? group : null);
      let t = totals.get(group);
      if (!t) totals.set(group, (t = { id: group, people: 0, annualPence: 0, baselineAnnualPence: 0, gainers: 0, losers: 0, belowThreshold: 0, panelReview: 0 }));
      t.people++;
      t.annualPence += priced.annualPence;
      if (priced.outcome === 'below-threshold') t.belowThreshold++;
      if (priced.outcome === 'panel-review') t.panelReview++;
      if (baseline) {
        const before = priceChecked(baseline, answers[1]!, baseline.groups ? group : null).annualPence;
        t.baselineAnnualPence += before;
        if (priced.annualPence > before) t.gainers++;
        else if (priced.annualPence < before) t.losers++;
      }
    },
    options.progress,
  );

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
