import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import { JOB_SCHEMA } from '../db/migrations/0018_job_queue.js';
import type { Database } from '../db/schema.js';
import { type DeliveryReport, deliverDue } from '../features/outbox/delivery.js';
import { type Transport, transportFor } from '../features/outbox/transports.js';
import { DAILY_BACKUP_JOB, UPKEEP_JOB, runDailyBackup, runUpkeep } from '../features/backups/daily-backup.js';
import { jobFinished, jobStarted } from '../features/backups/repository.js';
import { REMINDERS_JOB, REMINDERS_SCHEDULE, STATUTORY_FIGURES_JOB, STATUTORY_FIGURES_SCHEDULE } from '../features/backups/job-names.js';
import { sendReminders } from '../features/reminders/send.js';
import { londonToday } from '../web/format.js';
import { workOutAskedFigures } from '../features/statutory-returns/kept-figures.js';

/**
 * The job runner (ADR 0012): pg-boss on Selfdirect's own database — PGlite through the same
 * one-at-a-time connection as every request, PostgreSQL through the pool — so there is no other
 * server to run. Its schema and queues are made by the migrations. Jobs survive a restart (they
 * are rows), and a queue's policy stops one running twice at once.
 *
 * The outbox is delivered by the `outbox-deliver` job: asked for straight after a request commits
 * a message, every minute by schedule (so nothing waits for long if the ask is lost), and once at
 * start-up (for whatever a process that died left behind). The daily backup and the database's
 * upkeep run each night (ADR 0019); the statutory returns' figures are worked out again every five
 * minutes when their records have changed (ADR 0018). Each queue lets one run at a time.
 */
export interface JobRunner {
  /** Asks for delivery now; never throws (the minute's schedule is the fallback). */
  deliverSoon(): void;
  stop(): Promise<void>;
}

interface Log {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** pg-boss's database interface, over Kysely: a query with no values may hold several statements. */
export function jobDatabase(db: Kysely<Database>) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as Record<string, unknown>[] };
    },
  };
}

export async function startJobs(db: Kysely<Database>, config: Config, log: Log, transport: Transport = transportFor(config)): Promise<JobRunner> {
  const boss = new PgBoss({ db: jobDatabase(db), schema: JOB_SCHEMA, migrate: false, supervise: true, schedule: true });
  boss.on('error', (error: Error) => log.error({ error: error.message }, 'job queue error'));
  await boss.start();
  const ask = () => boss.send('outbox-deliver', {}).catch((error: Error) => log.error({ error: error.message }, 'could not ask for outbox delivery'));
  await boss.work('outbox-deliver', { pollingIntervalSeconds: 1 }, async () => {
    await jobStarted(db, 'outbox-deliver', new Date());
    let report: DeliveryReport;
    try {
      report = await deliverDue(db, transport, { maxAttempts: config.messages.maxAttempts, claimSeconds: config.messages.claimSeconds });
    } catch (error) {
      await jobFinished(db, 'outbox-deliver', { ok: false, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    if (report.sent || report.failed || report.retrying) log.info({ outbox: report }, 'outbox delivered');
    await jobFinished(db, 'outbox-deliver', { ok: true, summary: report.sent || report.failed || report.retrying ? `${report.sent} sent, ${report.retrying} to try again, ${report.failed} failed` : 'Nothing waiting to be sent' });
    return report;
  });
  await boss.schedule('outbox-deliver', '* * * * *', {});
  await boss.work(DAILY_BACKUP_JOB, { pollingIntervalSeconds: 60 }, async () => {
    const result = await runDailyBackup(db, { ...config.backups, backupKey: config.backupKey });
    if (!result.ok) {
      log.error({ backup: { error: result.error } }, 'daily backup failed');
      // Failed: pg-boss tries again later (the queue's retries); the failure is already recorded.
      throw new Error(result.error);
    }
    log.info({ backup: { file: result.fileName, bytes: result.bytes, rows: result.rows, auditEntries: result.auditEntries, deletedFiles: result.deletedFiles } }, 'daily backup made and verified');
    return { file: result.fileName };
  });
  await boss.schedule(DAILY_BACKUP_JOB, config.backups.schedule, {}, { tz: 'Europe/London' });
  await boss.work(UPKEEP_JOB, { pollingIntervalSeconds: 60 }, async () => {
    await runUpkeep(db);
    log.info({}, 'database upkeep done');
  });
  await boss.schedule(UPKEEP_JOB, '30 3 * * *', {}, { tz: 'Europe/London' });
  await boss.work(STATUTORY_FIGURES_JOB, { pollingIntervalSeconds: 30 }, async () => {
    await jobStarted(db, STATUTORY_FIGURES_JOB, new Date());
    try {
      const done = await workOutAskedFigures(db, { laCode: config.statutory.laCode });
      const summary = done.ascof || done.quality ? `Worked out ${done.ascof} ASCOF ${done.ascof === 1 ? 'period' : 'periods'} and ${done.quality} data-quality ${done.quality === 1 ? 'period' : 'periods'}` : 'Every figure asked for is up to date';
      await jobFinished(db, STATUTORY_FIGURES_JOB, { ok: true, summary });
      if (done.ascof || done.quality) log.info({ statutoryFigures: done }, 'statutory figures worked out');
      return done;
    } catch (error) {
      await jobFinished(db, STATUTORY_FIGURES_JOB, { ok: false, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  });
  await boss.schedule(STATUTORY_FIGURES_JOB, STATUTORY_FIGURES_SCHEDULE, {}, { tz: 'Europe/London' });
  await boss.work(REMINDERS_JOB, { pollingIntervalSeconds: 60 }, async () => {
    await jobStarted(db, REMINDERS_JOB, new Date());
    try {
      const sent = await sendReminders(db, londonToday(), { publicUrl: config.publicUrl, checkPolicy: config.checkPolicy });
      await jobFinished(db, REMINDERS_JOB, { ok: true, summary: `${sent.messages} ${sent.messages === 1 ? 'message' : 'messages'}: ${sent.reviews} reviews coming up, ${sent.audits} annual checks due, ${sent.checks} personal assistants' checks running out` });
      if (sent.messages) {
        log.info({ reminders: sent }, 'reminders queued');
        void ask();
      }
      return sent;
    } catch (error) {
      await jobFinished(db, REMINDERS_JOB, { ok: false, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  });
  await boss.schedule(REMINDERS_JOB, REMINDERS_SCHEDULE, {}, { tz: 'Europe/London' });
  await ask();
  return {
    deliverSoon: () => void ask(),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
