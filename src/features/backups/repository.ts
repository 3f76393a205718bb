import type { Executor } from '../../web/route.js';

/** The backups and job_status tables: what each daily backup was, and each job's last run. */

export async function startBackup(db: Executor, at: Date) {
  return db.insertInto('backups').values({ started_at: at }).returning(['id', 'started_at']).executeTakeFirstOrThrow();
}

/** Backups left 'running' by a process that stopped: marked failed, with why. */
export async function failInterruptedBackups(db: Executor, before: Date) {
  return db
    .updateTable('backups')
    .set({ status: 'failed', finished_at: new Date(), error: 'The service stopped while this backup was being made; the next one was made in its place' })
    .where('status', '=', 'running')
    .where('started_at', '<', before)
    .returning('id')
    .execute();
}

export async function finishBackup(db: Executor, id: string, outcome: { status: 'verified'; fileName: string; bytes: number; rows: number; auditEntries: number } | { status: 'failed'; error: string; fileName?: string | null }) {
  await db
    .updateTable('backups')
    .set(
      outcome.status === 'verified'
        ? { status: 'verified', finished_at: new Date(), file_name: outcome.fileName, bytes: outcome.bytes, rows: outcome.rows, audit_entries: outcome.auditEntries, error: null }
        : { status: 'failed', finished_at: new Date(), error: outcome.error, file_name: outcome.fileName ?? null },
    )
    .where('id', '=', id)
    .execute();
}

export async function recentBackups(db: Executor, limit = 30) {
  return db.selectFrom('backups').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

export async function latestBackup(db: Executor) {
  return db.selectFrom('backups').selectAll().where('status', '<>', 'running').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
}

export async function latestVerifiedBackup(db: Executor) {
  return db.selectFrom('backups').selectAll().where('status', '=', 'verified').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
}

/** Verified backups whose files are kept: the newest first. */
export async function verifiedBackupFiles(db: Executor) {
  return db.selectFrom('backups').select(['id', 'file_name', 'started_at']).where('status', '=', 'verified').where('file_name', 'is not', null).orderBy('started_at', 'desc').execute();
}

/** The file was deleted at the end of its retention: the record stays, without a file. */
export async function forgetBackupFile(db: Executor, id: string) {
  await db.updateTable('backups').set({ file_name: null }).where('id', '=', id).execute();
}

export async function jobStarted(db: Executor, job: string, at: Date) {
  await db
    .insertInto('job_status')
    .values({ job, last_started_at: at })
    .onConflict((oc) => oc.column('job').doUpdateSet({ last_started_at: at }))
    .execute();
}

export async function jobFinished(db: Executor, job: string, result: { ok: true; summary: string } | { ok: false; error: string }, at = new Date()) {
  const values = result.ok
    ? { last_finished_at: at, last_result: 'succeeded' as const, last_summary: result.summary, last_error: null, last_succeeded_at: at }
    : { last_finished_at: at, last_result: 'failed' as const, last_error: result.error };
  await db
    .insertInto('job_status')
    .values({ job, ...values })
    .onConflict((oc) => oc.column('job').doUpdateSet(values))
    .execute();
}

export async function jobStatuses(db: Executor) {
  return db.selectFrom('job_status').selectAll().orderBy('job').execute();
}
