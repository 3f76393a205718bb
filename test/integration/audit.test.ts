import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands.js';
import { openDatabase } from '../../src/db/client.js';
import type { Database } from '../../src/db/schema.js';
import { backupDatabase } from '../../src/db/backup.js';
import { entryHash, unkeyedEntryHash } from '../../src/domain/audit/chain.js';
import { appendAnchor, readAnchors } from '../../src/features/audit/anchors.js';
import { auditActor, auditAnchor, recordAudit, verifyAuditTrail } from '../../src/features/audit/audit-trail.js';
import type { StaffActor as Actor } from '../../src/policies/index.js';
import { type TestDatabase, testDatabase, testingPostgres } from '../helpers/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database?.close());

/** Changes the trail behind the trigger's back, as someone with the database owner's access could. */
async function tamper(db: Kysely<Database>, statements: string[]) {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`.execute(trx);
    for (const statement of statements) await sql.raw(statement).execute(trx);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`.execute(trx);
  });
}

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

describe(`audit trail on ${testingPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('verifies on demo data', async () => {
    const result = await verifyAuditTrail(database.db);
    expect(result.ok).toBe(true);
    expect(result.entries).toBeGreaterThan(20);
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await expect(sql`UPDATE audit_events SET actor = 'someone else' WHERE seq = 1`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE seq = 1`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('keeps one unbroken chain when many changes happen at once', async () => {
    const manager = await database.db.selectFrom('staff_users').select(['id', 'email']).where('email', '=', 'manager@anytown.example').executeTakeFirstOrThrow();
    const team = await database.db.selectFrom('teams').select('id').where('name', '=', 'North Locality Team').executeTakeFirstOrThrow();
    const actor: Actor = { id: manager.id, email: manager.email, displayName: 'Morgan', role: 'team-manager', teamIds: [team.id], kind: 'staff' };
    const ids = (await database.db.selectFrom('people').select('id').where('team_id', '=', team.id).execute()).map((p) => p.id);
    // Each a request's transaction: the person read, its view audited, all at once.
    const view = (id: string, action: string) =>
      database.db.transaction().execute(async (trx) => {
        await trx.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action, subjectType: 'person', subjectId: id, personId: id });
      });
    await Promise.all(ids.flatMap((id) => [view(id, 'person.viewed'), view(id, 'person.viewed'), view(id, 'person.history-viewed')]));
    expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: true });
  });

  it('names the first altered, removed or reordered entry', async () => {
    // Each tampering on a database of its own, so no other test reads a broken chain.
    const altered = await testDatabase();
    const db = altered.db;
    const [{ n }] = (await sql<{ n: number }>`SELECT max(seq) AS n FROM audit_events`.execute(db)).rows as [{ n: number }];
    try {
      await db.transaction().execute(async (trx) => {
        await recordAudit(trx, { id: null, label: 'test' }, { action: 'test.marker', subjectType: 'test', subjectId: 'x' });
      });
      await tamper(db, [`UPDATE audit_events SET after = '{"phone":"07700 900000"}' WHERE seq = 5`]);
      expect(await verifyAuditTrail(db, { pageSize: 3 })).toMatchObject({ ok: false, seq: 5, problem: expect.stringContaining('altered') });
    } finally {
      await altered.close();
    }

    const fresh = await testDatabase();
    try {
      await tamper(fresh.db, ['DELETE FROM audit_events WHERE seq = 7']);
      expect(await verifyAuditTrail(fresh.db)).toMatchObject({ ok: false, seq: 8 });
    } finally {
      await fresh.close();
    }

    const reordered = await testDatabase();
    try {
      await tamper(reordered.db, [
        'UPDATE audit_events SET seq = -1 WHERE seq = 10',
        'UPDATE audit_events SET seq = 10 WHERE seq = 11',
        'UPDATE audit_events SET seq = 11 WHERE seq = -1',
      ]);
      expect(await verifyAuditTrail(reordered.db)).toMatchObject({ ok: false, seq: 10 });
    } finally {
      await reordered.close();
    }
    expect(n).toBeGreaterThan(11);
  });

  it('`selfdirect audit verify` passes, then fails naming the entry after one is altered', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const base = testingPostgres();
      if (base) {
        const target = await testDatabase();
        try {
          await withEnv({ DATABASE_URL: target.url, NODE_ENV: 'test' }, async () => {
            expect(await run(['audit', 'verify'])).toBe(0);
            await tamper(target.db, [`UPDATE audit_events SET actor = 'someone else' WHERE seq = 3`]);
            expect(await run(['audit', 'verify'])).toBe(1);
          });
        } finally {
          await target.close();
        }
      } else {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-audit-'));
        try {
          await withEnv({ DATA_DIR: dataDir, DATABASE_URL: undefined, NODE_ENV: 'test' }, async () => {
            expect(await run(['seed-demo'])).toBe(0);
            expect(await run(['audit', 'verify'])).toBe(0);
            const handle = await openDatabase({ dataDir });
            await tamper(handle.db, [`UPDATE audit_events SET actor = 'someone else' WHERE seq = 3`]);
            await handle.close();
            expect(await run(['audit', 'verify'])).toBe(1);
          });
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
      expect(stdout.mock.calls.map((c) => String(c[0])).join('')).toMatch(/The audit trail is whole: \d+ entries checked/);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('The audit trail is broken at entry 3: its content does not match its keyed hash');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it('a rewrite that recomputes every hash from the edited entry on is found: the key is not in the database', async () => {
    const forged = await testDatabase();
    try {
      const rows = await forged.db.selectFrom('audit_events').selectAll().where('seq', '>=', 5).orderBy('seq').execute();
      let prev = (await forged.db.selectFrom('audit_events').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow()).hash;
      const statements: string[] = [];
      for (const row of rows) {
        const content = {
          seq: row.seq, occurredAt: row.occurred_at.toISOString(), actorId: row.actor_id, actor: row.seq === 5 ? 'someone else' : row.actor,
          action: row.action, subjectType: row.subject_type, subjectId: row.subject_id, personId: row.person_id,
          before: row.before ?? null, after: row.after ?? null, reason: row.reason,
        };
        // With the project's own function and the key id left in place, as the attacker did.
        const hash = entryHash(prev, content, { id: row.key_id!, secret: Buffer.from('not-the-key-'.repeat(4)) });
        statements.push(`UPDATE audit_events SET actor = '${content.actor}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${row.seq}`);
        prev = hash;
      }
      // Hashes are unique: move them out of the way first.
      await tamper(forged.db, [`UPDATE audit_events SET hash = 'x' || seq WHERE seq >= 5`, ...statements]);
      expect(await verifyAuditTrail(forged.db)).toMatchObject({ ok: false, seq: 5, problem: expect.stringContaining('without the audit key') });
      // And relabelled as entries from before keying: refused as well.
      let unkeyedPrev = (await forged.db.selectFrom('audit_events').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow()).hash;
      const relabel: string[] = [];
      for (const row of await forged.db.selectFrom('audit_events').selectAll().where('seq', '>=', 5).orderBy('seq').execute()) {
        const content = {
          seq: row.seq, occurredAt: row.occurred_at.toISOString(), actorId: row.actor_id, actor: row.actor, action: row.action,
          subjectType: row.subject_type, subjectId: row.subject_id, personId: row.person_id, before: row.before ?? null, after: row.after ?? null, reason: row.reason,
        };
        const hash = unkeyedEntryHash(unkeyedPrev, content);
        relabel.push(`UPDATE audit_events SET key_id = NULL, prev_hash = '${unkeyedPrev}', hash = '${hash}' WHERE seq = ${row.seq}`);
        unkeyedPrev = hash;
      }
      await tamper(forged.db, [`UPDATE audit_events SET hash = 'y' || seq WHERE seq >= 5`, ...relabel]);
      expect(await verifyAuditTrail(forged.db)).toMatchObject({ ok: false, seq: 5, problem: expect.stringContaining('carries no key') });
    } finally {
      await forged.close();
    }
  });

  it('cutting entries off the end is found against an anchor kept elsewhere: a file, a log line or a backup', async () => {
    const cut = await testDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-anchor-'));
    try {
      for (let i = 0; i < 60; i++) {
        await cut.db.transaction().execute((trx) => recordAudit(trx, { id: null, label: 'test' }, { action: 'test.marker', subjectType: 'test', subjectId: String(i) }));
      }
      const anchor = await auditAnchor(cut.db);
      const anchorFile = path.join(dir, 'anchors.jsonl');
      await appendAnchor(anchorFile, anchor);
      const logFile = path.join(dir, 'selfdirect.log');
      writeFileSync(logFile, `{"level":30,"msg":"started"}\n${JSON.stringify({ level: 30, auditAnchor: anchor, msg: 'audit anchor' })}\n`);
      const backup = path.join(dir, 'before.backup');
      await backupDatabase(cut.db, backup, { backupKey: 'b'.repeat(40) });
      expect(await verifyAuditTrail(cut.db, { anchors: await readAnchors(anchorFile) })).toMatchObject({ ok: true });

      await tamper(cut.db, [`DELETE FROM audit_events WHERE seq > ${anchor.entries - 50}`]);
      // Without an anchor the shorter chain is whole; against each kind of anchor it is not.
      expect(await verifyAuditTrail(cut.db)).toMatchObject({ ok: true });
      for (const anchors of [await readAnchors(anchorFile), await readAnchors(logFile), await readAnchors(backup, { backupKey: 'b'.repeat(40) })]) {
        expect(await verifyAuditTrail(cut.db, { anchors })).toMatchObject({ ok: false, problem: expect.stringContaining('cut short') });
      }
    } finally {
      await cut.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`selfdirect audit anchor` and `audit verify --anchor` on the command line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-anchor-cli-'));
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const target = await testDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-anchor-data-'));
    try {
      const env = testingPostgres() ? { DATABASE_URL: target.url, NODE_ENV: 'test' } : { DATA_DIR: dataDir, DATABASE_URL: undefined, NODE_ENV: 'test' };
      await withEnv(env, async () => {
        if (!testingPostgres()) expect(await run(['seed-demo'])).toBe(0);
        const anchors = path.join(dir, 'anchors.jsonl');
        expect(await run(['audit', 'anchor', '--append', anchors])).toBe(0);
        expect(await run(['audit', 'verify', '--anchor', anchors])).toBe(0);
        expect(stdout.mock.calls.map((c) => String(c[0])).join('')).toMatch(/agrees with 1 anchor/);
        const handle = testingPostgres() ? target : await openDatabase({ dataDir });
        const last = await handle.db.selectFrom('audit_events').select(({ fn }) => fn.max('seq').as('n')).executeTakeFirstOrThrow();
        await tamper(handle.db, [`DELETE FROM audit_events WHERE seq = ${last.n}`]);
        if (!testingPostgres()) await handle.close();
        expect(await run(['audit', 'verify', '--anchor', anchors])).toBe(1);
        expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/cut short/);
        await expect(run(['audit', 'verify', '--anchor', path.join(dir, 'missing')])).rejects.toThrow(/no such file/);
      });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names an entry signed with a key that is not configured', async () => {
    const result = await verifyAuditTrail(database.db, { keys: new Map([['other', Buffer.from('o'.repeat(40))]]) });
    expect(result).toMatchObject({ ok: false, problem: expect.stringContaining("audit key 'test-1'") });
  });
});
