import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { progressBar } from '../batch/progress.js';
import { formatPence } from '../domain/money/pence.js';
import { compileScheme } from '../domain/ras/pricing.js';
import { parseScheme, validateScheme } from '../domain/ras/scheme.js';
import { calibrate, calibratedScheme } from '../features/analytics/calibrate.js';
import { equity, equitySentence } from '../features/analytics/equity.js';
import { fitCaution } from '../domain/analytics/confidence.js';
import { writeReport } from '../features/analytics/files.js';
import { simulate } from '../features/analytics/simulate.js';
import { BatchFileError, describeBatchFileError } from '../batch/problems.js';
import { allocateFile } from '../features/ras/allocate.js';
import { ROLES } from '../policies/index.js';
import { UsageError, loadText } from './usage.js';

export { UsageError } from './usage.js';

const HELP = `selfdirect: run Selfdirect's administrative tasks.

Usage: selfdirect <command> [options]

Commands:
  migrate                      Bring the database schema up to date.
  seed-demo                    Load Anytown Council's demo data into an empty database (not in production).
      --size demo|small|large    large: a council the size of England's largest (60,000 people, 10 years),
                                 for measuring; small: the same, a few hundred people
      --seed N                   The same seed gives the same council
  retire-demo-accounts         Stop the demo accounts signing in (their password is published), so the
                               service can start with NODE_ENV=production on a database that had demo data.
  create-user                  Add a staff account.
      --email EMAIL              Work email address (required)
      --name NAME                Full name (required)
      --role ROLE                One of: ${ROLES.join(', ')} (required)
      --team NAME                A team to join, created if new; repeat for more teams
      Prints an invitation link: the person it is for chooses their own password with it.
  audit verify [--anchor FILE]…
                               Check that no audit entry was altered, removed or reordered, and, against
                               each anchor (a file of anchor lines, a log, or a backup), that none was
                               cut off the end.
  audit anchor [--append FILE] Print the audit trail's head as an anchor line, or append it to FILE.
  ras validate SCHEME.json      Check a selfdirect-ras/1 scheme; every problem is named by its JSON path.
  ras list                     List the schemes in the database, drafts and published.
  ras import SCHEME.json       Check a scheme and save it as a draft (replacing a draft of the same id and version).
  ras publish ID VERSION       Publish a draft: from then on it never changes.
  ras export ID VERSION [--out FILE]
                               Write a stored scheme exactly as it was imported.
  ras calibrate --history history.csv --out calibration.json [--through-origin]
               [--scheme SCHEME.json --write-scheme NEW.json [--new-version V]]
                               Least squares of weekly cost on points per group; optionally a new draft
                               scheme with the fitted rates.
  ras simulate --scheme NEW.json [--baseline OLD.json] --population assessments.csv
               [--budget-pence N] --out report.json
                               Price a population: cost per group, change from the baseline, gainers
                               and losers, and headroom against the budget.
  ras equity --allocations allocations.csv --spend spend.csv [--tolerance 0.10] --out report.json
                               Compare actual spend with indicative budgets per group.
  ras allocate --scheme SCHEME.json --input assessments.csv --out allocations.csv
                               Price a file of assessments. A file with any bad row is refused whole,
                               naming every bad row by line and column; nothing is written.
  charging validate RULES.json Check a selfdirect-charging/1 document (a council's charging rules for a
                               year); every problem is named by its JSON path, figures to confirm and
                               figures below the statutory ones are warned of.
  charging assess --rules RULES.json --input ASSESSMENTS.csv --out CONTRIBUTIONS.csv
                               Work out each person's weekly contribution from a financial assessment
                               file. A file with any bad row is refused whole; nothing is written.
  directory export FILE        Write the directory of support as CSV (docs/directory-csv.md).
  directory import FILE        Import a directory CSV: all or nothing, rows matched by reference.
  import legacy DIR [--preview]
                               Bring the caseload and history from the council's previous system: a
                               selfdirect-migration/1 folder (people.csv, carers.csv, events.csv). All or
                               nothing, every bad row named; importing it again changes nothing, a
                               changed row updates what it made. --preview says what would change.
  report cld --from YYYY-MM-DD --to YYYY-MM-DD --out cld.csv [--allow-invalid]
                               The CLD Release 2 extract: every event open in the period. Events that
                               would fail DHSC's checks are listed with what to fix, and nothing is
                               written unless --allow-invalid is given.
  report ascof --from YYYY-MM-DD --to YYYY-MM-DD --out ascof.json
                               ASCOF 3D (1a, 2a, 1b, 2b by age band and in total) by DHSC's method,
                               and NI 130 (with POPULATION_18_PLUS).
  report figures               Work out now the statutory returns pages' figures (ASCOF 3D, data quality):
                               the year to date, the trend's quarters and every period asked for
                               lately whose records have changed. The statutory-figures job does the
                               same every five minutes for the periods asked for.
  backup FILE                  Write a consistent backup of the whole database to FILE (gzipped JSON lines),
                               encrypted with BACKUP_KEY when set (required in production).
  daily-backup                 Make the nightly backup now: into BACKUP_DIR, restored into a scratch
                               database and checked, older files deleted after BACKUP_RETENTION_DAYS.
  restore FILE                 Restore FILE into an empty database, all or nothing.

The database is PostgreSQL at DATABASE_URL when set, otherwise the embedded database in DATA_DIR (./data).
`;





function loadSchemeFile(file: string) {
  return parseScheme(loadText(file));
}

async function runRas(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'validate') {
    const file = rest[0];
    if (!file) throw new UsageError('Usage: selfdirect ras validate SCHEME.json');
    const result = loadSchemeFile(file);
    if (!result.ok) {
      process.stderr.write(`${file} is not a valid selfdirect-ras/1 scheme:\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
      return 1;
    }
    const s = result.scheme;
    for (const w of result.warnings) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);
    const questions = s.domains.reduce((n, d) => n + d.questions.length, 0);
    const allocation = s.allocation.type === 'rate' ? `a rate per point for ${s.allocation.groups.length} groups` : `${s.allocation.bands.length} bands`;
    process.stdout.write(`${s.id} ${s.version} is valid: ${s.domains.length} domains, ${questions} questions, ${allocation}.\n`);
    return 0;
  }
  if (sub === 'allocate') {
    const { values } = parseArgs({ args: rest, options: { scheme: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' } } });
    if (!values.scheme || !values.input || !values.out) throw new UsageError('Usage: selfdirect ras allocate --scheme SCHEME.json --input assessments.csv --out allocations.csv');
    const scheme = loadSchemeFile(values.scheme);
    if (!scheme.ok) {
      process.stderr.write(`${values.scheme} is not a valid scheme; run selfdirect ras validate ${values.scheme} to see why. Nothing was written.\n`);
      return 1;
    }
    if (!existsSync(values.input)) throw new UsageError(`Cannot read ${values.input}`);
    try {
      const result = await allocateFile(compileScheme(scheme.scheme), values.input, values.out);
      process.stdout.write(`Priced ${result.rows} assessments with ${scheme.scheme.id} ${scheme.scheme.version} into ${values.out}.\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof BatchFileError)) throw error;
      process.stderr.write(describeBatchFileError(error));
      return 1;
    }
  }
  if (sub === 'list' || sub === 'import' || sub === 'publish' || sub === 'export') return (await import('./database-commands.js')).runSchemeCommand(sub, rest);
  if (sub === 'calibrate' || sub === 'simulate' || sub === 'equity') return runAnalytics(sub, rest);
  throw new UsageError('Usage: selfdirect ras validate | list | import | publish | export | allocate (see selfdirect --help)');
}

function requireScheme(file: string | undefined, option: string) {
  if (!file) throw new UsageError(`${option} is required`);
  const scheme = loadSchemeFile(file);
  if (!scheme.ok) throw new UsageError(`${file} is not a valid scheme; run selfdirect ras validate ${file} to see why. Nothing was written.`);
  return scheme.scheme;
}

async function runAnalytics(sub: 'calibrate' | 'simulate' | 'equity', args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      history: { type: 'string' },
      out: { type: 'string' },
      'through-origin': { type: 'boolean' },
      scheme: { type: 'string' },
      'write-scheme': { type: 'string' },
      'new-version': { type: 'string' },
      baseline: { type: 'string' },
      population: { type: 'string' },
      'budget-pence': { type: 'string' },
      allocations: { type: 'string' },
      spend: { type: 'string' },
      tolerance: { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError('--out is required: where to write the report');
  const input = (option: string, file: string | undefined) => {
    if (!file) throw new UsageError(`--${option} is required`);
    if (!existsSync(file)) throw new UsageError(`Cannot read ${file}`);
    return file;
  };
  try {
    if (sub === 'calibrate') {
      const history = input('history', values.history);
      const base = values['write-scheme'] ? requireScheme(values.scheme, '--scheme (the scheme to write the fitted rates into)') : null;
      const report = await calibrate(history, { throughOrigin: Boolean(values['through-origin']), progress: progressBar(statSync(history).size, 'Calibrating') });
      if (base && values['write-scheme']) {
        const { scheme, kept } = calibratedScheme(base, report, values['new-version'] ?? `${base.version}-calibrated`);
        const checked = validateScheme(scheme);
        if (!checked.ok) throw new UsageError(`The calibrated scheme would not be valid: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
        await writeReport(values['write-scheme'], scheme);
        process.stdout.write(`Wrote a draft scheme ${scheme.id} ${scheme.version} to ${values['write-scheme']}${kept.length ? `; these groups kept their rates: ${kept.join(', ')}` : ''}.\n`);
      }
      await writeReport(values.out, report);
      for (const g of report.groups) {
        if ('error' in g) {
          process.stdout.write(`${g.id}: ${g.n} people; not fitted: ${g.error}\n`);
          continue;
        }
        const throughOrigin = Boolean(values['through-origin']);
        const caution = fitCaution(g.n, throughOrigin);
        const r2 = !throughOrigin && g.n === 2 ? 'r² not meaningful' : `r² ${g.r2.toPrecision(4)}`;
        process.stdout.write(`${g.id}: ${g.n} people; ${g.pencePerPoint.toPrecision(8)} pence a point, fixed ${g.fixedPence.toPrecision(8)} pence, ${r2}${caution ? ` (${caution})` : ''}\n`);
      }
      return 0;
    }
    if (sub === 'simulate') {
      const scheme = compileScheme(requireScheme(values.scheme, '--scheme'));
      const baseline = values.baseline ? compileScheme(requireScheme(values.baseline, '--baseline')) : null;
      const population = input('population', values.population);
      const budget = values['budget-pence'];
      if (budget !== undefined && !/^\d+$/.test(budget)) throw new UsageError('--budget-pence must be a whole number of pence');
      const report = await simulate(scheme, baseline, population, { budgetPence: budget === undefined ? undefined : Number(budget), progress: progressBar(statSync(population).size, 'Simulating') });
      await writeReport(values.out, report);
      process.stdout.write(`Priced ${report.total.people} people: ${formatPence(report.total.annualPence)} a year${report.total.changePence !== undefined ? ` (${report.total.changePence >= 0 ? '+' : '−'}${formatPence(Math.abs(report.total.changePence))} against the baseline)` : ''}${report.budget ? `; headroom ${formatPence(report.budget.headroomPence)}` : ''}.\n`);
      return 0;
    }
    const tolerance = values.tolerance === undefined ? 0.1 : Number(values.tolerance);
    if (!(tolerance >= 0 && tolerance < 10)) throw new UsageError('--tolerance must be a number such as 0.10');
    const report = await equity(input('allocations', values.allocations), input('spend', values.spend), { tolerance });
    await writeReport(values.out, report);
    for (const g of report.groups) process.stdout.write(`${equitySentence(g, tolerance)}\n`);
    process.stdout.write(`${report.unmatched} people were in only one of the two files and are left out.\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof BatchFileError)) throw error;
    process.stderr.write(describeBatchFileError(error));
    return 1;
  }
}




export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    case 'ras':
      return runRas(rest);
    case 'report':
      return (await import('./report-commands.js')).runReport(rest);
    case 'charging':
      return (await import('./charging-commands.js')).runCharging(rest);
    case 'import':
      return (await import('./import-commands.js')).runImport(rest);
    case 'migrate':
    case 'seed-demo':
    case 'create-user':
    case 'audit':
    case 'backup':
    case 'daily-backup':
    case 'restore':
    case 'directory':
    case 'retire-demo-accounts':
      // Commands that open the database load its drivers only when they run.
      return (await import('./database-commands.js')).runDatabaseCommand(command, rest);
    default:
      throw new UsageError(`Unknown command '${command}'. Run selfdirect --help to see the commands.`);
  }
}

/** Errors that are the user's to fix: their message is all they need. */
const EXPECTED = new Set(['UsageError', 'ConfigError', 'BackupError', 'BackupKeyError', 'AuditKeyError', 'AnchorFileError', 'DataDirectoryInUseError']);

/** What the process should exit with for an error a command threw. */
export function reportFailure(error: unknown): number {
  if (error instanceof Error && EXPECTED.has(error.constructor.name)) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  process.stderr.write(`selfdirect failed: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
