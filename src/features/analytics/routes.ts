import { z } from 'zod';
import { isUuid } from '../../db/ids.js';
import type { AnalysisRun } from '../../db/schema.js';
import { formatPence } from '../../domain/money/pence.js';
import { optionalPounds, requiredDate } from '../../web/fields.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { financialYearOf } from '../../domain/calendar/financial-year.js';
import { formatDateTime } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { type Context, type ContextAfter, type Route, download, idParams, page, redirect, route, uuid } from '../../web/route.js';
import { groupTitles, schemeRowById, schemeSummaries } from '../schemes/repository.js';
import { recentRuns, runById } from './repository.js';
import { type CalibrationRun, calibrateRun, equityRun, groupRatesOf, saveAsDraftScheme, simulateRun } from './runs.js';
import type { EquityReport } from './equity.js';
import * as present from './presenters.js';
import { csvOf, govukTableOf } from './result-table.js';
import { workbookOf } from './workbook.js';
import type { SimulationReport } from './simulate.js';

type Errors = { field: string; message: string }[];

const source = z.preprocess(blankToNull, z.enum(['file', 'database'], { error: 'Choose where the figures come from' }));

const calibrateSchema = z.object({ source, through_origin: z.preprocess((v) => v === 'yes', z.boolean()) });

const simulateSchema = z.object({
  source,
  scheme: z.preprocess(blankToNull, z.string({ error: 'Choose the scheme to test' })),
  baseline: z.preprocess(blankToNull, z.string().nullable()),
  budget: optionalPounds('Enter the available budget in pounds, like 25,000,000'),
});

const equitySchema = z.object({
  source,
  spend_source: z.preprocess(blankToNull, z.enum(['file', 'database'], { error: 'Choose where actual spending comes from' })),
  spend_year: z.preprocess(blankToNull, z.coerce.number().int().min(2000).max(2100).nullable()),
  scheme: z.preprocess(blankToNull, z.string().nullable()),
  tolerance: z.preprocess(
    (v) => (blankToNull(v) === null ? '10' : v),
    z.coerce.number({ error: 'Enter the tolerance as a percentage, like 10' }).min(0, 'The tolerance must be 0% or more').max(100, 'The tolerance must be 100% or less'),
  ),
});

type Values = Record<string, string | string[]>;
type Choices = Awaited<ReturnType<typeof schemeSummaries>>;

const text = (values: Values, key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
const schemeItems = (choices: Choices, selected: string | undefined, blank: string) => [
  { value: '', text: blank },
  ...choices.map((s) => ({ value: s.id, text: `${s.title} (${s.scheme_id}, version ${s.version}, ${s.status})`, selected: s.id === selected })),
];
const sourceItems = (values: Values, file: string, database: string) => [
  { value: 'file', text: file, checked: values.source === 'file' },
  { value: 'database', text: database, checked: values.source === 'database' },
];
const back = { href: paths.analytics.index(), text: 'Analysis' };
const saveSchemeSchema = z.object({
  base: z.preprocess(blankToNull, z.string({ error: 'Choose the scheme to start from' })),
  version: z.preprocess(blankToNull, z.string({ error: 'Enter the new version, like 2027.1' }).regex(/^[A-Za-z0-9._-]{1,40}$/, 'The version may use letters, numbers, dots, dashes and underscores, up to 40')),
  effective_from: requiredDate('The date it takes effect', 'Enter the date the new version takes effect, like 1 4 2027'),
});
const downloadParams = z.object({ id: uuid, format: z.enum(['csv', 'xlsx']) });

const calibratePage = (values: Values = {}, errors?: Errors) =>
  page('analytics/views/calibrate.njk', { title: 'Calibrate the RAS against what care costs', values, sourceItems: sourceItems(values, 'Upload a history file', 'Use the agreed support plans in Selfdirect'), ...presentErrors(errors, { source: 'source', history: 'history' }), backLink: back });

const simulatePage = (choices: Choices, values: Values = {}, errors?: Errors) =>
  page('analytics/views/simulate.njk', {
    title: 'Test a scheme against the budget',
    values,
    sourceItems: sourceItems(values, 'Upload an assessments file', 'Use the latest completed assessments in Selfdirect'),
    schemes: schemeItems(choices, text(values, 'scheme'), 'Choose a scheme'),
    baselines: schemeItems(choices, text(values, 'baseline'), 'No baseline'),
    ...presentErrors(errors, { source: 'source', population: 'population' }),
    backLink: back,
  });

const equityPage = (ctx: ContextAfter, choices: Choices, values: Values = {}, errors?: Errors) =>
  page('analytics/views/equity.njk', {
    title: 'Review equity: spend against indicative budgets',
    values: { tolerance: '10', ...values },
    sourceItems: sourceItems(values, 'Upload an allocations file', 'Use the latest completed assessments in Selfdirect'),
    spendItems: [
      { value: 'file', text: 'Upload a spend file', checked: values.spend_source === 'file' },
      { value: 'database', text: 'Use direct payment spending recorded in Selfdirect', checked: values.spend_source === 'database' },
    ],
    // Whole years only: a year still running would set part of a year's spending against a whole year's budget.
    yearItems: [1, 2, 3].map((ago) => {
      const year = financialYearOf(ctx.today) - ago;
      return { value: String(year), text: `April ${year} to March ${year + 1}`, selected: values.spend_year === String(year) };
    }),
    schemes: schemeItems(choices, text(values, 'scheme'), 'No scheme: do not suggest rates'),
    ...presentErrors(errors, { source: 'source', allocations: 'allocations', spend: 'spend' }),
    backLink: back,
  });

/** A run with its results as a table (and, for equity, the rates of the scheme it was reviewed against). */
async function runWithTable(ctx: Context, params: { id: string }, forThePage: boolean) {
  const run = await runById(ctx.db, params.id);
  if (!run) return undefined;
  const parameters = run.parameters as Record<string, unknown>;
  // The page offers the schemes a calibration can be saved as; a download needs none.
  const choices = forThePage && run.kind === 'calibration' ? await schemeSummaries(ctx.db) : [];
  const titles = await groupTitles(ctx.db);
  if (run.kind === 'calibration') return { run, choices, titles, table: present.calibrationTable(run.report as CalibrationRun, { throughOrigin: parameters.throughOrigin === true, titles }) };
  if (run.kind === 'simulation') return { run, choices, titles, table: present.simulationTable(run.report as SimulationReport, titles) };
  const rates = typeof parameters.schemeRowId === 'string' && isUuid(parameters.schemeRowId) ? groupRatesOf(await schemeRowById(ctx.db, parameters.schemeRowId)) : new Map<string, number>();
  return { run, choices, titles, table: present.equityTable(run.report as EquityReport, Number(parameters.tolerance), rates, titles) };
}
/** A run for its page. */
const loadRun = (ctx: Context, params: { id: string }) => runWithTable(ctx, params, true);
type Loaded = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

function runPage({ run, table, choices, titles }: Loaded, values: Values = {}, errors?: Errors) {
  const parameters = run.parameters as Record<string, unknown>;
  const simulation = run.kind === 'simulation' ? (run.report as SimulationReport) : null;
  const calibration = run.kind === 'calibration' ? present.calibrationChart(run.report as CalibrationRun, titles) : null;
  const equity = run.kind === 'equity' ? (run.report as EquityReport) : null;
  return page('analytics/views/run.njk', {
    title: run.title,
    kind: run.kind,
    when: formatDateTime(run.created_at),
    chart: calibration ? calibration.svg : simulation ? present.simulationChart(simulation, titles) : present.equityChart(equity!, Number(parameters.tolerance), titles),
    legend: calibration?.legend ?? null,
    basis: typeof parameters.basis === 'string' ? parameters.basis : null,
    cautions: equity ? present.equityCautions(equity, titles) : [],
    table: govukTableOf(table),
    budget: simulation?.budget
      ? [
          { key: { text: 'Budget available for a year' }, value: { text: formatPence(simulation.budget.availablePence) } },
          { key: { text: 'Headroom' }, value: { text: simulation.budget.headroomPence >= 0 ? `${formatPence(simulation.budget.headroomPence)} left` : `${formatPence(-simulation.budget.headroomPence)} over budget` } },
        ]
      : null,
    unmatched: equity && equity.unmatched > 0 ? `${equity.unmatched.toLocaleString('en-GB')} ${equity.unmatched === 1 ? 'person was' : 'people were'} in only one of the two files and ${equity.unmatched === 1 ? 'is' : 'are'} left out of the totals.` : null,
    downloads: { csv: paths.analytics.download(run.id, 'csv'), xlsx: paths.analytics.download(run.id, 'xlsx') },
    saveScheme: run.kind === 'calibration' ? paths.analytics.saveScheme(run.id) : null,
    bases: run.kind === 'calibration' ? schemeItems(choices, text(values, 'base'), 'Choose the scheme to start from') : [],
    values,
    ...presentErrors(errors, { base: 'base', version: 'version', effective_from: 'effective_from-day' }),
    backLink: back,
  });
}

const fileOf = (ctx: Context, field: string) => {
  const file = ctx.files[field];
  return file ? { file: file.path, name: file.name } : null;
};
const toRun = (_ctx: unknown, _r: unknown, id: string) => redirect(paths.analytics.run(id));
const ACCESS = 'analytics:run' as const;
const uploading = { access: ACCESS, uploads: true, transaction: false } as const;

/** Analysis for commissioners, as data: analysts only, aggregate figures with no names. */
export const analyticsRoutes: Route[] = [
  route({ method: 'GET', url: '/analytics', access: ACCESS, load: (ctx) => recentRuns(ctx.db), respond: (_ctx, runs) => page('analytics/views/index.njk', { title: 'Analysis', runs: runs.length ? present.runsTable(runs, paths.analytics.run, formatDateTime) : null }) }),
  route({ method: 'GET', url: '/analytics/calibrate', access: ACCESS, respond: () => calibratePage() }),
  route({
    ...uploading,
    method: 'POST',
    url: '/analytics/calibrate',
    form: calibrateSchema,
    command: (ctx, _r, f: z.infer<typeof calibrateSchema>) => {
      const file = fileOf(ctx, 'history');
      if (f.source === 'file' && !file) throw new ValidationError([{ field: 'history', message: 'Choose the history CSV file to upload' }]);
      return calibrateRun(ctx, f.source === 'file' ? file! : 'database', f.through_origin);
    },
    invalid: (_ctx, _r, p) => calibratePage(p.values, p.errors),
    respond: toRun,
  }),
  route({ method: 'GET', url: '/analytics/simulate', access: ACCESS, load: (ctx) => schemeSummaries(ctx.db), respond: (_ctx, choices) => simulatePage(choices) }),
  route({
    ...uploading,
    method: 'POST',
    url: '/analytics/simulate',
    load: (ctx) => schemeSummaries(ctx.db),
    form: simulateSchema,
    command: (ctx, _choices, f: z.infer<typeof simulateSchema>) => {
      const file = fileOf(ctx, 'population');
      if (f.source === 'file' && !file) throw new ValidationError([{ field: 'population', message: 'Choose the assessments CSV file to upload' }]);
      return simulateRun(ctx, { schemeId: f.scheme, baselineId: f.baseline, population: f.source === 'file' ? file! : 'database', budgetPence: f.budget });
    },
    invalid: (_ctx, choices, p) => simulatePage(choices, p.values, p.errors),
    respond: toRun,
  }),
  route({ method: 'GET', url: '/analytics/equity', access: ACCESS, load: (ctx) => schemeSummaries(ctx.db), respond: (ctx, choices) => equityPage(ctx, choices) }),
  route({
    ...uploading,
    method: 'POST',
    url: '/analytics/equity',
    load: (ctx) => schemeSummaries(ctx.db),
    form: equitySchema,
    command: (ctx, _choices, f: z.infer<typeof equitySchema>) => {
      const allocations = fileOf(ctx, 'allocations');
      const spend = fileOf(ctx, 'spend');
      const problems: Errors = [];
      if (f.source === 'file' && !allocations) problems.push({ field: 'allocations', message: 'Choose the allocations CSV file to upload' });
      if (f.spend_source === 'file' && !spend) problems.push({ field: 'spend', message: 'Choose the spend CSV file to upload' });
      if (problems.length) throw new ValidationError(problems);
      return equityRun(ctx, {
        allocations: f.source === 'file' ? allocations! : 'database',
        spend: f.spend_source === 'file' ? spend! : { year: f.spend_year ?? financialYearOf(ctx.today) - 1 },
        tolerance: f.tolerance / 100,
        schemeId: f.scheme,
      });
    },
    invalid: (ctx, choices, p) => equityPage(ctx, choices, p.values, p.errors),
    respond: toRun,
  }),
  route({ method: 'GET', url: '/analytics/runs/:id', access: ACCESS, params: idParams, load: loadRun, respond: (_ctx, r: Loaded) => runPage(r) }),
  route({
    method: 'GET',
    url: '/analytics/runs/:id/results.:format',
    access: ACCESS,
    params: downloadParams,
    load: async (ctx, params: { id: string; format: 'csv' | 'xlsx' }) => {
      const r = await runWithTable(ctx, params, false);
      return r ? { ...r, format: params.format } : undefined;
    },
    respond: async (_ctx, r: Loaded & { format: 'csv' | 'xlsx' }) => {
      const name = `${r.run.kind}-${r.run.created_at.toISOString().slice(0, 10)}.${r.format}`;
      return r.format === 'csv' ? download('text/csv; charset=utf-8', csvOf(r.table), name) : download('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await workbookOf(r.table, r.run.title), name);
    },
  }),
  route({
    method: 'POST',
    url: '/analytics/runs/:id/scheme',
    access: ACCESS,
    params: idParams,
    load: loadRun,
    allow: (_actor, r: Loaded) => r.run.kind === 'calibration',
    form: saveSchemeSchema,
    dates: ['effective_from'],
    command: (ctx, r: Loaded, f: z.infer<typeof saveSchemeSchema>) => saveAsDraftScheme(ctx, r.run as AnalysisRun, { base: f.base, version: f.version, effectiveFrom: f.effective_from }),
    invalid: (_ctx, r: Loaded, p) => runPage(r, p.values, p.errors),
    respond: (_ctx, _r, saved) => redirect(paths.schemes.view(saved.id), saved.kept.length ? `Draft saved. These groups kept their rates (no fit, or a negative rate): ${saved.kept.join(', ')}` : 'Draft saved with the fitted rates. Review it, then publish it'),
  }),
];
