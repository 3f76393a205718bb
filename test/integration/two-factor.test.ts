import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';
import { codeAt } from '../../src/features/auth/two-factor.js';
import { DEMO_PASSWORD } from '../../src/features/auth/passwords.js';

/**
 * Issue 18: two-factor sign-in with an authenticator app (TOTP, RFC 6238) after a password,
 * required for administrators (the default) and offered to everyone; recovery codes; the same
 * throttle as passwords; an administrator's reset. Codes are made here from the secret as an app
 * would make them.
 */
let t: TestApp;
let make: ReturnType<typeof factories>;
let admin: { id: string; email: string };
let secret = '';
let codes: string[] = [];
/** When the app was set up: its code's 30 seconds are spent, whenever the next test runs. */
let setUpAt = new Date();

beforeAll(async () => {
  t = await testApp({ env: { TWO_FACTOR_REQUIRED_FOR: 'administrators' } });
  make = factories(t.database.db);
  admin = await make.staff('administrator');
});
afterAll(async () => t?.close());

const inThirty = (seconds: number) => new Date(Date.now() + seconds * 1000);
let address = 1;
const visitor = () => new Visitor(t.app, `10.95.0.${address++}`);

async function passwordFirst(email: string, v = visitor()) {
  await v.get('/sign-in');
  const response = await v.post('/sign-in', { email, password: FACTORY_PASSWORD });
  expect(response.statusCode).toBe(303);
  const to = String(response.headers.location);
  await v.get(to); // as a browser follows the redirect (and gets the form's token)
  return { v, to };
}

describe('two-factor sign-in for administrators', () => {
  it('asks an administrator without an app to set one up before anything else, then shows recovery codes once', async () => {
    const { v, to } = await passwordFirst(admin.email);
    expect(to).toBe('/sign-in/set-up-app');
    // Not signed in yet: every other page sends them back to sign in.
    expect((await v.get('/')).headers.location).toBe('/sign-in');
    expect((await v.get('/admin/users')).headers.location).toBe('/sign-in');
    const page = html(await v.get('/sign-in/set-up-app'));
    expect(page('h1').text()).toBe('Set up an authenticator app');
    expect(page('svg[role="img"]').attr('aria-label')).toContain('QR code');
    secret = page('code.app-key').text().replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const wrong = await v.post('/sign-in/set-up-app', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(html(wrong)('.govuk-error-summary').text()).toContain('The code is not right');
    const empty = await v.post('/sign-in/set-up-app', { code: '' });
    expect(html(empty)('.govuk-error-summary').text()).toContain('Enter the code from your authenticator app');

    setUpAt = new Date();
    const done = await v.post('/sign-in/set-up-app', { code: codeAt(secret, setUpAt) });
    expect(done.statusCode).toBe(200);
    expect(done.headers['cache-control']).toContain('no-store');
    codes = html(done)('.app-recovery-codes code').map((_, c) => html(done)(c).text()).get();
    expect(codes).toHaveLength(10);
    expect(codes[0]).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await v.get('/')).statusCode).toBe(200);
    const kept = await t.database.db.selectFrom('staff_recovery_codes').select('code_hash').where('user_id', '=', admin.id).execute();
    expect(kept.map((k) => k.code_hash)).not.toContain(codes[0]);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', admin.id).execute();
    expect(audit.map((a) => a.action)).toContain('staff-user.two-factor-set-up');
  });

  it('asks for a code after the password next time, never accepting the same code twice', async () => {
    // The code just used to set up (this 30 seconds) is spent.
    const first = await passwordFirst(admin.email);
    expect(first.to).toBe('/sign-in/code');
    expect((await first.v.get('/')).headers.location).toBe('/sign-in');
    expect(html(await first.v.get('/sign-in/code'))('label').text()).toContain('Enter the code from your authenticator app');
    expect((await first.v.post('/sign-in/code', { code: codeAt(secret, setUpAt) })).statusCode).toBe(401);
    // The next 30 seconds' code (phones' clocks drift by a step) is accepted, once. Counted from the
    // set-up, not from now: a step may have begun since, and its code would be new.
    const next = codeAt(secret, new Date(setUpAt.getTime() + 30_000));
    const accepted = await first.v.post('/sign-in/code', { code: next });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/');
    expect((await first.v.get('/')).statusCode).toBe(200);
    const second = await passwordFirst(admin.email);
    const replayed = await second.v.post('/sign-in/code', { code: next });
    expect(replayed.statusCode).toBe(401);
    expect(html(replayed)('.govuk-error-message').text()).toContain('The code is not right');
  });

  it('accepts each recovery code once instead of a code, saying how many are left', async () => {
    const { v } = await passwordFirst(admin.email);
    const used = await v.post('/sign-in/code', { code: codes[0]!.toUpperCase().replace('-', ' ') });
    expect(used.statusCode).toBe(303);
    expect(html(await v.get('/'))('.govuk-notification-banner').text()).toContain('You have 9 left');
    const again = await passwordFirst(admin.email);
    expect((await again.v.post('/sign-in/code', { code: codes[0]! })).statusCode).toBe(401);
  });

  it('pauses after too many wrong codes, even for the right one, as it does for passwords', async () => {
    const { v } = await passwordFirst(admin.email, new Visitor(t.app, '10.95.9.9'));
    for (let i = 0; i < 5; i++) expect((await v.post('/sign-in/code', { code: String(100000 + i) })).statusCode).toBe(401);
    const paused = await v.post('/sign-in/code', { code: codes[1]! });
    expect(paused.statusCode).toBe(429);
    expect(html(paused)('.govuk-error-message').text()).toContain('Too many wrong codes');
    expect(paused.headers['retry-after']).toBeDefined();
  });

  it('sends the code back to sign in when it comes too late', async () => {
    const { v } = await passwordFirst(admin.email);
    await t.database.db.updateTable('staff_sessions').set({ created_at: new Date(Date.now() - 11 * 60_000) }).where('user_id', '=', admin.id).where('waiting_for', '=', 'code').execute();
    const late = await v.post('/sign-in/code', { code: codes[2]! });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in');
    expect((await v.get('/')).headers.location).toBe('/sign-in');
  });

  it('will not let an administrator turn it off, but another administrator can reset it for a lost phone', async () => {
    const { v } = await passwordFirst(admin.email);
    await v.post('/sign-in/code', { code: codes[3]! });
    const own = html(await v.get('/account/two-factor'));
    expect(own('main').text()).toContain('required for your role');
    expect(own('form[action="/account/two-factor/turn-off"]').length).toBe(0);
    expect((await v.post('/account/two-factor/turn-off', { code: codeAt(secret, inThirty(60)) })).headers.location).toBe('/account/two-factor');
    expect((await t.database.db.selectFrom('staff_users').select('totp_confirmed_at').where('id', '=', admin.id).executeTakeFirstOrThrow()).totp_confirmed_at).not.toBeNull();

    const other = await make.staff('administrator');
    await t.database.db.updateTable('staff_users').set({ totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totp_confirmed_at: new Date() }).where('id', '=', other.id).execute();
    const { v: otherV } = await passwordFirst(other.email);
    await otherV.post('/sign-in/code', { code: codeAt('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', new Date()) });
    const form = html(await otherV.get(`/admin/users/${admin.id}/edit`));
    expect(form('main').text()).toContain('An authenticator app was set up on');
    const reset = await otherV.post(`/admin/users/${admin.id}/two-factor/reset`, {});
    expect(reset.statusCode).toBe(303);
    // Signed out everywhere, and asked to set up an app again.
    expect((await v.get('/')).headers.location).toBe('/sign-in');
    expect((await passwordFirst(admin.email)).to).toBe('/sign-in/set-up-app');
    expect(await t.database.db.selectFrom('staff_recovery_codes').select('id').where('user_id', '=', admin.id).execute()).toEqual([]);
  });

  it('never asks it of a demo account (refused in production anyway)', async () => {
    const v = visitor();
    await v.get('/sign-in');
    const response = await v.post('/sign-in', { email: 'admin@anytown.example', password: DEMO_PASSWORD });
    expect(response.headers.location).toBe('/');
  });
});

describe('two-factor sign-in offered to everyone else', () => {
  it('lets a social worker set it up, make new recovery codes, and turn it off with a code', async () => {
    const worker = await make.staff('social-worker');
    const { v, to } = await passwordFirst(worker.email);
    expect(to).toBe('/');
    const own = html(await v.get('/'));
    expect(own('footer a[href="/account/two-factor"]').text()).toBe('Two-factor sign-in');
    expect(html(await v.get('/account/two-factor'))('main').text()).toContain('Two-factor sign-in is not set up');
    const setUp = html(await v.get('/account/two-factor/set-up'));
    const key = setUp('code.app-key').text().replace(/\s+/g, '');
    const done = await v.post('/account/two-factor/set-up', { code: codeAt(key, new Date()) });
    expect(html(done)('.app-recovery-codes code').length).toBe(10);
    expect(html(await v.get('/account/two-factor'))('.govuk-summary-list').text()).toContain('10');
    const renewed = await v.post('/account/two-factor/recovery-codes', {});
    expect(html(renewed)('.app-recovery-codes code').length).toBe(10);
    const wrong = await v.post('/account/two-factor/turn-off', { code: '123456' });
    expect(wrong.statusCode).toBe(400);
    const off = await v.post('/account/two-factor/turn-off', { code: codeAt(key, inThirty(30)) });
    expect(off.headers.location).toBe('/account/two-factor');
    expect((await passwordFirst(worker.email)).to).toBe('/');
  });
});
