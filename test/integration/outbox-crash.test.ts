import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../src/db/client.js';
import { queueMessage } from '../../src/features/outbox/repository.js';
import { projectRoot } from '../../src/root.js';
import { testDatabase, testingPostgres } from '../helpers/database.js';
import { notifyStub } from '../helpers/notify-stub.js';
import { PRODUCTION_MESSAGES } from '../helpers/production-env.js';

/**
 * Issue 14's acceptance: the outbox survives a crash between commit and delivery. The compiled
 * server is killed (SIGKILL) while GOV.UK Notify (a stand-in run here) is still answering its
 * request; started again, it sends the message once more, and Notify accepts it once. On the
 * embedded database and on PostgreSQL. Runs the JavaScript that `npm install` builds.
 */
const compiled = existsSync(path.join(projectRoot, 'dist/src/server.js'));
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/src/server.js')], { env });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  return { child, output: () => output };
}
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.skipIf(!compiled)('the outbox through a crash', () => {
  it('a message whose sender is killed mid-delivery is delivered once after a restart', { timeout: 240_000 }, async () => {
    const stub = await notifyStub('hang');
    cleanup.push(() => stub.close());
    const to = 'crash.test@example.com';
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(20000 + Math.floor(Math.random() * 20000)), MESSAGE_DELIVERY: 'notify', ...PRODUCTION_MESSAGES, NOTIFY_BASE_URL: stub.url, OUTBOX_CLAIM_SECONDS: '5', DATABASE_URL: '' };
    // The database, with a message committed and not yet sent.
    let open: () => Promise<DatabaseHandle>;
    if (testingPostgres()) {
      const database = await testDatabase();
      cleanup.push(() => database.close());
      env.DATABASE_URL = database.url;
      open = async () => ({ ...database, close: async () => {} });
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'selfdirect-outbox-crash-'));
      cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
      env.DATA_DIR = dataDir;
      open = () => openDatabase({ dataDir });
    }
    const first = await open();
    await migrateToLatest(first.db);
    const queued = await first.db.transaction().execute((trx) => queueMessage({ db: trx }, { template: 'staff-invitation', to, personalisation: { name: 'Crash Test', council: 'Anytown Council', link: 'https://example.com/invitations/x', expires: 'soon' }, secret: ['link'] }));
    await first.close();

    const one = start(env);
    cleanup.push(() => void one.child.kill('SIGKILL'));
    await until(`the first attempt to reach Notify: ${one.output()}`, () => stub.requests.some((r) => r.body.email_address === to));
    one.child.kill('SIGKILL');
    await exited(one.child);

    const between = await open();
    expect(await between.db.selectFrom('outbox_messages').select(['status', 'attempts']).where('id', '=', queued.id).executeTakeFirstOrThrow()).toEqual({ status: 'sending', attempts: 1 });
    await between.close();

    // Notify answers now; the claim the dead process made goes stale, and the restarted server sends it.
    stub.answer = 'accept';
    await new Promise((r) => setTimeout(r, 5_500));
    const two = start(env);
    cleanup.push(() => void two.child.kill('SIGKILL'));
    await until(`delivery after the restart: ${two.output()}`, () => stub.accepted() === 1);
    // A little longer: nothing else is sent for it.
    await new Promise((r) => setTimeout(r, 2_000));
    two.child.kill('SIGTERM');
    await exited(two.child);

    expect(stub.accepted()).toBe(1);
    expect(stub.requests.filter((r) => r.body.email_address === to)).toHaveLength(2);
    const after = await open();
    const row = await after.db.selectFrom('outbox_messages').select(['status', 'attempts', 'personalisation']).where('id', '=', queued.id).executeTakeFirstOrThrow();
    await after.close();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row.personalisation).not.toHaveProperty('link');
  });
});
