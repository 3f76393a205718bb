import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreDatabase, tableCounts } from '../../src/db/backup.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../src/db/client.js';
import { SIZES, seedLargeCouncil } from '../../src/db/seed/large/council.js';
import { verifyAuditTrail } from '../../src/features/audit/audit-trail.js';
import { runDailyBackup } from '../../src/features/backups/daily-backup.js';
import { readinessChecks } from '../../src/web/health.js';
import { projectRoot } from '../../src/root.js';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { testDatabase, testingPostgres } from '../helpers/database.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/**
 * Issue 18's daily backups: made, restored into a scratch database and checked before they count;
 * a backup whose process is killed part-way is marked failed and the next one completes and
 * verifies; the latest restores into an empty database with every table's rows and a verified
 * audit chain — on PGlite and on PostgreSQL (whichever this run is on). Old files go after the
 * retention period; a failure is an alert for administrators and in the readiness check.
 */
const compiled = existsSync(path.join(projectRoot, 'dist/src/cli/main.js'));
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

const counts = tableCounts;

/** An empty database of the kind this run is on: PostgreSQL (a new database) or PGlite (a new folder). */
async function emptyDatabase(): Promise<{ handle: DatabaseHandle; env: NodeJS.ProcessEnv }> {
  if (testingPostgres()) {
    const database = await testDatabase({ empty: true });
    cleanup.push(() => database.close());
    return { handle: { ...database, kind: 'postgresql', description: 'test', close: async () => {} }, env: { DATABASE_URL: database.url } };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-daily-backup-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const handle = await openDatabase({ dataDir });
  await migrateToLatest(handle.db);
  return { handle, env: { DATA_DIR: dataDir, DATABASE_URL: '' } };
}

function run(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin/selfdirect.js'), 'daily-backup'], { env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env } });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, done };
}

describe.skipIf(!compiled)('the daily backup through a crash', () => {
  it('a backup killed part-way is marked failed; the next completes, verifies, and restores whole into an empty database', { timeout: 300_000 }, async () => {
    const source = await emptyDatabase();
    await seedLargeCouncil(source.handle.db, SIZES.small, { seed: 7, today: new Date().toISOString().slice(0, 10) });
    const before = await counts(source.handle.db);
    await source.handle.close();
    const backupDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-backups-'));
    cleanup.push(() => rmSync(backupDir, { recursive: true, force: true }));
    const env = { ...source.env, BACKUP_DIR: backupDir };

    // Killed while the file is being written.
    const first = run(env);
    cleanup.push(() => void first.child.kill('SIGKILL'));
    const deadline = Date.now() + 120_000;
    while (!readdirSync(backupDir).some((f) => f.endsWith('.partial'))) {
      if (Date.now() > deadline || first.child.exitCode !== null) throw new Error(`the backup was never caught part-way: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    await first.done;

    // The next one.
    const second = run(env);
    expect(await second.done, second.output()).toBe(0);
    expect(second.output()).toContain('restored into a scratch database and checked');
    expect(second.output()).toContain('A backup that was stopped part-way is marked as failed');
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const files = readdirSync(backupDir).filter((f) => f.endsWith('.backup'));
    expect(files).toHaveLength(1);

    const after = source.env.DATABASE_URL ? await testDatabaseAt(source.env.DATABASE_URL) : await openDatabase({ dataDir: source.env.DATA_DIR! });
    const backups = await after.db.selectFrom('backups').select(['status', 'error', 'file_name', 'rows']).orderBy('started_at').execute();
    expect(backups.map((b) => b.status)).toEqual(['failed', 'verified']);
    expect(backups[0]!.error).toContain('The service stopped while this backup was being made');
    expect(backups[1]!.file_name).toBe(files[0]);
    expect(backups[1]!.rows).toBe(Object.values(before).reduce((a, b) => a + b, 0));
    expect(await after.db.selectFrom('job_status').select(['job', 'last_result']).where('job', '=', 'daily-backup').executeTakeFirst()).toEqual({ job: 'daily-backup', last_result: 'succeeded' });
    await after.close();

    // The latest backup into an empty database: every row, and the chain verifies.
    const target = await emptyDatabase();
    await restoreDatabase(target.handle.db, path.join(backupDir, files[0]!));
    expect(await counts(target.handle.db)).toEqual(before);
    const audit = await verifyAuditTrail(target.handle.db);
    expect(audit.ok).toBe(true);
    expect(audit.entries).toBe(before.audit_events);
    await target.handle.close();
  });
});

/** The same PostgreSQL database again, through a handle of its own. */
async function testDatabaseAt(url: string): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: url, dataDir: tmpdir() });
}

describe('daily backups, their retention and their alerts', () => {
  let t: TestApp;
  it('keeps files for the retention period and always the newest; a failure is an alert on the administrators’ home and in readiness', { timeout: 120_000 }, async () => {
    t = await testApp();
    cleanup.push(() => t.close());
    const db = t.database.db;
    const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-retention-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const day = (n: number) => new Date(Date.now() - n * 86_400_000);
    const made = [];
    for (const n of [30, 20, 1]) made.push(await runDailyBackup(db, { dir, retentionDays: 14 }, day(n)));
    expect(made.every((m) => m.ok)).toBe(true);
    const kept = readdirSync(dir).filter((f) => f.endsWith('.backup'));
    // The 30- and 20-day-old files are past 14 days: deleted, their records kept without a file.
    expect(kept).toEqual([made[2]!.ok && made[2]!.fileName]);
    const records = await db.selectFrom('backups').select(['status', 'file_name']).orderBy('started_at').execute();
    expect(records.map((r) => [r.status, r.file_name !== null])).toEqual([['verified', false], ['verified', false], ['verified', true]]);

    const readiness = async () => Object.fromEntries((await readinessChecks(t.database, true, new Date())).map((c) => [c.name, c.ok]));
    expect(await readiness()).toEqual({ database: true, migrations: true, jobs: true, backup: true });

    // A backup that cannot be written: failed, recorded, alerted.
    const notAFolder = path.join(dir, 'not-a-folder');
    writeFileSync(notAFolder, 'a file where the backup folder should be');
    const failed = await runDailyBackup(db, { dir: notAFolder, retentionDays: 14 });
    expect(failed.ok).toBe(false);
    expect(await readiness()).toEqual({ database: true, migrations: true, jobs: true, backup: false });
    expect((await readinessChecks(t.database, false, new Date())).find((c) => c.name === 'jobs')).toEqual({ name: 'jobs', ok: false, detail: 'the job runner is not running' });

    const make = factories(db);
    const admin = await make.staff('administrator');
    const v = new Visitor(t.app);
    await v.signIn(admin.email, FACTORY_PASSWORD);
    const home = html(await v.get('/'));
    expect(home('main').text()).toMatch(/The backup started .* failed/);
    const jobs = html(await v.get('/admin/jobs'));
    expect(jobs('h1').text()).toBe('Scheduled jobs and backups');
    expect(jobs('main').text()).toContain('Daily backup, restored and checked');
    expect(jobs('main').text()).toContain('Failed:');
    expect(jobs('tbody tr').length).toBeGreaterThanOrEqual(3 + 4);
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(JSON.parse(ready.body).checks.find((c: { name: string }) => c.name === 'backup').ok).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
