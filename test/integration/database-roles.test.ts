import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleForPostgres, type DatabaseHandle } from '../../src/db/client.js';
import { migrateForService, serviceRoleProblem } from '../../src/db/roles.js';
import { seedDemo } from '../../src/db/seed/demo.js';
import { verifyAuditTrail } from '../../src/features/audit/audit-trail.js';
import { databaseUrl, testingPostgres } from '../helpers/database.js';
import { PRODUCTION_MESSAGES } from '../helpers/production-env.js';
import { loadConfig } from '../../src/config.js';
import { queueMessage } from '../../src/features/outbox/repository.js';
import { developmentTransport } from '../../src/features/outbox/transports.js';
import { startJobs } from '../../src/jobs/runner.js';

/**
 * PostgreSQL only (PGlite has one user): migrations run as the owner, the service as a role that
 * can read and write but cannot alter the audit table, its triggers, or change an entry.
 */
const base = testingPostgres();
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suffix = Math.random().toString(36).slice(2, 8);
const role = `selfdirect_service_${suffix}`;
const name = `selfdirect_roles_${suffix}`;

function asRole(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

describe.skipIf(!base)('the service role on PostgreSQL', () => {
  let ownerUrl: string;
  let serviceUrl: string;
  let service: DatabaseHandle;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'service-password'`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    ownerUrl = databaseUrl(base!, name);
    serviceUrl = asRole(ownerUrl, role, 'service-password');
    service = handleForPostgres(serviceUrl);
    await migrateForService({ databaseUrl: serviceUrl, migrationDatabaseUrl: ownerUrl }, service);
  });
  afterAll(async () => {
    await service?.close();
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('the service, migrated by the owner, does all its work: demo data, audit entries, the ledger', async () => {
    await seedDemo(service.db);
    expect(await verifyAuditTrail(service.db)).toMatchObject({ ok: true });
    expect(await serviceRoleProblem(service.db)).toBeNull();
    // The job queue, whose schema and queues the owner made: the service runs it and delivers the outbox.
    const queued = await queueMessage({ db: service.db }, { template: 'staff-invitation', to: 'someone@anytown.example', personalisation: { name: 'Someone' } });
    const errors: string[] = [];
    const jobs = await startJobs(service.db, loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { info: () => {}, error: (o, m) => errors.push(`${m} ${JSON.stringify(o)}`) }, developmentTransport());
    try {
      for (let i = 0; i < 100 && (await service.db.selectFrom('outbox_messages').select('status').where('id', '=', queued.id).executeTakeFirstOrThrow()).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await service.db.selectFrom('outbox_messages').select('status').where('id', '=', queued.id).executeTakeFirstOrThrow()).status).toBe('sent');
      expect(errors).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });

  it('cannot change, delete, truncate or drop the audit trail, nor switch its triggers off', async () => {
    const refused = [
      `UPDATE audit_events SET actor = 'someone else' WHERE seq = 1`,
      `DELETE FROM audit_events WHERE seq = 1`,
      `TRUNCATE audit_events`,
      `ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`,
      `DROP TRIGGER audit_events_append_only ON audit_events`,
      `DROP TABLE audit_events`,
      `ALTER TABLE audit_events DROP COLUMN hash`,
      `UPDATE ledger_entries SET amount_pence = 0`,
      `DELETE FROM kysely_migration`,
    ];
    for (const statement of refused) {
      await expect(sql.raw(statement).execute(service.db), statement).rejects.toThrow(/permission denied|must be owner/);
    }
  });

  it('the owner or a superuser as the service is named as the problem', async () => {
    const owner = handleForPostgres(ownerUrl);
    try {
      expect(await serviceRoleProblem(owner.db)).toMatch(/superuser|owns the audit table/);
    } finally {
      await owner.close();
    }
  });

  it.skipIf(!existsSync(path.join(projectRoot, 'dist/src/server.js')))('the compiled service will not start in production as a role that could undo the trail', () => {
    const env = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), BACKUP_KEY: 'b'.repeat(40), ...PRODUCTION_MESSAGES, DATABASE_URL: ownerUrl, PORT: String(20000 + Math.floor(Math.random() * 20000)), LOG_LEVEL: 'warn' };
    const refused = spawnSync(process.execPath, [path.join(projectRoot, 'dist/src/server.js')], { env, encoding: 'utf8', timeout: 60_000 });
    expect(refused.status, refused.stdout).toBe(1);
    expect(refused.stderr).toMatch(/will not start with NODE_ENV=production: the service connects as \w+, a superuser/);
    expect(refused.stderr).toContain('MIGRATION_DATABASE_URL');
  });
});
