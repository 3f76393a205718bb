import type { AnalysisRun } from '../../db/schema.js';
import { escapeHtml } from '../../web/format.js';
import type { CalibrationReport } from './calibrate.js';
import { type ScatterSeries, divergingBarChart, legendSwatch, scatterChart, seriesStyle, toleranceChart } from './charts.js';
import { type EquityReport, equityMeaning } from './equity.js';
import type { CalibrationRun } from './runs.js';
import type { SimulationReport } from './simulate.js';
import { disclosedCount, disclosedFigure, isSmallNumber } from '../../domain/analytics/disclosure.js';
import { FEWEST_TO_CONCLUDE, fitCaution, r2Text, tooFewToConclude } from '../../domain/analytics/confidence.js';
import { type Cell, type ResultColumn, type ResultTable, displayCell } from './result-table.js';
import { captionedTable } from '../../web/tables.js';

export type GroupTitles = ReadonlyMap<string, string>;

/** A group's title from the schemes, and its id: the first two columns of every table. */
const GROUP_COLUMNS: ResultColumn[] = [{ title: 'Group', unit: 'text' }, { title: 'Group id', unit: 'text' }];
const groupCells = (id: string, titles: GroupTitles) => [titles.get(id) ?? id, id];

/** Builds a table from stored rows: each cell reads on the page in its column's unit, unless a row says otherwise (withheld figures). */
function tableOf(caption: string, columns: ResultColumn[], rows: { cells: Cell[]; shown?: (string | undefined)[] }[]): ResultTable {
  return {
    caption,
    columns,
    rows: rows.map((r) => r.cells),
    display: rows.map((r) => r.cells.map((v, i) => r.shown?.[i] ?? displayCell(v, columns[i]!.unit))),
  };
}

const WITHHELD = 'not shown';

export function calibrationTable(report: CalibrationReport, options: { throughOrigin: boolean; titles: GroupTitles }): ResultTable {
  const columns: ResultColumn[] = [...GROUP_COLUMNS, { title: 'People', unit: 'count' }, { title: 'Rate per point (£)', unit: 'pounds-rate' }, { title: 'Fixed amount a week (£)', unit: 'pounds' }, { title: 'R²', unit: 'decimal' }, { title: 'Note', unit: 'text', prose: true }];
  return tableOf(
    'Fitted rates by group',
    columns,
    report.groups.map((g) => {
      const group = groupCells(g.id, options.titles);
      // A group of fewer than 5 people shows no fitted figures: they would describe those few people.
      if (isSmallNumber(g.n)) return { cells: [...group, disclosedCount(g.n), null, null, null, 'fewer than 5 people: not shown'], shown: [undefined, undefined, undefined, WITHHELD, WITHHELD, WITHHELD] };
      if ('error' in g) return { cells: [...group, g.n, null, null, null, g.error] };
      const caution = fitCaution(g.n, options.throughOrigin);
      const exact = !options.throughOrigin && g.n === 2;
      return { cells: [...group, g.n, g.pencePerPoint, g.fixedPence, exact ? null : g.r2, caution], shown: [undefined, undefined, undefined, undefined, undefined, r2Text(g.r2, g.n, options.throughOrigin)] };
    }),
  );
}

export function simulationTable(report: SimulationReport, titles: GroupTitles): ResultTable {
  const baseline = report.total.baselineAnnualPence !== undefined;
  const columns: ResultColumn[] = [
    ...GROUP_COLUMNS,
    { title: 'People', unit: 'count' },
    { title: 'Annual cost (£)', unit: 'pounds' },
    ...(baseline ? [{ title: 'Baseline annual cost (£)', unit: 'pounds' as const }, { title: 'Change (£)', unit: 'pounds-change' as const }, { title: 'Gainers', unit: 'count' as const }, { title: 'Losers', unit: 'count' as const }] : []),
    { title: 'Below threshold', unit: 'count' },
    { title: 'Panel review', unit: 'count' },
  ];
  // A group of fewer than 5 people shows no figures: its cost would be theirs (src/domain/analytics/disclosure.ts).
  const rows = report.groups.map((g) => {
    const figure = <T>(v: T) => disclosedFigure(g.people, v);
    const cells: Cell[] = [...groupCells(g.id, titles), isSmallNumber(g.people) ? disclosedCount(g.people) : g.people, figure(g.annualPence), ...(baseline ? [figure(g.baselineAnnualPence ?? 0), figure(g.changePence ?? 0), figure(g.gainers ?? 0), figure(g.losers ?? 0)] : []), figure(g.belowThreshold), figure(g.panelReview)];
    return isSmallNumber(g.people) ? { cells, shown: [undefined, undefined, undefined, ...new Array<string>(cells.length - 3).fill(WITHHELD)] } : { cells };
  });
  rows.push({ cells: ['All groups', null, report.total.people, report.total.annualPence, ...(baseline ? [report.total.baselineAnnualPence ?? 0, report.total.changePence ?? 0, null, null] : []), null, null] });
  return tableOf('Annual cost by group', columns, rows);
}

export function equityTable(report: EquityReport, tolerance: number, rates: Map<string, number>, titles: GroupTitles): ResultTable {
  const suggested = (g: EquityReport['groups'][number]) => {
    const rate = rates.get(g.id);
    return rate === undefined || g.differenceRatio === null || !g.flagged ? null : Math.round(rate * (g.spendPence / g.indicativePence) * 10_000) / 10_000;
  };
  const columns: ResultColumn[] = [
    ...GROUP_COLUMNS,
    { title: 'People', unit: 'count' },
    { title: 'Indicative budgets (£ a year)', unit: 'pounds' },
    { title: 'Spend (£ a year)', unit: 'pounds' },
    { title: 'Difference (%)', unit: 'percent' },
    { title: 'Outside tolerance', unit: 'text' },
    { title: 'Enough people to conclude', unit: 'text' },
    { title: 'Rate that would have matched spend (£ per point)', unit: 'pounds-rate' },
    { title: 'What it means', unit: 'text', prose: true },
  ];
  return tableOf(
    'Spend against indicative budgets by group',
    columns,
    report.groups.map((g) => {
      const group = groupCells(g.id, titles);
      // A group of fewer than 5 people shows no money: its spend would be theirs.
      if (isSmallNumber(g.people)) return { cells: [...group, disclosedCount(g.people), null, null, null, null, 'No', null, 'Too few people to show without identifying them'], shown: [undefined, undefined, undefined, WITHHELD, WITHHELD, WITHHELD, WITHHELD] };
      const few = tooFewToConclude(g.people);
      return { cells: [...group, g.people, g.indicativePence, g.spendPence, g.differenceRatio, g.flagged ? 'Yes' : 'No', few ? 'No' : 'Yes', few ? null : suggested(g), equityMeaning(g, tolerance)], shown: [undefined, undefined, undefined, undefined, undefined, g.differenceRatio === null ? 'Not comparable' : undefined] };
    }),
  );
}

export function calibrationChart(run: CalibrationRun, titles: GroupTitles = new Map()) {
  // Groups of fewer than 5 people are left out: their markers and line would describe those few.
  const few = new Set(run.groups.filter((g) => isSmallNumber(g.n)).map((g) => g.id));
  const ids = [...new Set([...run.groups.map((g) => g.id), ...run.sample.map((p) => p.group)])].filter((id) => !few.has(id));
  const series: ScatterSeries[] = ids.map((id) => {
    const fitted = run.groups.find((g) => g.id === id);
    return {
      label: titles.get(id) ?? id,
      points: run.sample.filter((p) => p.group === id).map((p) => ({ x: p.points, y: p.cost })),
      line: fitted && !('error' in fitted) ? { slope: fitted.pencePerPoint, intercept: fitted.fixedPence } : null,
    };
  });
  const shown = run.sample.length < run.rows ? `a random sample of ${run.sample.length.toLocaleString('en-GB')} of the ${run.rows.toLocaleString('en-GB')} people` : `all ${run.rows.toLocaleString('en-GB')} people`;
  return {
    svg: scatterChart('calibration-chart', 'Points against weekly cost, with each group’s fitted line', `Each marker is one person (${shown}); each line is a group’s fitted rate; groups of fewer than 5 people are not shown. The key below the chart names each group’s marker, and the table gives the same fitted figures.`, series, { x: 'Points', y: 'Weekly cost', yText: (v) => `£${Math.round(v / 100).toLocaleString('en-GB')}` }),
    // The key sits below the chart as a list, so it wraps on a narrow screen however many groups there are.
    legend: ids.map((id, i) => ({ id, label: titles.get(id) ?? id, swatch: legendSwatch(seriesStyle(i).shape, seriesStyle(i).colour) })),
  };
}

export function simulationChart(report: SimulationReport, titles: GroupTitles = new Map()) {
  if (report.total.baselineAnnualPence === undefined) return null;
  return divergingBarChart(
    'simulation-chart',
    'Change in annual cost per group against the baseline',
    'Bars to the right are groups that would cost more under the new scheme, to the left less. The table below gives the same figures; groups of fewer than 5 people are not shown.',
    report.groups.filter((g) => !isSmallNumber(g.people)).map((g) => ({ label: titles.get(g.id) ?? g.id, value: g.changePence ?? 0 })),
    (v) => `${v > 0 ? '+' : v < 0 ? '−' : ''}£${Math.round(Math.abs(v) / 100).toLocaleString('en-GB')}`,
  );
}

export function equityChart(report: EquityReport, tolerance: number, titles: GroupTitles = new Map()) {
  return toleranceChart(
    'equity-chart',
    'Spend as a share of the indicative budgets, per group',
    `100% means a group spent exactly its indicative budgets; the shaded band is within ${Math.round(tolerance * 100)}%. Groups outside it are marked with a diamond. The table below gives the same figures; groups of fewer than 5 people are not shown.`,
    report.groups.filter((g) => !isSmallNumber(g.people)).map((g) => ({ label: titles.get(g.id) ?? g.id, ratio: g.differenceRatio === null ? null : 1 + g.differenceRatio })),
    tolerance,
  );
}

/** Groups big enough to show but too small to conclude from, said before the table. */
export function equityCautions(report: EquityReport, titles: GroupTitles = new Map()): string[] {
  return report.groups
    .filter((g) => !isSmallNumber(g.people) && tooFewToConclude(g.people))
    .map((g) => `${titles.get(g.id) ?? g.id}: only ${g.people} people, too few to conclude from (${FEWEST_TO_CONCLUDE} or more are needed)`);
}

export function runsTable(runs: { id: string; kind: AnalysisRun['kind']; title: string; created_at: Date; display_name: string }[], href: (id: string) => string, when: (d: Date) => string) {
  const kinds = { calibration: 'Calibration', simulation: 'Affordability', equity: 'Equity review' } as const;
  return captionedTable('Recent analyses', [{ text: 'Analysis' }, { text: 'Kind' }, { text: 'By' }, { text: 'When' }], runs.map((r) => [{ html: `<a class="govuk-link" href="${href(r.id)}">${escapeHtml(r.title)}</a>` }, { text: kinds[r.kind] }, { text: r.display_name }, { text: when(r.created_at) }]));
}
