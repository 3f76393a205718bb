import { isRunning } from '../processes.js';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import { TYPE_PARSERS, pgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

/** Type ids whose text form we keep or convert the same way on both drivers. */
const INT8 = 20;
const DATE = 1082;

/** bigint counts and sums come back as numbers; dates stay 'YYYY-MM-DD' (never shifted by a time zone). */
const parseInt8 = (value: string) => Number(value);
const keepDate = (value: string) => value;

export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** A description safe for logs: never the password. */
  description: string;
  close(): Promise<void>;
}

/**
 * PGlite has no server to share: two processes opening one data directory would corrupt it.
 * A lock file holding the owner's pid keeps a second process (a CLI command while the app runs) out.
 */
export class DataDirectoryInUseError extends Error {}

function lockDataDir(dataDir: string): () => void {
  const lockFile = path.resolve(dataDir, 'selfdirect.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new DataDirectoryInUseError(
          `The embedded database in ${path.resolve(dataDir)} is in use by another Selfdirect process (pid ${owner}). Stop it first, or use DATABASE_URL.`,
        );
      }
      rmSync(lockFile, { force: true }); // left behind by a process that has gone
    }
  }
  throw new DataDirectoryInUseError(`Could not lock ${lockFile}`);
}


export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pglite = new PGlite({
    // In memory without a directory. (PGlite reads a first argument that is not a path as the options.)
    ...(dataDir ? { dataDir: path.resolve(dataDir, 'pgdata') } : {}),
    parsers: TYPE_PARSERS,
    extensions: { pg_trgm },
  });
  await pglite.waitReady;
  return pglite;
}

export function handleForPglite(pglite: PGlite, description = 'embedded PGlite', unlock: () => void = () => {}): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    description,
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}

export function handleForPostgres(connectionString: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepDate;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (a restart, a failover, a dropped database) is discarded
  // by the pool and replaced on next use; without a listener its error would end the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(connectionString);
  return {
    db,
    kind: 'postgresql',
    description: `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`,
    async close() {
      await db.destroy();
    },
  };
}

/** DATABASE_URL when set; otherwise the embedded database in DATA_DIR. */
export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<DatabaseHandle> {
  if (options.databaseUrl) return handleForPostgres(options.databaseUrl);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Owner-only, whatever it was created with: PGlite gives its own files group and world bits, so
  // the directory is what keeps everyone else out (as PostgreSQL insists of its data directory).
  chmodSync(options.dataDir, 0o700);
  const unlock = lockDataDir(options.dataDir);
  try {
    const pglite = await openPglite(options.dataDir);
    return handleForPglite(pglite, `embedded PGlite in ${path.resolve(options.dataDir)}`, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
