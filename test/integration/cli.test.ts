import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { openInvitation } from '../../src/features/auth/invitations.js';
import { projectRoot } from '../../src/root.js';
import { testingPostgres } from '../helpers/database.js';
import { PRODUCTION_MESSAGES } from '../helpers/production-env.js';

/** The CLI on the embedded database, in-process (so it tests the source), plus the compiled entry points. */
let dataDir: string;
const out: string[] = [];
const err: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-cli-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  // Every command test below starts from a data directory with the demo data loaded.
  await withEnv(embedded(), async () => {
    await run(['migrate']);
    await run(['seed-demo']);
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}

const embedded = (extra: Record<string, string | undefined> = {}) => ({ DATA_DIR: dataDir, DATABASE_URL: undefined, NODE_ENV: 'test', ...extra });

describe('configuration', () => {
  it('fails fast, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required when NODE_ENV=production/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_KEYS: is required when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/BACKUP_KEY: is required when NODE_ENV=production/);
    expect(() => loadConfig({ AUDIT_KEYS: 'k1=short' })).toThrow(/AUDIT_KEYS: the secret of key 'k1' must be at least 32 characters/);
    expect(() => loadConfig({ AUDIT_KEYS: `=${'s'.repeat(40)}` })).toThrow(/AUDIT_KEYS: key 1 needs an id/);
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@db/selfdirect' })).toThrow(/MIGRATION_DATABASE_URL: needs DATABASE_URL too/);
    const production = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), AUDIT_KEYS: `2026=${'s'.repeat(40)}`, BACKUP_KEY: 'b'.repeat(40), ...PRODUCTION_MESSAGES });
    expect(production).toMatchObject({ allowDemoData: false, secureCookies: true });
    expect(loadConfig({})).toMatchObject({ port: 3000, dataDir: './data', allowDemoData: true, secureCookies: false });
  });
});

describe('selfdirect command (embedded database)', () => {
  it('migrates, loads demo data once, and refuses demo data in production', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'selfdirect-cli-'));
    out.length = 0;
    await withEnv(embedded({ DATA_DIR: own }), async () => {
      expect(await run(['migrate'])).toBe(0);
      expect(await run(['seed-demo'])).toBe(0);
      expect(await run(['seed-demo'])).toBe(0);
    });
    rmSync(own, { recursive: true, force: true });
    expect(out.join('')).toContain('Loaded Anytown Council demo data.');
    expect(out.join('')).toContain('already has staff accounts');
    await withEnv(embedded({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), BACKUP_KEY: 'b'.repeat(40), ...PRODUCTION_MESSAGES }), async () => {
      await expect(run(['seed-demo'])).rejects.toThrow('Demo data cannot be loaded when NODE_ENV=production');
    });
  });

  it('creates a user with an invitation link, never a password, refusing bad or duplicate emails', async () => {
    out.length = 0;
    await withEnv(embedded({ PUBLIC_URL: 'https://selfdirect.anytown.example' }), async () => {
      const args = ['create-user', '--email', 'Ada@Council.example', '--name', 'Ada Lovelace', '--role', 'team-manager', '--team', 'Reablement Team'];
      await expect(run(['create-user', '--email', 'x', '--name', 'X', '--role', 'analyst'])).rejects.toThrow(/--email must be an email address/);
      await expect(run(['create-user', '--email', 'x@y.example', '--name', 'X', '--role', 'boss'])).rejects.toThrow(/--role must be one of/);
      expect(await run(args)).toBe(0);
      await expect(run(args)).rejects.toThrow('There is already an account for ada@council.example');
    });
    const link = /https:\/\/selfdirect\.anytown\.example\/invitations\/([A-Za-z0-9_-]{43})/.exec(out.join(''));
    expect(link, out.join('')).not.toBeNull();
    const handle = await openDatabase({ dataDir });
    const user = await handle.db
      .selectFrom('staff_users')
      .innerJoin('staff_user_teams', 'staff_user_teams.user_id', 'staff_users.id')
      .innerJoin('teams', 'teams.id', 'staff_user_teams.team_id')
      .select(['staff_users.role', 'teams.name', 'staff_users.password_hash'])
      .where('email', '=', 'ada@council.example')
      .executeTakeFirstOrThrow();
    expect(await openInvitation(handle.db, link![1]!)).toMatchObject({ email: 'ada@council.example' });
    await handle.close();
    expect(user).toMatchObject({ role: 'team-manager', name: 'Reablement Team', password_hash: null });
  });

  it('backs up and restores between data directories, refusing a second restore', async () => {
    const file = path.join(dataDir, 'cli.backup.gz');
    const restored = mkdtempSync(path.join(tmpdir(), 'selfdirect-restored-'));
    try {
      await withEnv(embedded(), async () => expect(await run(['backup', file])).toBe(0));
      expect(statSync(file).mode & 0o077, 'a backup is readable by its owner only').toBe(0);
      await withEnv(embedded({ DATA_DIR: restored }), async () => {
        expect(await run(['restore', file])).toBe(0);
        await expect(run(['restore', file])).rejects.toThrow(/Restore needs an empty database/);
        expect(await run(['audit', 'verify'])).toBe(0);
      });
      expect(out.join('')).toMatch(/Backed up (\d+) rows from 53 tables/);
      const [, rows] = /Backed up (\d+) rows/.exec(out.join(''))!;
      expect(out.join('')).toContain(`Restored ${rows} rows`);
    } finally {
      rmSync(restored, { recursive: true, force: true });
    }
  });

  it('manages schemes: list, import a draft, refuse a bad one, publish once, export the exact text', async () => {
    const adults = readFileSync(path.join(projectRoot, 'src/db/seed/schemes/anytown-adults.ras.json'), 'utf8');
    const next = path.join(dataDir, 'next.ras.json');
    writeFileSync(next, `${adults.replace('"version": "2026.1"', '"version": "2027.1"').trim()}\n`);
    const bad = path.join(dataDir, 'bad.ras.json');
    writeFileSync(bad, adults.replace('"kind": "adult"', '"kind": "child"'));
    const exported = path.join(dataDir, 'exported.json');
    await withEnv(embedded(), async () => {
      expect(await run(['ras', 'list'])).toBe(0);
      expect(await run(['ras', 'import', bad])).toBe(1);
      expect(await run(['ras', 'import', next])).toBe(0);
      expect(await run(['ras', 'publish', 'anytown-adults', '2027.1'])).toBe(0);
      await expect(run(['ras', 'publish', 'anytown-adults', '2027.1'])).rejects.toThrow('anytown-adults 2027.1 is already published');
      expect(await run(['ras', 'import', next])).toBe(1);
      await expect(run(['ras', 'export', 'anytown-adults', '9.9'])).rejects.toThrow('There is no scheme anytown-adults version 9.9');
      expect(await run(['ras', 'export', 'anytown-adults', '2027.1', '--out', exported])).toBe(0);
    });
    expect(out.join('')).toMatch(/anytown-adults\t2026\.1\tadult\tin force from 2026-04-01\tpublished/);
    expect(out.join('')).toContain('Imported anytown-adults 2027.1 as a draft');
    expect(err.join('')).toContain('$.kind: must be "adult" or "carer"');
    expect(err.join('')).toContain('anytown-adults version 2027.1 is published and never changes');
    expect(readFileSync(exported, 'utf8')).toBe(readFileSync(next, 'utf8'));
  });

  it('exports the directory and imports it again without change; a bad file changes nothing', async () => {
    const file = path.join(dataDir, 'directory.csv');
    const bad = path.join(dataDir, 'bad-directory.csv');
    await withEnv(embedded(), async () => {
      expect(await run(['directory', 'export', file])).toBe(0);
      expect(await run(['directory', 'import', file])).toBe(0);
      writeFileSync(bad, readFileSync(file, 'utf8').replace(',personal-assistant,', ',robot,'));
      expect(await run(['directory', 'import', bad])).toBe(1);
    });
    expect(out.join('')).toMatch(/Imported .*directory\.csv: 0 added, 0 changed, 8 unchanged\./);
    expect(err.join('')).toMatch(/line 2, column kind: Select what kind of entry this is/);
  });

  it('says which command is unknown', async () => {
    await expect(run(['frobnicate'])).rejects.toThrow("Unknown command 'frobnicate'");
    expect(await run(['--help'])).toBe(0);
  });
});

const compiled = existsSync(path.join(projectRoot, 'dist/src/cli/main.js'));

// Why these can skip: they run the compiled JavaScript that `npm install` builds, so they skip
// where it has not been built; and they start their own embedded database, so they run on the
// PGlite pass only (the PostgreSQL pass would repeat them exactly).

describe.skipIf(!compiled || Boolean(testingPostgres()))('compiled entry points (built by npm install)', () => {
  it('`selfdirect --help` lists the commands', () => {
    const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin/selfdirect.js'), '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const command of ['migrate', 'seed-demo', 'create-user', 'audit verify', 'backup FILE', 'restore FILE']) expect(result.stdout).toContain(command);
  });

  it('the server starts on a fresh data directory, loads demo data, prints the sign-ins and answers /health; a second copy is refused', { timeout: 120_000 }, async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'selfdirect-start-'));
    chmodSync(fresh, 0o755); // as a council's own directory might be: the service makes it owner-only
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const env = { ...process.env, DATA_DIR: fresh, PORT: port, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: '' };
    const server = spawn(process.execPath, [path.join(projectRoot, 'dist/src/server.js')], { env });
    let output = '';
    server.stdout.on('data', (d) => (output += String(d)));
    server.stderr.on('data', (d) => (output += String(d)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 100_000);
        server.stdout.on('data', () => {
          if (output.includes('demo-password-1') && output.includes('worker.south@anytown.example')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(output).toContain('Loaded Anytown Council demo data.');
      expect(output).toContain('worker@anytown.example');
      // The data directory is owner-only, so no one else can reach the database files inside it.
      expect(statSync(fresh).mode & 0o077, fresh).toBe(0);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
      const second = spawnSync(process.execPath, [path.join(projectRoot, 'bin/selfdirect.js'), 'migrate'], { env, encoding: 'utf8' });
      expect(second.status).toBe(2);
      expect(second.stderr).toMatch(/is in use by another Selfdirect process/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    try {
      // The same data in production: refused while the demo accounts (published password) are there,
      // started once they are retired.
      const production = { ...env, NODE_ENV: 'production', SESSION_SECRET: 'p'.repeat(40), BACKUP_KEY: 'b'.repeat(40), ...PRODUCTION_MESSAGES };
      const refused = spawnSync(process.execPath, [path.join(projectRoot, 'dist/src/server.js')], { env: production, encoding: 'utf8', timeout: 60_000 });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('npx selfdirect retire-demo-accounts');
      const retired = spawnSync(process.execPath, [path.join(projectRoot, 'bin/selfdirect.js'), 'retire-demo-accounts'], { env: production, encoding: 'utf8', timeout: 60_000 });
      expect(retired.stdout, retired.stderr).toMatch(/Retired 7 demo accounts/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
