import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { formatPence } from '../../domain/money/pence.js';
import { optionalPounds } from '../../web/fields.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { financialYearOf } from '../../domain/calendar/financial-year.js';
import { formatDateTime, londonToday } from '../../web/format.js';
import { blankToNull, parseForm, presentErrors, submittedText } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { uploadedFile } from '../../web/uploads.js';
import type { CalibrationRun } from './service.js';
import type { EquityReport } from './equity.js';
import * as present from './presenters.js';
import { workbookOf } from './workbook.js';
import type { SimulationReport } from './simulate.js';

type IdParams = { Params: { id: string } };
type FileParams = { Params: { id: string; format: string } };
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

export function registerAnalyticsRoutes(app: FastifyInstance, { analytics }: Services) {
  const analyst = { preHandler: [allow('analytics:run')] };
  const upload = { preHandler: [allow('analytics:run')], config: { uploads: 'analytics:run' as const } };

  app.get('/analytics', analyst, async (request, reply) => {
    const runs = await analytics.recent(actorOf(request));
    return reply.view('analytics/views/index.njk', {
      title: 'Analysis',
      runs: runs.length ? present.runsTable(runs, paths.analytics.run, formatDateTime) : null,
    });
  });

  async function schemeItems(request: FastifyRequest, selected: string | undefined, blank: string) {
    const choices = await analytics.schemeChoices(actorOf(request));
    return [{ value: '', text: blank }, ...choices.map((s) => ({ value: s.id, text: `${s.title} (${s.scheme_id}, version ${s.version}, ${s.status})`, selected: s.id === selected }))];
  }

  const sourceItems = (values: Record<string, string>, file: string, database: string) => [
    { value: 'file', text: file, checked: values.source === 'file' },
    { value: 'database', text: database, checked: values.source === 'database' },
  ];

  // ----- calibration -----

  async function renderCalibrate(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors?: Errors, status = 200) {
    const { errorSummary, fieldErrors } = presentErrors(errors, { source: 'source', history: 'history' });
    return reply.code(status).view('analytics/views/calibrate.njk', {
      title: 'Calibrate the RAS against what care costs',
      values,
      sourceItems: sourceItems(values, 'Upload a history file', 'Use the agreed support plans in Selfdirect'),
      errorSummary,
      fieldErrors,
      backLink: { href: paths.analytics.index(), text: 'Analysis' },
    });
  }

  app.get('/analytics/calibrate', analyst, async (request, reply) => renderCalibrate(request, reply));

  app.post('/analytics/calibrate', upload, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(calibrateSchema, request.body);
    const file = uploadedFile(request.body, 'history');
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      if (form.value.source === 'file' && !file) throw new ValidationError([{ field: 'history', message: 'Choose the history CSV file to upload' }]);
      const id = await analytics.calibrate(actorOf(request), form.value.source === 'file' ? { file: file!.path, name: file!.name } : 'database', form.value.through_origin);
      return reply.redirect(paths.analytics.run(id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderCalibrate(request, reply, values, error.fieldErrors, 400);
    }
  });

  // ----- affordability -----

  async function renderSimulate(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors?: Errors, status = 200) {
    const { errorSummary, fieldErrors } = presentErrors(errors, { source: 'source', population: 'population' });
    return reply.code(status).view('analytics/views/simulate.njk', {
      title: 'Test a scheme against the budget',
      values,
      sourceItems: sourceItems(values, 'Upload an assessments file', 'Use the latest completed assessments in Selfdirect'),
      schemes: await schemeItems(request, values.scheme, 'Choose a scheme'),
      baselines: await schemeItems(request, values.baseline, 'No baseline'),
      errorSummary,
      fieldErrors,
      backLink: { href: paths.analytics.index(), text: 'Analysis' },
    });
  }

  app.get('/analytics/simulate', analyst, async (request, reply) => renderSimulate(request, reply));

  app.post('/analytics/simulate', upload, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(simulateSchema, request.body);
    const file = uploadedFile(request.body, 'population');
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      if (form.value.source === 'file' && !file) throw new ValidationError([{ field: 'population', message: 'Choose the assessments CSV file to upload' }]);
      const id = await analytics.simulate(actorOf(request), {
        schemeId: form.value.scheme,
        baselineId: form.value.baseline,
        population: form.value.source === 'file' ? { file: file!.path, name: file!.name } : 'database',
        budgetPence: form.value.budget,
      });
      return reply.redirect(paths.analytics.run(id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderSimulate(request, reply, values, error.fieldErrors, 400);
    }
  });

  // ----- equity -----

  async function renderEquity(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors?: Errors, status = 200) {
    const { errorSummary, fieldErrors } = presentErrors(errors, { source: 'source', allocations: 'allocations', spend: 'spend' });
    return reply.code(status).view('analytics/views/equity.njk', {
      title: 'Review equity: spend against indicative budgets',
      values: { tolerance: '10', ...values },
      sourceItems: sourceItems(values, 'Upload an allocations file', 'Use the latest completed assessments in Selfdirect'),
      spendItems: [
        { value: 'file', text: 'Upload a spend file', checked: values.spend_source === 'file' },
        { value: 'database', text: 'Use direct payment spending recorded in Selfdirect', checked: values.spend_source === 'database' },
      ],
      yearItems: [0, 1, 2].map((back) => {
        const year = financialYearOf(londonToday()) - back;
        return { value: String(year), text: `April ${year} to March ${year + 1}`, selected: values.spend_year === String(year) };
      }),
      schemes: await schemeItems(request, values.scheme, 'No scheme: do not suggest rates'),
      errorSummary,
      fieldErrors,
      backLink: { href: paths.analytics.index(), text: 'Analysis' },
    });
  }

  app.get('/analytics/equity', analyst, async (request, reply) => renderEquity(request, reply));

  app.post('/analytics/equity', upload, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(equitySchema, request.body);
    const allocations = uploadedFile(request.body, 'allocations');
    const spend = uploadedFile(request.body, 'spend');
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      const problems: Errors = [];
      if (form.value.source === 'file' && !allocations) problems.push({ field: 'allocations', message: 'Choose the allocations CSV file to upload' });
      if (form.value.spend_source === 'file' && !spend) problems.push({ field: 'spend', message: 'Choose the spend CSV file to upload' });
      if (problems.length) throw new ValidationError(problems);
      const id = await analytics.equity(actorOf(request), {
        allocations: form.value.source === 'file' ? { file: allocations!.path, name: allocations!.name } : 'database',
        spend: form.value.spend_source === 'file' ? { file: spend!.path, name: spend!.name } : { year: form.value.spend_year ?? financialYearOf(londonToday()) - 1 },
        tolerance: form.value.tolerance / 100,
        schemeId: form.value.scheme,
      });
      return reply.redirect(paths.analytics.run(id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderEquity(request, reply, values, error.fieldErrors, 400);
    }
  });

  // ----- results -----

  async function resultOf(request: FastifyRequest<IdParams>) {
    const actor = actorOf(request);
    const run = await analytics.run(actor, request.params.id);
    const parameters = run.parameters as Record<string, unknown>;
    if (run.kind === 'calibration') return { run, table: present.calibrationTable(run.report as CalibrationRun) };
    if (run.kind === 'simulation') return { run, table: present.simulationTable(run.report as SimulationReport) };
    const rates = typeof parameters.schemeRowId === 'string' ? await analytics.groupRates(actor, parameters.schemeRowId) : new Map<string, number>();
    return { run, table: present.equityTable(run.report as EquityReport, Number(parameters.tolerance), rates) };
  }

  async function renderRun(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Record<string, string> = {}, errors?: Errors, status = 200) {
    const { run, table } = await resultOf(request);
    const parameters = run.parameters as Record<string, unknown>;
    const { errorSummary, fieldErrors } = presentErrors(errors, { base: 'base', version: 'version' });
    const simulation = run.kind === 'simulation' ? (run.report as SimulationReport) : null;
    return reply.code(status).view('analytics/views/run.njk', {
      title: run.title,
      kind: run.kind,
      when: formatDateTime(run.created_at),
      chart: run.kind === 'calibration' ? present.calibrationChart(run.report as CalibrationRun).svg : run.kind === 'simulation' ? present.simulationChart(simulation!) : present.equityChart(run.report as EquityReport, Number(parameters.tolerance)),
      table: present.govukTableOf(table),
      budget: simulation?.budget
        ? [
            { key: { text: 'Budget available for a year' }, value: { text: formatPence(simulation.budget.availablePence) } },
            { key: { text: 'Headroom' }, value: { text: simulation.budget.headroomPence >= 0 ? `${formatPence(simulation.budget.headroomPence)} left` : `${formatPence(-simulation.budget.headroomPence)} over budget` } },
          ]
        : null,
      unmatched: run.kind === 'equity' ? (run.report as EquityReport).unmatched : null,
      downloads: { csv: paths.analytics.download(run.id, 'csv'), xlsx: paths.analytics.download(run.id, 'xlsx') },
      saveScheme: run.kind === 'calibration' ? paths.analytics.saveScheme(run.id) : null,
      bases: run.kind === 'calibration' ? await schemeItems(request, values.base, 'Choose the scheme to start from') : [],
      values,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.analytics.index(), text: 'Analysis' },
    });
  }

  app.get<IdParams>('/analytics/runs/:id', analyst, async (request, reply) => renderRun(request, reply));

  app.get<FileParams>('/analytics/runs/:id/results.:format', analyst, async (request, reply) => {
    const { format } = request.params;
    if (format !== 'csv' && format !== 'xlsx') return reply.callNotFound();
    const { run, table } = await resultOf(request);
    const name = `${run.kind}-${run.created_at.toISOString().slice(0, 10)}`;
    reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}.${format}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(present.csvOf(table));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await workbookOf(table, run.title));
  });

  app.post<IdParams>('/analytics/runs/:id/scheme', analyst, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(z.object({ base: z.preprocess(blankToNull, z.string({ error: 'Choose the scheme to start from' })), version: z.preprocess(blankToNull, z.string({ error: 'Enter the new version, like 2027.1' }).regex(/^[A-Za-z0-9._-]{1,40}$/, 'The version may use letters, numbers, dots, dashes and underscores, up to 40')) }), request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      const saved = await analytics.saveAsDraftScheme(actorOf(request), request.params.id, form.value.base, form.value.version);
      flash(request, saved.kept.length ? `Draft saved. These groups kept their rates (no fit, or a negative rate): ${saved.kept.join(', ')}` : 'Draft saved with the fitted rates. Review it, then publish it');
      return reply.redirect(paths.schemes.view(saved.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderRun(request, reply, values, error.fieldErrors, 400);
    }
  });
}
