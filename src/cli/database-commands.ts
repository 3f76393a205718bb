import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { backupDatabase, restoreDatabase } from '../db/backup.js';
import { runDailyBackup } from '../features/backups/daily-backup.js';
import type { Role } from '../db/schema.js';
import { hasAnyStaff, seedDemo } from '../db/seed/demo.js';
import { LARGE_SIGN_INS, SIZES, seedLargeCouncil } from '../db/seed/large/council.js';
import type { AuditAnchor } from '../domain/audit/chain.js';
import { anchorLine, appendAnchor, readAnchors } from '../features/audit/anchors.js';
import { auditAnchor, recordAudit, verifyAuditTrail } from '../features/audit/audit-trail.js';
import { hashPassword } from '../features/auth/passwords.js';
import { INVITATION_DAYS, invitationLink, inviteStaffUser } from '../features/auth/invitations.js';
import { noteCaseAccessGiven } from '../features/admin/access-notices.js';
import { DirectoryImportError, directoryCsv, importDirectoryCsv } from '../features/directory/csv.js';
import { entriesByReference } from '../features/directory/repository.js';
import { emailInUse, insertStaffUser, insertTeam, retireDemoAccounts, setTeamsOf, teamIdNamed } from '../features/admin/repository.js';
import { formatProblem } from '../batch/problems.js';
import { SchemeInvalidError, importScheme, publishScheme } from '../features/schemes/import-scheme.js';
import { schemeByIdVersion, schemeListing, schemeText } from '../features/schemes/repository.js';
import { ROLES } from '../policies/index.js';
import { UsageError, loadText } from './usage.js';
import { withDatabase } from './with-database.js';

/** Adds an account and prints its invitation link: the person it is for sets their own password. */
async function createUser(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string', multiple: true } } });
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError('--email must be an email address, like name@council.example');
  if (!values.name?.trim()) throw new UsageError('--name is required');
  if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`);
  const config = loadConfig();
  const invitation = await withDatabase(async ({ db }) => {
    return db.transaction().execute(async (trx) => {
      if (await emailInUse(trx, email)) throw new UsageError(`There is already an account for ${email}`);
      const system = { id: null, label: 'system: selfdirect create-user' };
      const user = await insertStaffUser(trx, { email, displayName: values.name!.trim(), role: values.role as Role, passwordHash: null });
      const teamIds: string[] = [];
      for (const teamName of values.team ?? []) {
        let team = await teamIdNamed(trx, teamName);
        if (!team) {
          team = await insertTeam(trx, teamName);
          await recordAudit(trx, system, { action: 'team.created', subjectType: 'team', subjectId: team.id, after: { name: teamName } });
        }
        teamIds.push(team.id);
      }
      await setTeamsOf(trx, user.id, teamIds);
      await recordAudit(trx, system, { action: 'staff-user.created', subjectType: 'staff-user', subjectId: user.id, after: { email, role: values.role, teams: values.team ?? [] } });
      await noteCaseAccessGiven(trx, system, { id: user.id, role: values.role as Role }, null, { role: values.role as Role, active: true, teamIds });
      return inviteStaffUser(trx, system, user.id, 'new-account');
    });
  });
  process.stdout.write(`Created ${values.role} account ${email}.\nSend them this invitation link to choose their password (it works once, for ${INVITATION_DAYS} days):\n  ${invitationLink(config.publicUrl, invitation.token)}\n`);
}

export async function runSchemeCommand(sub: 'list' | 'import' | 'publish' | 'export', args: string[]): Promise<number> {
  const cli = { id: null, label: `system: selfdirect ras ${sub}` };
  return withDatabase(async ({ db }) => {
    if (sub === 'list') {
      const rows = await schemeListing(db);
      if (rows.length === 0) process.stdout.write('There are no schemes yet. Import one with selfdirect ras import SCHEME.json\n');
      for (const r of rows) process.stdout.write(`${r.scheme_id}\t${r.version}\t${r.kind}\tin force from ${r.effective_from}\t${r.status}\n`);
      return 0;
    }
    if (sub === 'import') {
      const file = args[0];
      if (!file) throw new UsageError('Usage: selfdirect ras import SCHEME.json');
      const text = loadText(file);
      try {
        const saved = await db.transaction().execute((trx) => importScheme(trx, cli, text));
        for (const w of saved.warnings) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);
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
    const row = await schemeByIdVersion(db, schemeId, version);
    if (!row) throw new UsageError(`There is no scheme ${schemeId} version ${version}. See selfdirect ras list`);
    if (sub === 'publish') {
      if (row.status === 'published') throw new UsageError(`${schemeId} ${version} is already published`);
      await db.transaction().execute((trx) => publishScheme(trx, cli, row.id, null));
      process.stdout.write(`Published ${schemeId} ${version}. New assessments use it from ${row.effective_from}.\n`);
      return 0;
    }
    const text = `${schemeText(row)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  });
}

async function runDirectory(args: string[]): Promise<number> {
  const [sub, file] = args;
  if ((sub !== 'import' && sub !== 'export') || !file) throw new UsageError('Usage: selfdirect directory import FILE | selfdirect directory export FILE');
  return withDatabase(async ({ db }) => {
    if (sub === 'export') {
      writeFileSync(file, directoryCsv(await entriesByReference(db)));
      process.stdout.write(`Wrote the directory to ${file}.\n`);
      return 0;
    }
    try {
      const counts = await importDirectoryCsv(db, { id: null, label: 'system: selfdirect directory import' }, loadText(file));
      process.stdout.write(`Imported ${file}: ${counts.created} added, ${counts.updated} changed, ${counts.unchanged} unchanged.\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof DirectoryImportError)) throw error;
      process.stderr.write(`${error.message}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
      return 1;
    }
  });
}

async function runAudit(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'anchor') {
    const { values } = parseArgs({ args: rest, options: { append: { type: 'string' } } });
    const anchor = await withDatabase(({ db }) => auditAnchor(db));
    if (values.append) {
      await appendAnchor(values.append, anchor);
      process.stdout.write(`Appended the audit anchor (${anchor.entries} entries) to ${values.append}.\n`);
    } else {
      process.stdout.write(anchorLine(anchor));
    }
    return 0;
  }
  if (sub !== 'verify') throw new UsageError('Usage: selfdirect audit verify [--anchor FILE]… | selfdirect audit anchor [--append FILE]');
  const { values } = parseArgs({ args: rest, options: { anchor: { type: 'string', multiple: true } } });
  const { backupKey } = loadConfig();
  const anchors: AuditAnchor[] = [];
  for (const file of values.anchor ?? []) {
    try {
      anchors.push(...(await readAnchors(file, { backupKey })));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--anchor ${file}: there is no such file`);
      throw error;
    }
  }
  const result = await withDatabase(({ db }) => verifyAuditTrail(db, { anchors }));
  if (result.ok) {
    const against = anchors.length ? `, and it agrees with ${anchors.length} anchor${anchors.length === 1 ? '' : 's'}` : '';
    process.stdout.write(`The audit trail is whole: ${result.entries} entries checked${against}.\n`);
    if (result.unkeyed) process.stdout.write(`${result.unkeyed} entries were written before the trail was keyed: only an anchor protects them.\n`);
    if (!anchors.length) process.stdout.write('Without --anchor, entries cut off the end cannot be seen: check against an anchor kept elsewhere.\n');
    return 0;
  }
  process.stderr.write(`The audit trail is broken at entry ${result.seq}: ${result.problem}.\n${result.entries} entries before it are whole.\n`);
  return 1;
}

export async function runDatabaseCommand(command: string, rest: string[]): Promise<number> {
  switch (command) {
    case 'migrate':
      await withDatabase(async () => undefined);
      process.stdout.write('The database is up to date.\n');
      return 0;
    case 'seed-demo': {
      const config = loadConfig();
      if (!config.allowDemoData) throw new UsageError('Demo data cannot be loaded when NODE_ENV=production');
      const { values } = parseArgs({ args: rest, options: { size: { type: 'string' }, seed: { type: 'string' } } });
      const size = values.size ?? 'demo';
      if (!['demo', 'small', 'large'].includes(size)) throw new UsageError('--size is demo (Anytown, the default), small or large (the largest council)');
      const seed = values.seed === undefined ? undefined : Number(values.seed);
      if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError('--seed is a whole number');
      if (size === 'demo') {
        const loaded = await withDatabase(async ({ db }) => ((await hasAnyStaff(db)) ? false : (await seedDemo(db)).loaded));
        process.stdout.write(loaded ? 'Loaded Anytown Council demo data.\n' : 'The database already has staff accounts, so demo data was not loaded.\n');
        return 0;
      }
      const started = performance.now();
      const progress = (step: string) => process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s  ${step}\n`);
      const result = await withDatabase(({ db }) => seedLargeCouncil(db, SIZES[size as 'small' | 'large'], { seed, progress }));
      if (!result.loaded) {
        process.stdout.write('The database already has staff accounts, so the council was not loaded.\n');
        return 0;
      }
      const figures = Object.entries(result.counts).map(([table, n]) => `${n.toLocaleString('en-GB')} ${table}`).join(', ');
      process.stdout.write(`Loaded a ${size} council in ${((performance.now() - started) / 1000).toFixed(1)} s: ${figures}.\nSign in as ${Object.values(LARGE_SIGN_INS).join(', ')} with the demo password.\n`);
      return 0;
    }
    case 'create-user':
      await createUser(rest);
      return 0;
    case 'retire-demo-accounts': {
      const hash = await hashPassword(randomBytes(32).toString('base64url'));
      const retired = await withDatabase(({ db }) =>
        db.transaction().execute(async (trx) => {
          const emails = await retireDemoAccounts(trx, hash);
          for (const email of emails) await recordAudit(trx, { id: null, label: 'system: selfdirect retire-demo-accounts' }, { action: 'staff-user.demo-retired', subjectType: 'staff-user', subjectId: email });
          return emails;
        }),
      );
      process.stdout.write(retired.length ? `Retired ${retired.length} demo accounts: they can no longer sign in.\n` : 'There are no demo accounts.\n');
      return 0;
    }
    case 'audit':
      return runAudit(rest);
    case 'directory':
      return runDirectory(rest);
    case 'backup': {
      const file = rest[0];
      if (!file) throw new UsageError('Usage: selfdirect backup FILE');
      const { backupKey } = loadConfig();
      const header = await withDatabase(({ db }) => backupDatabase(db, file, { backupKey }));
      const rows = Object.values(header.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`Backed up ${rows} rows from ${Object.keys(header.counts).length} tables to ${file}${backupKey ? ', encrypted with BACKUP_KEY' : ''}.\n`);
      process.stdout.write(`Audit anchor (keep it somewhere else): ${anchorLine(header.auditAnchor)}`);
      if (!backupKey) process.stdout.write('Warning: the backup is not encrypted. Set BACKUP_KEY (required in production).\n');
      return 0;
    }
    case 'daily-backup': {
      // The nightly job, run now: made, restored into a scratch database and checked, old files pruned (ADR 0019).
      const config = loadConfig();
      const result = await withDatabase(({ db }) => runDailyBackup(db, { ...config.backups, backupKey: config.backupKey }));
      if (!result.ok) {
        process.stderr.write(`The backup failed: ${result.error}\n`);
        return 1;
      }
      process.stdout.write(`Backed up to ${path.join(config.backups.dir, result.fileName)}, then restored into a scratch database and checked: ${result.rows} rows and ${result.auditEntries} audit entries.\n`);
      if (result.deletedFiles) process.stdout.write(`Deleted ${result.deletedFiles} backup ${result.deletedFiles === 1 ? 'file' : 'files'} older than ${config.backups.retentionDays} days.\n`);
      if (result.interrupted) process.stdout.write(`A backup that was stopped part-way is marked as failed.\n`);
      return 0;
    }
    case 'restore': {
      const file = rest[0];
      if (!file) throw new UsageError('Usage: selfdirect restore FILE');
      const { backupKey } = loadConfig();
      const header = await withDatabase(({ db }) => restoreDatabase(db, file, { backupKey }));
      const rows = Object.values(header.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`Restored ${rows} rows from the backup made ${header.createdAt}.\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command '${command}'`);
  }
}
