import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/client.js';
import type { Database } from '../../src/db/schema.js';

/**
 * The `selfdirect` command in-process on its own embedded database: a data directory migrated
 * (and filled by `fill`), the environment pointing at it, and what the command prints captured.
 * Registers its own set-up and tear-down.
 */
export function useEmbeddedCli(env: Record<string, string> = {}, fill?: (db: Kysely<Database>) => Promise<void>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  beforeAll(async () => {
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    await fill?.(handle.db);
    await handle.close();
    Object.assign(process.env, { DATA_DIR: dataDir, NODE_ENV: 'test', ...env });
    delete process.env.DATABASE_URL;
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  }, 60_000);
  afterAll(() => {
    vi.restoreAllMocks();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir, out, err };
}
