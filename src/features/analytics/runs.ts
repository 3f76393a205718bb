import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { isUuid } from '../../db/ids.js';
import type { AnalysisRun, RasSchemeRow } from '../../db/schema.js';
import { planCost } from '../../domain/planning/plan.js';
import { compileScheme } from '../../domain/ras/pricing.js';
import { ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { formatDate } from '../../web/format.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { wholePeriodSpendFile } from '../direct-payments/spend.js';
import { BatchFileError } from '../../batch/problems.js';
import { documentOf } from '../schemes/document.js';
import { importScheme } from '../schemes/import-scheme.js';
import { schemeByIdVersion, schemeRowById } from '../schemes/repository.js';
import { assessmentsHeldAllPeriod, insertRun, latestAdultAssessments, latestAgreedPlansWithPoints } from './repository.js';
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
    const rest = error.problems.length - shown.length + error.more;
    if (rest > 0) shown.push({ field, message: `${label}: and ${rest.toLocaleString('en-GB')} more ${rest === 1 ? 'problem' : 'problems'}. Nothing was worked out` });
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


async function scratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'selfdirect-analysis-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Saves a run and its audit entry in one short transaction, after the long work is done. */
async function save(ctx: Context, kind: AnalysisRun['kind'], title: string, parameters: Record<string, unknown>, report: RunReport): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const run = await insertRun(trx, { kind, title, parameters, report, createdBy: ctx.actor.id });
    await recordAudit(trx, auditActor(ctx.actor), { action: `analysis.${kind}`, subjectType: 'analysis-run', subjectId: run.id, after: parameters });
    return run.id;
  });
}

/** Each person's latest agreed plan: their group and points from its assessment, and its weekly social care cost. */
async function* historyFromPlans(ctx: Context): AsyncIterable<string[]> {
  for (const r of await latestAgreedPlansWithPoints(ctx.db)) yield [r.reference, r.group_id!, String(r.points ?? 0), String(planCost(r.lines).weeklyPence)];
}

async function schemeRow(ctx: Context, id: string, label: string): Promise<RasSchemeRow> {
  const found = isUuid(id) ? await schemeRowById(ctx.db, id) : undefined;
  if (!found) throw new ValidationError([{ field: label, message: 'Choose a scheme from the list' }]);
  return found;
}

/**
 * The analysts' runs. Each reads its files (or writes the database's figures to a scratch file)
 * outside any transaction, so a long run never holds the database, then saves its report.
 */
export async function calibrateRun(ctx: Context, source: Source, throughOrigin: boolean): Promise<string> {
  return scratch(async (dir) => {
    let file: string;
    if (source === 'database') {
      file = path.join(dir, 'history.csv');
      await writeCsv(file, ['person_id', 'group', 'points', 'weekly_cost_pence'], historyFromPlans(ctx));
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
    return save(ctx, 'calibration', `Calibration from ${from}${throughOrigin ? ' (through the origin)' : ''}`, { source: from, throughOrigin, rows }, { ...report, sample, rows });
  });
}

export async function simulateRun(ctx: Context, input: { schemeId: string; baselineId: string | null; population: Source; budgetPence: number | null }): Promise<string> {
  const scheme = await schemeRow(ctx, input.schemeId, 'scheme');
  const baseline = input.baselineId ? await schemeRow(ctx, input.baselineId, 'baseline') : null;
  const compiled = compileScheme(documentOf(scheme));
  const compiledBaseline = baseline ? compileScheme(documentOf(baseline)) : null;
  return scratch(async (dir) => {
    let file: string;
    if (input.population === 'database') {
      file = path.join(dir, 'assessments.csv');
      const questions = [...new Set([...compiled.questionIds, ...(compiledBaseline?.questionIds ?? [])])];
      const people = await latestAdultAssessments(ctx.db);
      await writeCsv(file, ['person_id', 'group', ...questions], people.map((p) => [p.reference, p.group_id ?? '', ...questions.map((q) => p.answers[q] ?? '')]));
    } else file = input.population.file;
    let report: SimulationReport;
    try {
      report = await simulate(compiled, compiledBaseline, file, input.budgetPence === null ? {} : { budgetPence: input.budgetPence });
    } catch (error) {
      fileError('population', input.population === 'database' ? 'The assessments in the database' : 'The assessments file', error);
    }
    const from = input.population === 'database' ? 'assessments in the database' : input.population.name;
    const name = (s: RasSchemeRow) => `${s.scheme_id} ${s.version}`;
    return save(
      ctx,
      'simulation',
      `${name(scheme)}${baseline ? ` against ${name(baseline)}` : ''}, on ${from}`,
      { scheme: name(scheme), schemeRowId: scheme.id, baseline: baseline ? name(baseline) : null, source: from, budgetPence: input.budgetPence },
      report,
    );
  });
}

/**
 * The equity review. From the database it compares like with like: a whole year of spending
 * against a whole year of indicative budget, for people whose direct payment ran all year and (when
 * the budgets come from the database too) whose assessment held all year. Who is left out, and
 * why, is said on the page.
 */
export async function equityRun(ctx: Context, input: { allocations: Source; spend: { file: string; name: string } | { year: number }; tolerance: number; schemeId: string | null }): Promise<string> {
  const scheme = input.schemeId ? await schemeRow(ctx, input.schemeId, 'scheme') : null;
  return scratch(async (dir) => {
    let spendPath: string;
    let spendName: string;
    const basis: string[] = [];
    let wholeYear: string[] | null = null;
    if ('year' in input.spend) {
      const period = { from: `${input.spend.year}-04-01`, to: `${input.spend.year + 1}-03-31` };
      const spend = await wholePeriodSpendFile(ctx.db, period);
      if (spend.people.length === 0) throw new ValidationError([{ field: 'spend_year', message: `No one had a direct payment for the whole of April ${input.spend.year} to March ${input.spend.year + 1}, so there is nothing to compare like for like. Choose another year, or upload a spend file` }]);
      spendPath = path.join(dir, 'spend.csv');
      await writeFile(spendPath, spend.text);
      wholeYear = spend.people;
      spendName = `direct payment spending ${input.spend.year} to ${input.spend.year + 1}`;
      basis.push(`Spending is for the whole year, April ${input.spend.year} to March ${input.spend.year + 1}, for the ${countOf(spend.people.length)} whose direct payment ran all year.`);
      if (spend.partPeriod > 0) basis.push(`${countOf(spend.partPeriod)} with a direct payment for part of the year ${spend.partPeriod === 1 ? 'is' : 'are'} left out.`);
    } else {
      spendPath = input.spend.file;
      spendName = input.spend.name;
    }
    let file: string;
    if (input.allocations === 'database') {
      file = path.join(dir, 'allocations.csv');
      const header = ['person_id', 'group', 'points', 'weekly_pence', 'annual_pence', 'outcome'];
      const row = (p: { reference: string; group_id: string | null; points: number | null; weekly_pence: number | null; annual_pence: number | null; outcome: string | null }) => [p.reference, p.group_id ?? '', String(p.points ?? 0), String(p.weekly_pence ?? 0), String(p.annual_pence ?? 0), p.outcome ?? 'allocated'];
      if (wholeYear && 'year' in input.spend) {
        const { held, reassessed } = await assessmentsHeldAllPeriod(ctx.db, wholeYear, `${input.spend.year}-04-01`, `${input.spend.year + 1}-03-31`);
        await writeCsv(file, header, held.map(row));
        basis.push(`Each is compared with the indicative budget of the assessment that held all year${reassessed > 0 ? `; ${countOf(reassessed)} reassessed during the year ${reassessed === 1 ? 'is' : 'are'} left out` : ''}.`);
      } else await writeCsv(file, header, (await latestAdultAssessments(ctx.db)).map(row));
    } else file = input.allocations.file;
    let report: EquityReport;
    try {
      report = await equity(file, spendPath, { tolerance: input.tolerance });
    } catch (error) {
      fileError('spend', 'The allocations or spend file', error);
    }
    const from = input.allocations === 'database' ? 'assessments in the database' : input.allocations.name;
    return save(ctx, 'equity', `Equity review: ${from} and ${spendName}`, { allocations: from, spend: spendName, tolerance: input.tolerance, scheme: scheme ? `${scheme.scheme_id} ${scheme.version}` : null, schemeRowId: scheme?.id ?? null, basis: basis.length ? basis.join(' ') : null }, report);
  });
}

const countOf = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

/** A calibration's fitted rates as a new draft version of a rate scheme, to review and publish on the Schemes pages. */
export async function saveAsDraftScheme(ctx: Context, run: AnalysisRun, input: { base: string; version: string; effectiveFrom: string }) {
  const base = await schemeRow(ctx, input.base, 'base');
  const document = documentOf(base);
  const problems: { field: string; message: string }[] = [];
  if (document.allocation.type !== 'rate') problems.push({ field: 'base', message: 'Choose a scheme with rates per point: this one uses bands' });
  if (await schemeByIdVersion(ctx.db, document.id, input.version)) problems.push({ field: 'version', message: `${document.id} already has a version ${input.version}. Choose a new version` });
  if (input.effectiveFrom <= document.effectiveFrom) problems.push({ field: 'effective_from', message: `The date it takes effect must be after ${formatDate(document.effectiveFrom)}, when ${document.id} ${document.version} took effect` });
  if (problems.length) throw new ValidationError(problems);
  const { scheme, kept } = calibratedScheme(document, run.report as CalibrationReport, input.version, input.effectiveFrom);
  const saved = await importScheme(ctx.db, auditActor(ctx.actor), JSON.stringify(scheme, null, 2));
  return { id: saved.id, kept };
}

/** A stored scheme's rate per point for each group (none for a banded scheme, or one since removed). */
export function groupRatesOf(row: Pick<RasSchemeRow, 'document'> | undefined): Map<string, number> {
  const rates = new Map<string, number>();
  const document = row ? documentOf(row) : null;
  if (document?.allocation.type === 'rate') for (const g of document.allocation.groups) rates.set(g.id, g.pencePerPoint);
  return rates;
}
