import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import type { AnalysisRun, Database } from '../../db/schema.js';
import { planCost } from '../../domain/planning/plan.js';
import { compileScheme } from '../../domain/ras/pricing.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { isUuid } from '../people/repository.js';
import { BatchFileError } from '../ras/allocate.js';
import { documentOf } from '../schemes/document.js';
import { importScheme } from '../schemes/import-scheme.js';
import { schemeByIdVersion } from '../schemes/repository.js';
import { type CalibrationReport, calibrate, calibratedScheme } from './calibrate.js';
import { type EquityReport, equity } from './equity.js';
import { type SimulationReport, simulate } from './simulate.js';

/** A calibration's report, with a sample of the points for its chart. */
export interface CalibrationRun extends CalibrationReport {
  sample: { group: string; points: number; cost: number }[];
  rows: number;
}

export type RunReport = CalibrationRun | SimulationReport | EquityReport;

/** Where a file comes from: one uploaded to a temporary file, or the records already in the database. */
export type Source = { file: string; name: string } | 'database';

const SAMPLE_SIZE = 1500;

/** A file problem for the page: the first lines named, as the command line names them. */
export class AnalysisFileError extends ValidationError {}

function fileError(field: string, label: string, error: unknown): never {
  if (error instanceof BatchFileError) {
    const shown = error.problems.slice(0, 10).map((p) => ({ field, message: `${label}, line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}` }));
    if (error.problems.length > 10) shown.push({ field, message: `${label}: and ${error.problems.length - 10} more problems. Nothing was worked out` });
    throw new AnalysisFileError(shown);
  }
  throw error;
}

/** Writes CSV rows to a temporary file, line by line. */
async function writeCsv(file: string, header: string[], rows: AsyncIterable<string[]> | Iterable<string[]>) {
  const out = createWriteStream(file);
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${header.join(',')}\n`);
  for await (const row of rows) await write(`${row.map(quote).join(',')}\n`);
  out.end();
  await once(out, 'finish');
}

/** A deterministic reservoir sample of the rows seen, for the scatter chart. */
function reservoir(size: number) {
  const sample: CalibrationRun['sample'] = [];
  let seen = 0;
  let seed = 20_261_123;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  return {
    add(group: string, points: number, cost: number) {
      seen++;
      if (sample.length < size) sample.push({ group, points, cost });
      else {
        const j = Math.floor(random() * seen);
        if (j < size) sample[j] = { group, points, cost };
      }
    },
    result: () => ({ sample, rows: seen }),
  };
}

/** Each person's actual direct payment spending between two days, as the `spend` CSV. */
export type SpendSource = (from: string, to: string) => Promise<string>;

export function createAnalyticsService(db: Kysely<Database>, directPaymentSpend: SpendSource) {
  function requireAnalyst(actor: StaffActor) {
    if (!has(actor, 'analytics:run')) throw new ForbiddenError();
  }

  async function scratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(tmpdir(), 'selfdirect-analysis-'));
    try {
      return await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function save(actor: StaffActor, kind: AnalysisRun['kind'], title: string, parameters: Record<string, unknown>, report: RunReport): Promise<string> {
    return db.transaction().execute(async (trx) => {
      const run = await trx.insertInto('analysis_runs').values({ kind, title, parameters: JSON.stringify(parameters), report: JSON.stringify(report), created_by: actor.id }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, auditActor(actor), { action: `analysis.${kind}`, subjectType: 'analysis-run', subjectId: run.id, after: parameters });
      return run.id;
    });
  }

  /** Each person's latest agreed plan: their group and points from its assessment, and its weekly social care cost. */
  async function* historyFromPlans(): AsyncIterable<string[]> {
    const rows = await db
      .selectFrom('support_plans')
      .innerJoin('assessments', 'assessments.id', 'support_plans.assessment_id')
      .innerJoin('people', 'people.id', 'support_plans.person_id')
      .select(['people.reference', 'assessments.group_id', 'assessments.points', 'support_plans.lines'])
      .where('support_plans.status', '=', 'agreed')
      .where('assessments.kind', '=', 'adult')
      .where('assessments.group_id', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('support_plans as later').select('later.id').whereRef('later.person_id', '=', 'support_plans.person_id').where('later.status', '=', 'agreed').whereRef('later.plan_number', '>', 'support_plans.plan_number'))),
      )
      .orderBy('people.reference')
      .execute();
    for (const r of rows) yield [r.reference, r.group_id!, String(r.points ?? 0), String(planCost(r.lines).weeklyPence)];
  }

  /** Each person's latest completed adult assessment. */
  async function latestAssessments() {
    return db
      .selectFrom('assessments')
      .innerJoin('people', 'people.id', 'assessments.person_id')
      .select(['people.reference', 'assessments.group_id', 'assessments.points', 'assessments.weekly_pence', 'assessments.annual_pence', 'assessments.outcome', 'assessments.answers'])
      .where('assessments.status', '=', 'completed')
      .where('assessments.kind', '=', 'adult')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('assessments as later').select('later.id').whereRef('later.person_id', '=', 'assessments.person_id').where('later.status', '=', 'completed').where('later.kind', '=', 'adult').whereRef('later.completed_at', '>', 'assessments.completed_at'))),
      )
      .orderBy('people.reference')
      .execute();
  }

  async function schemeRow(id: string, label: string) {
    const found = isUuid(id) ? await db.selectFrom('ras_schemes').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!found) throw new ValidationError([{ field: label, message: 'Choose a scheme from the list' }]);
    return found;
  }

  return {
    /** Schemes to choose from: every stored version, drafts too (testing a draft is the point). */
    async schemeChoices(actor: StaffActor) {
      requireAnalyst(actor);
      return db.selectFrom('ras_schemes').select(['id', 'scheme_id', 'version', 'title', 'status', 'kind']).orderBy('scheme_id').orderBy('version', 'desc').execute();
    },

    /** A stored scheme's rate per point for each group (none for a banded scheme, or one since removed). */
    async groupRates(actor: StaffActor, schemeRowId: string): Promise<Map<string, number>> {
      requireAnalyst(actor);
      const rates = new Map<string, number>();
      const found = isUuid(schemeRowId) ? await db.selectFrom('ras_schemes').select('document').where('id', '=', schemeRowId).executeTakeFirst() : undefined;
      const document = found ? documentOf(found) : null;
      if (document?.allocation.type === 'rate') for (const g of document.allocation.groups) rates.set(g.id, g.pencePerPoint);
      return rates;
    },

    async recent(actor: StaffActor) {
      requireAnalyst(actor);
      return db
        .selectFrom('analysis_runs')
        .innerJoin('staff_users', 'staff_users.id', 'analysis_runs.created_by')
        .select(['analysis_runs.id', 'analysis_runs.kind', 'analysis_runs.title', 'analysis_runs.created_at', 'staff_users.display_name'])
        .orderBy('analysis_runs.created_at', 'desc')
        .limit(20)
        .execute();
    },

    async run(actor: StaffActor, id: string): Promise<AnalysisRun> {
      requireAnalyst(actor);
      const found = isUuid(id) ? await db.selectFrom('analysis_runs').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
      if (!found) throw new NotFoundError('analysis');
      return found;
    },

    async calibrate(actor: StaffActor, source: Source, throughOrigin: boolean): Promise<string> {
      requireAnalyst(actor);
      return scratch(async (dir) => {
        let file: string;
        if (source === 'database') {
          file = path.join(dir, 'history.csv');
          await writeCsv(file, ['person_id', 'group', 'points', 'weekly_cost_pence'], historyFromPlans());
        } else file = source.file;
        const points = reservoir(SAMPLE_SIZE);
        let report: CalibrationReport;
        try {
          report = await calibrate(file, { throughOrigin, onRow: points.add });
        } catch (error) {
          fileError('history', source === 'database' ? 'The agreed plans' : 'The history file', error);
        }
        const { sample, rows } = points.result();
        if (rows === 0) throw new AnalysisFileError([{ field: 'history', message: source === 'database' ? 'There are no agreed support plans to calibrate against yet' : 'The history file has no rows after its header' }]);
        const from = source === 'database' ? 'agreed support plans' : source.name;
        return save(actor, 'calibration', `Calibration from ${from}${throughOrigin ? ' (through the origin)' : ''}`, { source: from, throughOrigin, rows }, { ...report, sample, rows });
      });
    },

    async simulate(actor: StaffActor, input: { schemeId: string; baselineId: string | null; population: Source; budgetPence: number | null }): Promise<string> {
      requireAnalyst(actor);
      const scheme = await schemeRow(input.schemeId, 'scheme');
      const baseline = input.baselineId ? await schemeRow(input.baselineId, 'baseline') : null;
      const compiled = compileScheme(documentOf(scheme));
      const compiledBaseline = baseline ? compileScheme(documentOf(baseline)) : null;
      return scratch(async (dir) => {
        let file: string;
        if (input.population === 'database') {
          file = path.join(dir, 'assessments.csv');
          const questions = [...new Set([...compiled.questionIds, ...(compiledBaseline?.questionIds ?? [])])];
          const people = await latestAssessments();
          await writeCsv(file, ['person_id', 'group', ...questions], people.map((p) => [p.reference, p.group_id ?? '', ...questions.map((q) => p.answers[q] ?? '')]));
        } else file = input.population.file;
        let report: SimulationReport;
        try {
          report = await simulate(compiled, compiledBaseline, file, input.budgetPence === null ? {} : { budgetPence: input.budgetPence });
        } catch (error) {
          fileError('population', input.population === 'database' ? 'The assessments in the database' : 'The assessments file', error);
        }
        const from = input.population === 'database' ? 'assessments in the database' : input.population.name;
        const name = (s: typeof scheme) => `${s.scheme_id} ${s.version}`;
        return save(
          actor,
          'simulation',
          `${name(scheme)}${baseline ? ` against ${name(baseline)}` : ''}, on ${from}`,
          { scheme: name(scheme), schemeRowId: scheme.id, baseline: baseline ? name(baseline) : null, source: from, budgetPence: input.budgetPence },
          report,
        );
      });
    },

    async equity(actor: StaffActor, input: { allocations: Source; spend: { file: string; name: string } | { year: number }; tolerance: number; schemeId: string | null }): Promise<string> {
      requireAnalyst(actor);
      const scheme = input.schemeId ? await schemeRow(input.schemeId, 'scheme') : null;
      return scratch(async (dir) => {
        let file: string;
        if (input.allocations === 'database') {
          file = path.join(dir, 'allocations.csv');
          const people = await latestAssessments();
          await writeCsv(file, ['person_id', 'group', 'points', 'weekly_pence', 'annual_pence', 'outcome'], people.map((p) => [p.reference, p.group_id ?? '', String(p.points ?? 0), String(p.weekly_pence ?? 0), String(p.annual_pence ?? 0), p.outcome ?? 'allocated']));
        } else file = input.allocations.file;
        let spendFile: string;
        let spendName: string;
        if ('year' in input.spend) {
          spendFile = path.join(dir, 'spend.csv');
          await writeFile(spendFile, await directPaymentSpend(`${input.spend.year}-04-01`, `${input.spend.year + 1}-03-31`));
          spendName = `direct payment spending ${input.spend.year} to ${input.spend.year + 1}`;
        } else {
          spendFile = input.spend.file;
          spendName = input.spend.name;
        }
        let report: EquityReport;
        try {
          report = await equity(file, spendFile, { tolerance: input.tolerance });
        } catch (error) {
          fileError('spend', 'The allocations or spend file', error);
        }
        const from = input.allocations === 'database' ? 'assessments in the database' : input.allocations.name;
        return save(actor, 'equity', `Equity review: ${from} and ${spendName}`, { allocations: from, spend: spendName, tolerance: input.tolerance, scheme: scheme ? `${scheme.scheme_id} ${scheme.version}` : null, schemeRowId: scheme?.id ?? null }, report);
      });
    },

    /** A calibration's fitted rates as a new draft version of a rate scheme, to review and publish on the Schemes pages. */
    async saveAsDraftScheme(actor: StaffActor, runId: string, baseSchemeId: string, version: string) {
      requireAnalyst(actor);
      const run = await this.run(actor, runId);
      if (run.kind !== 'calibration') throw new NotFoundError('calibration');
      const base = await schemeRow(baseSchemeId, 'base');
      const document = documentOf(base);
      if (document.allocation.type !== 'rate') throw new ValidationError([{ field: 'base', message: 'Choose a scheme with rates per point: this one uses bands' }]);
      if (await schemeByIdVersion(db, document.id, version)) throw new ValidationError([{ field: 'version', message: `${document.id} already has a version ${version}. Choose a new version` }]);
      const { scheme, kept } = calibratedScheme(document, run.report as CalibrationReport, version);
      const saved = await db.transaction().execute((trx) => importScheme(trx, auditActor(actor), JSON.stringify(scheme, null, 2)));
      return { id: saved.id, kept };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
