import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/features/outbox/delivery.js';
import { developmentTransport } from '../../src/features/outbox/transports.js';
import { DEMO, type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { PRODUCTION_MESSAGES } from '../helpers/production-env.js';

/**
 * Issue 14, what to build 2, through the app: a staff invitation is written to the outbox with the
 * account, the runner is asked to deliver straight after the commit (and not when nothing was
 * queued, or the change failed), and /dev/outbox shows what was sent — never in production.
 */
let t: TestApp;
let asked = 0;
beforeAll(async () => {
  t = await testApp({ messagesQueued: () => asked++ });
});
afterAll(async () => t?.close());

describe('messages from the app', () => {
  it('an invitation is queued with the account, delivery asked for after the commit, and shown at /dev/outbox', async () => {
    const admin = new Visitor(t.app);
    await admin.signIn(DEMO.admin);
    await admin.get('/admin/users/new');
    const before = asked;
    const refused = await admin.post('/admin/users/new', { email: 'not an address', display_name: 'Nobody', role: 'analyst' });
    expect(refused.statusCode).toBe(400);
    expect(asked).toBe(before);
    const created = await admin.post('/admin/users/new', { email: 'ola.analyst@anytown.example', display_name: 'Ola Analyst', role: 'analyst' });
    expect(created.statusCode).toBe(303);
    expect(asked).toBe(before + 1);
    const message = await t.database.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', 'ola.analyst@anytown.example').executeTakeFirstOrThrow();
    expect(message).toMatchObject({ template: 'staff-invitation', status: 'pending', secret_fields: ['link'] });
    expect(message.personalisation.link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);

    await deliverDue(t.database.db, developmentTransport(), { maxAttempts: 3, claimSeconds: 120 });
    const outbox = html(await new Visitor(t.app).get('/dev/outbox'));
    expect(outbox('h1').text()).toBe('Messages sent (development)');
    const text = outbox('main').text().replace(/\s+/g, ' ');
    expect(text).toContain('staff-invitation to ola.analyst@anytown.example');
    expect(text).toContain(message.personalisation.link!);
  });

  it('/dev/outbox is never mounted in production', async () => {
    const production = await testApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'a'.repeat(40), AUDIT_KEYS: process.env.AUDIT_KEYS!, BACKUP_KEY: 'b'.repeat(40), ...PRODUCTION_MESSAGES } });
    try {
      expect((await production.app.inject({ method: 'GET', url: '/dev/outbox' })).statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });
});
