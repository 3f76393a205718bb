import type { AnalysisRun } from '../../db/schema.js';
import { formatPence } from '../../domain/money/pence.js';
import { escapeHtml } from '../../web/format.js';
import type { CalibrationReport } from './calibrate.js';
import { type ScatterSeries, divergingBarChart, scatterChart, seriesStyle, toleranceChart } from './charts.js';
import { type EquityReport, equitySentence } from './equity.js';
import type { CalibrationRun } from './runs.js';
import type { SimulationReport } from './simulate.js';
import { captionedTable } from '../../web/tables.js';
import { exportCell } from '../../batch/csv.js';
import { disclosedCount, disclosedFigure, isSmallNumber } from '../../domain/analytics/disclosure.js';

/**
 * One table per analysis: the same rows feed the page's table (GOV.UK macro parameters), the CSV
 * and the XLSX downloads, so they never disagree. Pure.
 */
export interface ResultTable {
  caption: string;
  columns: { title: string; numeric: boolean }[];
  /** Cells as they are downloaded: numbers stay numbers, money stays in pence. */
  rows: (string | number | null)[][];
  /** How each cell is shown on the page. */
  display: string[][];
}

const pounds = (pence: number | undefined | null) => (pence === undefined || pence === null ? '' : formatPence(pence));
const signed = (pence: number) => `${pence > 0 ? '+' : pence < 0 ? '−' : ''}${formatPence(Math.abs(pence))}`;
const percent = (ratio: number | null) => (ratio === null ? 'Not comparable' : `${ratio > 0 ? '+' : ratio < 0 ? '−' : ''}${Math.abs(Math.round(ratio * 1000) / 10)}%`);

export function calibrationTable(report: CalibrationReport): ResultTable {
  // A group of fewer than 5 people shows no fitted figures: they would describe those few people.
  const small = (g: { n: number }) => isSmallNumber(g.n);
  return {
    caption: 'Fitted rates by group',
    columns: [{ title: 'Group', numeric: false }, { title: 'People', numeric: true }, { title: 'Pence per point', numeric: true }, { title: 'Fixed pence a week', numeric: true }, { title: 'R²', numeric: true }, { title: 'Problem', numeric: false }],
    rows: report.groups.map((g) => (small(g) ? [g.id, disclosedCount(g.n), null, null, null, 'fewer than 5 people: not shown'] : 'error' in g ? [g.id, g.n, null, null, null, g.error] : [g.id, g.n, g.pencePerPoint, g.fixedPence, g.r2, null])),
    display: report.groups.map((g) =>
      small(g)
        ? [g.id, disclosedCount(g.n), 'not shown', 'not shown', 'not shown', '']
        : 'error' in g
          ? [g.id, String(g.n), '', '', '', g.error]
          : [g.id, g.n.toLocaleString('en-GB'), `${(g.pencePerPoint / 100).toFixed(4)}`.replace(/^/, '£'), formatPence(Math.round(g.fixedPence)), g.r2.toFixed(3), ''],
    ),
  };
}

export function simulationTable(report: SimulationReport): ResultTable {
  const baseline = report.total.baselineAnnualPence !== undefined;
  const columns = [
    { title: 'Group', numeric: false },
    { title: 'People', numeric: true },
    { title: 'Annual cost (pence)', numeric: true },
    ...(baseline ? [{ title: 'Baseline annual cost (pence)', numeric: true }, { title: 'Change (pence)', numeric: true }, { title: 'Gainers', numeric: true }, { title: 'Losers', numeric: true }] : []),
    { title: 'Below threshold', numeric: true },
    { title: 'Panel review', numeric: true },
  ];
  // A group of fewer than 5 people shows no figures: its cost would be theirs (src/domain/analytics/disclosure.ts).
  const figure = <T>(g: { people: number }, v: T) => disclosedFigure(g.people, v);
  const rows: (string | number | null)[][] = report.groups.map((g) => [g.id, isSmallNumber(g.people) ? disclosedCount(g.people) : g.people, figure(g, g.annualPence), ...(baseline ? [figure(g, g.baselineAnnualPence ?? 0), figure(g, g.changePence ?? 0), figure(g, g.gainers ?? 0), figure(g, g.losers ?? 0)] : []), figure(g, g.belowThreshold), figure(g, g.panelReview)]);
  rows.push(['All groups', report.total.people, report.total.annualPence, ...(baseline ? [report.total.baselineAnnualPence ?? 0, report.total.changePence ?? 0, null, null] : []), null, null]);
  const display = report.groups.map((g) =>
    isSmallNumber(g.people)
      ? [g.id, disclosedCount(g.people), ...new Array<string>(baseline ? 7 : 3).fill('not shown')]
      : [g.id, g.people.toLocaleString('en-GB'), pounds(g.annualPence), ...(baseline ? [pounds(g.baselineAnnualPence), signed(g.changePence ?? 0), String(g.gainers ?? 0), String(g.losers ?? 0)] : []), String(g.belowThreshold), String(g.panelReview)],
  );
  display.push(['All groups', report.total.people.toLocaleString('en-GB'), pounds(report.total.annualPence), ...(baseline ? [pounds(report.total.baselineAnnualPence), signed(report.total.changePence ?? 0), '', ''] : []), '', '']);
  return { caption: 'Annual cost by group', columns: columns.map((c) => ({ ...c, title: c.title.replace(' (pence)', '') })), rows, display };
}

export function equityTable(report: EquityReport, tolerance: number, rates: Map<string, number>): ResultTable {
  const suggested = (g: EquityReport['groups'][number]) => {
    const rate = rates.get(g.id);
    return rate === undefined || g.differenceRatio === null || !g.flagged ? null : Math.round(rate * (g.spendPence / g.indicativePence) * 10_000) / 10_000;
  };
  // A group of fewer than 5 people shows no money: its spend would be theirs.
  const small = (g: { people: number }) => isSmallNumber(g.people);
  return {
    caption: 'Spend against indicative budgets by group',
    columns: [{ title: 'Group', numeric: false }, { title: 'People', numeric: true }, { title: 'Indicative', numeric: true }, { title: 'Spend', numeric: true }, { title: 'Difference', numeric: true }, { title: 'Outside tolerance', numeric: false }, { title: 'Rate that would have matched spend (pence per point)', numeric: true }, { title: 'What it means', numeric: false }],
    rows: report.groups.map((g) =>
      small(g)
        ? [g.id, disclosedCount(g.people), null, null, null, null, null, 'fewer than 5 people: not shown']
        : [g.id, g.people, g.indicativePence, g.spendPence, g.differenceRatio, g.flagged ? 'yes' : 'no', suggested(g), equitySentence(g, tolerance).replace(/^[^:]+: /, '')],
    ),
    display: report.groups.map((g) => {
      if (small(g)) return [g.id, disclosedCount(g.people), 'not shown', 'not shown', 'not shown', 'not shown', '', 'Too few people to show without identifying them'];
      const s = suggested(g);
      return [g.id, g.people.toLocaleString('en-GB'), pounds(g.indicativePence), pounds(g.spendPence), percent(g.differenceRatio), g.flagged ? 'Yes' : 'No', s === null ? '' : `£${(s / 100).toFixed(4)}`, equitySentence(g, tolerance).replace(/^[^:]+: /, '').replace('FLAGGED — ', '')];
    }),
  };
}

/** A result table as GOV.UK table macro parameters. */
export function govukTableOf(table: ResultTable) {
  return captionedTable(table.caption, table.columns.map((c) => ({ text: c.title, format: c.numeric ? 'numeric' : undefined })), table.display.map((row) => row.map((text, i) => ({ text, format: table.columns[i]!.numeric ? 'numeric' : undefined }))));
}

/** CSV of a result table (RFC 4180; money in pence, ratios as decimals). */
export function csvOf(table: ResultTable): string {
  const cell = exportCell;
  const header = table.columns.map((c) => c.title);
  return `${[header, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function calibrationChart(run: CalibrationRun) {
  // Groups of fewer than 5 people are left out: their markers and line would describe those few.
  const few = new Set(run.groups.filter((g) => isSmallNumber(g.n)).map((g) => g.id));
  const ids = [...new Set([...run.groups.map((g) => g.id), ...run.sample.map((p) => p.group)])].filter((id) => !few.has(id));
  const series: ScatterSeries[] = ids.map((id) => {
    const fitted = run.groups.find((g) => g.id === id);
    return {
      label: id,
      points: run.sample.filter((p) => p.group === id).map((p) => ({ x: p.points, y: p.cost })),
      line: fitted && !('error' in fitted) ? { slope: fitted.pencePerPoint, intercept: fitted.fixedPence } : null,
    };
  });
  const shown = run.sample.length < run.rows ? `a random sample of ${run.sample.length.toLocaleString('en-GB')} of the ${run.rows.toLocaleString('en-GB')} people` : `all ${run.rows.toLocaleString('en-GB')} people`;
  return {
    svg: scatterChart('calibration-chart', 'Points against weekly cost, with each group’s fitted line', `Each marker is one person (${shown}); each line is a group’s fitted rate; groups of fewer than 5 people are not shown. The table below gives the same fitted figures.`, series, { x: 'Points', y: 'Weekly cost', yText: (v) => `£${Math.round(v / 100).toLocaleString('en-GB')}` }),
    legend: ids.map((id, i) => ({ id, colour: seriesStyle(i).colour, shape: seriesStyle(i).shape })),
  };
}

export function simulationChart(report: SimulationReport) {
  if (report.total.baselineAnnualPence === undefined) return null;
  return divergingBarChart(
    'simulation-chart',
    'Change in annual cost per group against the baseline',
    'Bars to the right are groups that would cost more under the new scheme, to the left less. The table below gives the same figures; groups of fewer than 5 people are not shown.',
    report.groups.filter((g) => !isSmallNumber(g.people)).map((g) => ({ label: g.id, value: g.changePence ?? 0 })),
    (v) => `${v > 0 ? '+' : v < 0 ? '−' : ''}£${Math.round(Math.abs(v) / 100).toLocaleString('en-GB')}`,
  );
}

export function equityChart(report: EquityReport, tolerance: number) {
  return toleranceChart(
    'equity-chart',
    'Spend as a share of the indicative budgets, per group',
    `100% means a group spent exactly its indicative budgets; the shaded band is within ${Math.round(tolerance * 100)}%. Groups outside it are marked with a diamond. The table below gives the same figures; groups of fewer than 5 people are not shown.`,
    report.groups.filter((g) => !isSmallNumber(g.people)).map((g) => ({ label: g.id, ratio: g.differenceRatio === null ? null : 1 + g.differenceRatio })),
    tolerance,
  );
}

export function runsTable(runs: { id: string; kind: AnalysisRun['kind']; title: string; created_at: Date; display_name: string }[], href: (id: string) => string, when: (d: Date) => string) {
  const kinds = { calibration: 'Calibration', simulation: 'Affordability', equity: 'Equity review' } as const;
  return captionedTable('Recent analyses', [{ text: 'Analysis' }, { text: 'Kind' }, { text: 'By' }, { text: 'When' }], runs.map((r) => [{ html: `<a class="govuk-link" href="${href(r.id)}">${escapeHtml(r.title)}</a>` }, { text: kinds[r.kind] }, { text: r.display_name }, { text: when(r.created_at) }]));
}
