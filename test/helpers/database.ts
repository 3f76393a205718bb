import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { Migrator } from 'kysely';
import { type DatabaseHandle, handleForPglite, handleForPostgres, migrateToLatest, openPglite } from '../../src/db/client.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { seedDemo } from '../../src/db/seed/demo.js';

/**
 * Each test file gets its own database, migrated and filled with the demo data:
 * - PostgreSQL when TEST_DATABASE_URL is set: a new database copied from the template that the
 *   global set-up prepared (CREATE DATABASE … TEMPLATE), dropped afterwards;
 * - otherwise PGlite: one instance per worker is prepared once, and each test file gets a clone.
 */
export const TEMPLATE_DATABASE = 'selfdirect_test_template';

export function testingPostgres(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

let prepared: Promise<PGlite> | undefined;

async function preparedPglite(seed: boolean): Promise<PGlite> {
  const pglite = await openPglite(undefined);
  const handle = handleForPglite(pglite);
  await migrateToLatest(handle.db);
  if (seed) await seedDemo(handle.db);
  await handle.db.destroy();
  return pglite;
}

export interface TestDatabase extends DatabaseHandle {
  /** A connection string, for tests that run the CLI against this database. */
  url?: string;
}

/** Migrates an empty database up to and including one migration, to test the next on older data. */
async function migrateUpTo(handle: DatabaseHandle, name: string) {
  const { error } = await new Migrator({ db: handle.db, provider: migrationProvider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

export async function testDatabase(options: { empty?: boolean; upTo?: string } = {}): Promise<TestDatabase> {
  const base = testingPostgres();
  if (base) {
    const name = `selfdirect_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(options.empty || options.upTo ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
    } finally {
      await admin.end();
    }
    const url = databaseUrl(base, name);
    const handle = handleForPostgres(url);
    if (options.upTo) await migrateUpTo(handle, options.upTo);
    else if (options.empty) await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      async close() {
        await handle.close();
        const dropper = new pg.Client({ connectionString: base });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  if (options.upTo) {
    const handle = handleForPglite(await openPglite(undefined), 'test PGlite (older migrations)');
    await migrateUpTo(handle, options.upTo);
    return handle;
  }
  if (options.empty) {
    const pglite = await preparedPglite(false);
    return handleForPglite(pglite, 'test PGlite (empty)');
  }
  prepared ??= preparedPglite(true);
  const clone = (await (await prepared).clone()) as PGlite;
  return handleForPglite(clone, 'test PGlite');
}
