import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { backupDatabase } from '../../db/backup.js';
import type { Database } from '../../db/schema.js';
import type { Kysely } from 'kysely';
import { DAILY_BACKUP_JOB, UPKEEP_JOB } from './job-names.js';
import * as repo from './repository.js';

export { DAILY_BACKUP_JOB, UPKEEP_JOB };
import { verifyBackupFile } from './verify.js';

/**
 * The daily backup (issue 18): the consistent snapshot `selfdirect backup` writes, made into the
 * backup folder, then restored into a scratch database and checked (every table's rows, the audit
 * chain) before it counts. Files older than the retention period are deleted, always keeping the
 * newest verified one. A backup the service stopped in the middle of is marked failed, and its
 * half-written file removed, when the next one starts. Run by the job runner each night (one at a
 * time: the queue's policy) and by `selfdirect daily-backup`.
 */
export interface BackupSettings {
  dir: string;
  retentionDays: number;
  backupKey?: string | undefined;
}

export type DailyBackupResult = { ok: true; fileName: string; bytes: number; rows: number; auditEntries: number; deletedFiles: number; interrupted: number } | { ok: false; error: string };

const FILE_PATTERN = /^selfdirect-\d{8}T\d{6}Z\.backup$/;

export async function runDailyBackup(db: Kysely<Database>, settings: BackupSettings, now = new Date()): Promise<DailyBackupResult> {
  await repo.jobStarted(db, DAILY_BACKUP_JOB, now);
  const interrupted = await repo.failInterruptedBackups(db, now);
  const backup = await repo.startBackup(db, now);
  const fileName = `selfdirect-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.backup`;
  const file = path.join(settings.dir, fileName);
  try {
    await mkdir(settings.dir, { recursive: true, mode: 0o700 });
    // Half-written files of a backup that was stopped.
    for (const name of await readdir(settings.dir)) if (name.endsWith('.partial')) await rm(path.join(settings.dir, name), { force: true });
    await backupDatabase(db, file, { backupKey: settings.backupKey });
    const { size } = await stat(file);
    const verified = await verifyBackupFile(file, { backupKey: settings.backupKey }, settings.dir);
    await repo.finishBackup(db, backup.id, { status: 'verified', fileName, bytes: size, rows: verified.rows, auditEntries: verified.auditEntries });
    const deletedFiles = await deleteOldBackups(db, settings, now);
    const result = { ok: true as const, fileName, bytes: size, rows: verified.rows, auditEntries: verified.auditEntries, deletedFiles, interrupted: interrupted.length };
    await repo.jobFinished(db, DAILY_BACKUP_JOB, { ok: true, summary: `${fileName}: ${verified.rows.toLocaleString('en-GB')} rows and ${verified.auditEntries.toLocaleString('en-GB')} audit entries restored and checked${deletedFiles ? `; ${deletedFiles} older ${deletedFiles === 1 ? 'backup' : 'backups'} deleted` : ''}` });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await rm(file, { force: true }).catch(() => {});
    await repo.finishBackup(db, backup.id, { status: 'failed', error: message });
    await repo.jobFinished(db, DAILY_BACKUP_JOB, { ok: false, error: message });
    return { ok: false, error: message };
  }
}

/** Verified backups older than the retention period lose their files; the newest verified one is always kept. */
async function deleteOldBackups(db: Kysely<Database>, settings: BackupSettings, now: Date): Promise<number> {
  const cutoff = now.getTime() - settings.retentionDays * 86_400_000;
  const [newest, ...older] = await repo.verifiedBackupFiles(db);
  let deleted = 0;
  for (const b of older) {
    if (b.started_at.getTime() >= cutoff || !b.file_name || !FILE_PATTERN.test(b.file_name) || b.file_name === newest?.file_name) continue;
    await rm(path.join(settings.dir, b.file_name), { force: true });
    await repo.forgetBackupFile(db, b.id);
    deleted++;
  }
  return deleted;
}

/**
 * Database upkeep: PGlite has no autovacuum, so nothing refreshes the planner's statistics as
 * tables grow — after a large import every page can be planned as if the tables were empty
 * (issue 19). Run nightly on both databases (on PostgreSQL it only adds to autovacuum).
 */
export async function runUpkeep(db: Kysely<Database>, now = new Date()) {
  await repo.jobStarted(db, UPKEEP_JOB, now);
  try {
    await sql`ANALYZE`.execute(db);
    await repo.jobFinished(db, UPKEEP_JOB, { ok: true, summary: 'Statistics refreshed for every table' });
  } catch (error) {
    await repo.jobFinished(db, UPKEEP_JOB, { ok: false, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
