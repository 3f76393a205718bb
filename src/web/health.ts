import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/client.js';
import { migrationProvider } from '../db/migrations/index.js';
import { BACKUP_ALERT_HOURS } from '../features/backups/presenters.js';
import { latestBackup, latestVerifiedBackup } from '../features/backups/repository.js';

/**
 * Liveness and readiness (issue 18). `/health` says the process is up and can reach its database:
 * what a load balancer or container platform restarts on. `/health/ready` says whether the
 * installation is fit for duty — database, every migration applied, the job runner running, a
 * backup made and checked within the last 26 hours — for monitoring to alert on. Neither says
 * anything about anyone's records.
 */
type Check = { name: string; ok: boolean; detail: string };

export function registerHealth(app: FastifyInstance, database: DatabaseHandle, jobsRunning: () => boolean) {
  app.get('/health', async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(database.db);
      return { status: 'ok', database: database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.kind });
    }
  });

  app.get('/health/ready', async (_request, reply) => {
    const checks = await readinessChecks(database, jobsRunning(), new Date());
    const ready = checks.every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}

export async function readinessChecks(database: DatabaseHandle, jobsRunning: boolean, now: Date): Promise<Check[]> {
  const checks: Check[] = [];
  let applied: { name: string; timestamp: string | Date }[];
  try {
    applied = (await sql<{ name: string; timestamp: string | Date }>`SELECT name, timestamp FROM kysely_migration ORDER BY name`.execute(database.db)).rows;
    checks.push({ name: 'database', ok: true, detail: database.kind });
  } catch {
    return [{ name: 'database', ok: false, detail: `${database.kind} cannot be reached` }];
  }
  const known = Object.keys(await migrationProvider.getMigrations());
  const missing = known.filter((m) => !applied.some((a) => a.name === m));
  checks.push({ name: 'migrations', ok: missing.length === 0, detail: missing.length ? `not applied: ${missing.join(', ')}` : `${known.length} applied` });
  checks.push({ name: 'jobs', ok: jobsRunning, detail: jobsRunning ? 'the job runner is running' : 'the job runner is not running' });
  const [latest, verified] = await Promise.all([latestBackup(database.db), latestVerifiedBackup(database.db)]);
  const installedAt = applied[0] ? new Date(applied[0].timestamp) : now;
  const hoursSince = (at: Date) => (now.getTime() - at.getTime()) / 3_600_000;
  if (latest?.status === 'failed') checks.push({ name: 'backup', ok: false, detail: `the last backup failed at ${latest.started_at.toISOString()}` });
  else if (verified) checks.push({ name: 'backup', ok: hoursSince(verified.started_at) <= BACKUP_ALERT_HOURS, detail: `last made and checked ${Math.floor(hoursSince(verified.started_at))} hours ago` });
  else checks.push({ name: 'backup', ok: hoursSince(installedAt) <= BACKUP_ALERT_HOURS, detail: 'none made yet' });
  return checks;
}
