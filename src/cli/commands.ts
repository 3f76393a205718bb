import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { type DatabaseHandle, DataDirectoryInUseError, migrateToLatest, openDatabase } from '../db/client.js';
import { BackupError, backupDatabase, restoreDatabase } from '../db/backup.js';
import type { Role } from '../db/schema.js';
import { hasAnyStaff, seedDemo } from '../db/seed/demo.js';
import { recordAudit, verifyAuditTrail } from '../features/audit/audit-trail.js';
import { DEMO_PASSWORD, hashPassword, passwordProblem } from '../features/auth/passwords.js';
import { ROLES } from '../policy.js';
import { compileScheme } from '../domain/ras/pricing.js';
import { parseScheme, validateScheme } from '../domain/ras/scheme.js';
import { formatPence } from '../domain/money/pence.js';
import { progressBar } from '../batch/progress.js';
import { calibrate, calibratedScheme } from '../features/analytics/calibrate.js';
import { equity, equitySentence } from '../features/analytics/equity.js';
import { writeReport } from '../features/analytics/files.js';
import { simulate } from '../features/analytics/simulate.js';
import { BatchFileError, allocateFile, formatProblem } from '../features/ras/allocate.js';
import { SchemeInvalidError, createSchemeService } from '../features/schemes/service.js';
import { DirectoryImportError } from '../features/directory/csv.js';
import { createDirectoryFiles } from '../features/directory/files.js';

const HELP = `selfdirect: run Selfdirect's administrative tasks.

Usage: selfdirect <command> [options]

Commands:
  migrate                      Bring the database schema up to date.
  seed-demo                    Load Anytown Council's demo data into an empty database (not in production).
  create-user                  Add a staff account.
      --email EMAIL              Work email address (required)
      --name NAME                Full name (required)
      --role ROLE                One of: ${ROLES.join(', ')} (required)
      --team NAME                A team to join, created if new; repeat for more teams
      The password is read from the first line of standard input.
  audit verify                 Check that no audit entry was altered, removed or reordered.
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
  directory export FILE        Write the directory of support as CSV (docs/directory-csv.md).
  directory import FILE        Import a directory CSV: all or nothing, rows matched by reference.
  backup FILE                  Write a consistent backup of the whole database to FILE (gzipped JSON lines).
  restore FILE                 Restore FILE into an empty database, all or nothing.

The database is PostgreSQL at DATABASE_URL when set, otherwise the embedded database in DATA_DIR (./data).
`;

export class UsageError extends Error {}

async function withDatabase<T>(fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function readPassword(): string {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter): ');
  const input = readFileSync(0, 'utf8');
  return input.split(/\r?\n/)[0] ?? '';
}

async function createUser(args: string[], readSecret: () => string) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string', multiple: true } } });
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError('--email must be an email address, like name@council.example');
  if (!values.name?.trim()) throw new UsageError('--name is required');
  if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`);
  const password = readSecret();
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  const config = loadConfig();
  if (password === DEMO_PASSWORD && !config.allowDemoData) throw new UsageError('The demo password cannot be used in production');
  const passwordHash = await hashPassword(password);
  await withDatabase(async ({ db }) => {
    await db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst()) {
        throw new UsageError(`There is already an account for ${email}`);
      }
      const system = { id: null, label: 'system: selfdirect create-user' };
      const user = await trx
        .insertInto('staff_users')
        .values({ email, display_name: values.name!.trim(), role: values.role as Role, password_hash: passwordHash, updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const teamName of values.team ?? []) {
        let team = await trx.selectFrom('teams').select('id').where('name', '=', teamName).executeTakeFirst();
        if (!team) {
          team = await trx.insertInto('teams').values({ name: teamName }).returning('id').executeTakeFirstOrThrow();
          await recordAudit(trx, system, { action: 'team.created', subjectType: 'team', subjectId: team.id, after: { name: teamName } });
        }
        await trx.insertInto('staff_user_teams').values({ user_id: user.id, team_id: team.id }).execute();
      }
      await recordAudit(trx, system, { action: 'staff-user.created', subjectType: 'staff-user', subjectId: user.id, after: { email, role: values.role, teams: values.team ?? [] } });
    });
  });
  process.stdout.write(`Created ${values.role} account ${email}.\n`);
}

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
      process.stderr.write(`${error.message}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
      return 1;
    }
  }
  if (sub === 'list' || sub === 'import' || sub === 'publish' || sub === 'export') return runSchemeCommand(sub, rest);
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
        process.stdout.write('error' in g ? `${g.id}: ${g.n} people; not fitted: ${g.error}\n` : `${g.id}: ${g.n} people; ${g.pencePerPoint.toPrecision(8)} pence a point, fixed ${g.fixedPence.toPrecision(8)} pence, r² ${g.r2.toPrecision(4)}\n`);
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
    process.stderr.write(`${error.message}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 1;
  }
}

async function runSchemeCommand(sub: 'list' | 'import' | 'publish' | 'export', args: string[]): Promise<number> {
  const cli = { id: null, label: `system: selfdirect ras ${sub}` };
  return withDatabase(async ({ db }) => {
    const schemes = createSchemeService(db);
    if (sub === 'list') {
      const rows = await db.selectFrom('ras_schemes').select(['scheme_id', 'version', 'kind', 'effective_from', 'status']).orderBy('scheme_id').orderBy('effective_from').execute();
      if (rows.length === 0) process.stdout.write('There are no schemes yet. Import one with selfdirect ras import SCHEME.json\n');
      for (const r of rows) process.stdout.write(`${r.scheme_id}\t${r.version}\t${r.kind}\tin force from ${r.effective_from}\t${r.status}\n`);
      return 0;
    }
    if (sub === 'import') {
      const file = args[0];
      if (!file) throw new UsageError('Usage: selfdirect ras import SCHEME.json');
      const text = loadText(file);
      try {
        const saved = await schemes.importText(cli, text);
        process.stdout.write(`Imported ${saved.scheme_id} ${saved.version} as a draft. Publish it with: selfdirect ras publish ${saved.scheme_id} ${saved.version}\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof SchemeInvalidError)) throw error;
        process.stderr.write(`${file} was not imported:\n${error.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
        return 1;
      }
    }
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    const [schemeId, version] = positionals;
    if (!schemeId || !version) throw new UsageError(`Usage: selfdirect ras ${sub} ID VERSION${sub === 'export' ? ' [--out FILE]' : ''}`);
    const row = await schemes.findByIdVersion(schemeId, version);
    if (!row) throw new UsageError(`There is no scheme ${schemeId} version ${version}. See selfdirect ras list`);
    if (sub === 'publish') {
      if (row.status === 'published') throw new UsageError(`${schemeId} ${version} is already published`);
      await schemes.publishRow(cli, row.id, null);
      process.stdout.write(`Published ${schemeId} ${version}. New assessments use it from ${row.effective_from}.\n`);
      return 0;
    }
    const text = `${typeof row.document === 'string' ? row.document : JSON.stringify(row.document, null, 2)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  });
}

function loadText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${file}`);
  }
}

async function runDirectory(args: string[]): Promise<number> {
  const [sub, file] = args;
  if ((sub !== 'import' && sub !== 'export') || !file) throw new UsageError('Usage: selfdirect directory import FILE | selfdirect directory export FILE');
  return withDatabase(async ({ db }) => {
    const files = createDirectoryFiles(db);
    if (sub === 'export') {
      writeFileSync(file, await files.exportAsSystem());
      process.stdout.write(`Wrote the directory to ${file}.\n`);
      return 0;
    }
    try {
      const counts = await files.importAsSystem({ id: null, label: 'system: selfdirect directory import' }, loadText(file));
      process.stdout.write(`Imported ${file}: ${counts.created} added, ${counts.updated} changed, ${counts.unchanged} unchanged.\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof DirectoryImportError)) throw error;
      process.stderr.write(`${error.message}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
      return 1;
    }
  });
}

export async function run(argv: string[], io: { readPassword?: () => string } = {}): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    case 'migrate':
      await withDatabase(async () => undefined);
      process.stdout.write('The database is up to date.\n');
      return 0;
    case 'seed-demo': {
      const config = loadConfig();
      if (!config.allowDemoData) throw new UsageError('Demo data cannot be loaded when NODE_ENV=production');
      const loaded = await withDatabase(async ({ db }) => ((await hasAnyStaff(db)) ? false : (await seedDemo(db)).loaded));
      process.stdout.write(loaded ? 'Loaded Anytown Council demo data.\n' : 'The database already has staff accounts, so demo data was not loaded.\n');
      return 0;
    }
    case 'create-user':
      await createUser(rest, io.readPassword ?? readPassword);
      return 0;
    case 'audit': {
      if (rest[0] !== 'verify') throw new UsageError('Usage: selfdirect audit verify');
      const result = await withDatabase(({ db }) => verifyAuditTrail(db));
      if (result.ok) {
        process.stdout.write(`The audit trail is whole: ${result.entries} entries checked.\n`);
        return 0;
      }
      process.stderr.write(`The audit trail is broken at entry ${result.seq}: ${result.problem}.\n${result.entries} entries before it are whole.\n`);
      return 1;
    }
    case 'ras':
      return runRas(rest);
    case 'directory':
      return runDirectory(rest);
    case 'backup': {
      const file = rest[0];
      if (!file) throw new UsageError('Usage: selfdirect backup FILE');
      const header = await withDatabase(({ db }) => backupDatabase(db, file));
      const rows = Object.values(header.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`Backed up ${rows} rows from ${Object.keys(header.counts).length} tables to ${file}.\n`);
      return 0;
    }
    case 'restore': {
      const file = rest[0];
      if (!file) throw new UsageError('Usage: selfdirect restore FILE');
      const header = await withDatabase(({ db }) => restoreDatabase(db, file));
      const rows = Object.values(header.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`Restored ${rows} rows from the backup made ${header.createdAt}.\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command '${command}'. Run selfdirect --help to see the commands.`);
  }
}

/** What the process should exit with for an error a command threw. */
export function reportFailure(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof BackupError || error instanceof DataDirectoryInUseError) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  process.stderr.write(`selfdirect failed: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
