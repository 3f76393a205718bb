import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deliverDue, retryDelaySeconds } from '../../src/features/outbox/delivery.js';
import { queueMessage } from '../../src/features/outbox/repository.js';
import { developmentTransport, notifyTransport } from '../../src/features/outbox/transports.js';
import { startJobs } from '../../src/jobs/runner.js';
import { type NotifyStub, notifyStub } from '../helpers/notify-stub.js';
import { PRODUCTION_MESSAGES } from '../helpers/production-env.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

/** Issue 14, what to build 2: one outbox, written with the change, delivered by a job, retried, its status kept. */
let database: TestDatabase;
let stub: NotifyStub;
beforeAll(async () => {
  database = await testDatabase();
  stub = await notifyStub();
});
afterAll(async () => {
  await stub?.close();
  await database?.close();
});

const db = () => database.db;
const code = (to: string) => ({ template: 'sign-in-code' as const, to, personalisation: { code: '123456', minutes: '10' }, secret: ['code'], reference: null });
const notify = () => notifyTransport({ ...loadConfig({ NODE_ENV: 'test', MESSAGE_DELIVERY: 'notify', ...PRODUCTION_MESSAGES, NOTIFY_BASE_URL: stub.url }).messages });
const options = { maxAttempts: 3, claimSeconds: 120 };
const row = (id: string) => db().selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the outbox', () => {
  it('keeps a message only when the change that wrote it commits', async () => {
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await queueMessage({ db: trx }, code('rolled.back@example.com'));
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    expect(await db().selectFrom('outbox_messages').select('id').where('recipient', '=', 'rolled.back@example.com').execute()).toEqual([]);
    const queued = { count: 0 };
    const kept = await db().transaction().execute((trx) => queueMessage({ db: trx, queued }, code('kept@example.com')));
    expect(queued.count).toBe(1);
    expect(await row(kept.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('sends through GOV.UK Notify’s client: the template by id, the personalisation, our reference; the code removed once sent', async () => {
    stub.answer = 'accept';
    const before = stub.requests.length;
    const message = await queueMessage({ db: db() }, { ...code('peggy@example.com'), reference: 'sign-in' });
    const report = await deliverDue(db(), notify(), options);
    expect(report).toMatchObject({ sent: 2, failed: 0 }); // this and the one kept above
    const sent = stub.requests.slice(before).find((r) => r.body.email_address === 'peggy@example.com')!;
    expect(sent.path).toBe('/v2/notifications/email');
    expect(sent.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sent.body).toMatchObject({ template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a', personalisation: { code: '123456', minutes: '10' }, reference: 'sign-in' });
    const after = await row(message.id);
    expect(after).toMatchObject({ status: 'sent', attempts: 1 });
    expect(after.provider_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.personalisation).toEqual({ minutes: '10' });
  });

  it('tries again later when Notify fails, and gives up, keeping the reason, when it refuses or the attempts run out', async () => {
    stub.answer = 'fail';
    const message = await queueMessage({ db: db() }, code('retry@example.com'));
    const start = Date.now() + 1_000;
    let clock = start;
    const now = () => new Date(clock);
    expect(await deliverDue(db(), notify(), { ...options, now })).toMatchObject({ retrying: 1 });
    expect(await row(message.id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Notify 500: Exception: Internal server error' });
    // Not again before its time.
    expect(await deliverDue(db(), notify(), { ...options, now })).toMatchObject({ sent: 0, retrying: 0 });
    clock += retryDelaySeconds(1) * 1000;
    expect(await deliverDue(db(), notify(), { ...options, now })).toMatchObject({ retrying: 1 });
    clock += retryDelaySeconds(2) * 1000;
    expect(await deliverDue(db(), notify(), { ...options, now })).toMatchObject({ failed: 1 });
    const failed = await row(message.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.personalisation).toEqual({ minutes: '10' });

    stub.answer = 'refuse';
    const refused = await queueMessage({ db: db() }, code('not-an-address'));
    expect(await deliverDue(db(), notify(), { ...options, now })).toMatchObject({ failed: 1 });
    expect(await row(refused.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'Notify 400: BadRequestError: email_address Not a valid email address' });
    expect([retryDelaySeconds(1), retryDelaySeconds(2), retryDelaySeconds(20)]).toEqual([30, 60, 3600]);
  });

  it('a message left “sending” by a sender that died is sent again once its claim is stale, and only then', async () => {
    stub.answer = 'accept';
    const message = await queueMessage({ db: db() }, code('claimed@example.com'));
    await db().updateTable('outbox_messages').set({ status: 'sending', claimed_at: new Date(Date.now() - 60_000), attempts: 1 }).where('id', '=', message.id).execute();
    expect(await deliverDue(db(), developmentTransport(), options)).toMatchObject({ sent: 0 });
    expect(await deliverDue(db(), developmentTransport(), { ...options, claimSeconds: 30 })).toMatchObject({ sent: 1 });
    expect(await row(message.id)).toMatchObject({ status: 'sent', attempts: 2, personalisation: { code: '123456', minutes: '10' } });
  });

  it('two deliverers at once send each message once', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => queueMessage({ db: db() }, code(`many${i}@example.com`)).then((m) => m.id)));
    const sentBefore = stub.accepted();
    const [a, b] = await Promise.all([deliverDue(db(), notify(), options), deliverDue(db(), notify(), options)]);
    expect(a.sent + b.sent).toBe(12);
    expect(stub.accepted() - sentBefore).toBe(12);
    const rows = await db().selectFrom('outbox_messages').select(['status', 'attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('the job runner (pg-boss on the same database) delivers what is queued, when asked and at start-up', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const left = await queueMessage({ db: db() }, code('left.before.start@example.com'));
    const logged: string[] = [];
    const log = { info: (_o: object, m: string) => logged.push(m), error: (o: object, m: string) => logged.push(`${m} ${JSON.stringify(o)}`) };
    const jobs = await startJobs(db(), config, log, developmentTransport());
    try {
      const until = async (id: string) => {
        for (let i = 0; i < 100 && (await row(id)).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 100));
        return row(id);
      };
      expect(await until(left.id)).toMatchObject({ status: 'sent' });
      const asked = await queueMessage({ db: db() }, code('asked@example.com'));
      jobs.deliverSoon();
      expect(await until(asked.id)).toMatchObject({ status: 'sent' });
      const runs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'outbox-deliver'`.execute(db());
      expect(runs.rows[0]!.n).toBeGreaterThan(0);
      expect(logged.filter((l) => l.startsWith('job queue error'))).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });
});
