import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE, pauseRemaining } from '../../src/features/auth/sign-in.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('staff sign-in', () => {
  it('signs in and out, with a session cookie that is HttpOnly, SameSite and holds no personal data', async () => {
    const v = new Visitor(t.app);
    const signedIn = await v.signIn(DEMO.worker);
    const cookie = signedIn.cookies.find((c) => c.name === 'selfdirect-session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const session = t.app.decodeSecureSession(cookie.value)!;
    expect(Object.keys(session.data() ?? {})).toEqual(['token']); // the CSRF secret joins on the next page
    expect(session.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signedIn.headers.location).toBe('/');
    const home = await v.get('/');
    expect(html(home)('h1').text()).toBe('Your work');
    expect(html(home)('button:contains("Sign out")').length).toBe(1);
    await v.post('/sign-out', {});
    expect((await v.get('/')).headers.location).toBe('/sign-in');
  });

  it('a session ended by signing out cannot be replayed', async () => {
    const v = new Visitor(t.app);
    const response = await v.signIn(DEMO.worker);
    const stolen = response.cookies.find((c) => c.name === 'selfdirect-session')!.value;
    await v.get('/');
    await v.post('/sign-out', {});
    const replay = await t.app.inject({ method: 'GET', url: '/people', headers: { cookie: `selfdirect-session=${encodeURIComponent(stolen)}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in');
  });

  it('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await new Visitor(t.app, '10.0.0.1').post('/sign-in', { email: DEMO.finance, password: 'not-the-password' });
    const unknown = await new Visitor(t.app, '10.0.0.1').post('/sign-in', { email: 'nobody@anytown.example', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorSummary(wrong)).toEqual(['Enter a correct email address and password']);
    expect(errorSummary(unknown)).toEqual(errorSummary(wrong));
    expect(html(wrong)('#email').val()).toBe(DEMO.finance);
    expect(html(wrong)('#password').val()).toBeUndefined();
    const empty = await new Visitor(t.app).post('/sign-in', {});
    expect(errorSummary(empty)).toEqual(['Enter your email address', 'Enter your password']);
  });

  it('pauses an account from one address after repeated failures, even with the right password; elsewhere its owner is not locked out', async () => {
    for (let i = 0; i < THROTTLE.perAccountFromAddress; i++) {
      const r = await new Visitor(t.app, '10.1.0.1').post('/sign-in', { email: DEMO.panel, password: `wrong-${i}` });
      expect(r.statusCode).toBe(401);
    }
    const paused = await new Visitor(t.app, '10.1.0.1').post('/sign-in', { email: DEMO.panel, password: 'demo-password-1' });
    expect(paused.statusCode).toBe(429);
    expect(errorSummary(paused)).toEqual(['Too many attempts to sign in. Wait 1 minute and try again']);
    expect(Number(paused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(paused.headers['retry-after'])).toBeLessThanOrEqual(THROTTLE.firstPauseSeconds);
    const elsewhere = await new Visitor(t.app, '10.1.1.1').post('/sign-in', { email: DEMO.panel, password: 'demo-password-1' });
    expect(elsewhere.statusCode).toBe(303);
  });

  it('failures from many addresses pause the account, except on a device its owner has signed in on', async () => {
    const account = await factories(t.database.db).staff('finance-officer');
    const owner = new Visitor(t.app, '10.5.0.1');
    await owner.signIn(account.email, FACTORY_PASSWORD);
    await owner.post('/sign-out', {});
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      const r = await new Visitor(t.app, `10.5.1.${i}`).post('/sign-in', { email: account.email, password: `wrong-${i}` });
      expect(r.statusCode, String(i)).toBe(401);
    }
    const stranger = await new Visitor(t.app, '10.5.2.1').post('/sign-in', { email: account.email, password: FACTORY_PASSWORD });
    expect(stranger.statusCode).toBe(429);
    const known = owner.at('10.5.3.1');
    await known.get('/sign-in');
    expect((await known.post('/sign-in', { email: account.email, password: FACTORY_PASSWORD })).statusCode).toBe(303);
  });

  it('failures from one address across accounts pause it for unknown devices, not for colleagues who signed in there before', async () => {
    const colleague = new Visitor(t.app, '10.2.0.1');
    await colleague.signIn(DEMO.manager);
    await colleague.post('/sign-out', {});
    for (let i = 0; i < THROTTLE.perAddress; i++) {
      const r = await new Visitor(t.app, '10.2.0.1').post('/sign-in', { email: `guess${i}@anytown.example`, password: 'wrong' });
      expect(r.statusCode).toBe(401);
    }
    const paused = await new Visitor(t.app, '10.2.0.1').post('/sign-in', { email: DEMO.analyst, password: 'demo-password-1' });
    expect(paused.statusCode).toBe(429);
    await colleague.get('/sign-in');
    expect((await colleague.post('/sign-in', { email: DEMO.manager, password: 'demo-password-1' })).statusCode).toBe(303);
    const elsewhere = await new Visitor(t.app, '10.2.0.2').post('/sign-in', { email: DEMO.analyst, password: 'demo-password-1' });
    expect(elsewhere.statusCode).toBe(303);
  });

  it('each pause grows with further failures, to the longest pause', () => {
    const last = new Date(0);
    expect(pauseRemaining(THROTTLE.perAccountFromAddress - 1, last, THROTTLE.perAccountFromAddress, 0)).toBe(0);
    expect(pauseRemaining(THROTTLE.perAccountFromAddress, last, THROTTLE.perAccountFromAddress, 0)).toBe(THROTTLE.firstPauseSeconds);
    expect(pauseRemaining(THROTTLE.perAccountFromAddress + 2, last, THROTTLE.perAccountFromAddress, 0)).toBe(THROTTLE.firstPauseSeconds * 4);
    expect(pauseRemaining(THROTTLE.perAccountFromAddress + 40, last, THROTTLE.perAccountFromAddress, 0)).toBe(THROTTLE.longestPauseSeconds);
    expect(pauseRemaining(THROTTLE.perAccountFromAddress, last, THROTTLE.perAccountFromAddress, (THROTTLE.firstPauseSeconds + 1) * 1000)).toBe(0);
  });

  it('sends security headers: CSP with nonces, nosniff, no framing', async () => {
    const response = await new Visitor(t.app).get('/sign-in');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)![1];
    expect(response.body).toContain(`nonce="${nonce}"`);
  });

  it('a deactivated account is signed out at once and cannot sign in', async () => {
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.southWorker);
    const admin = new Visitor(t.app);
    await admin.signIn(DEMO.admin);
    const user = await t.database.db.selectFrom('staff_users').selectAll().where('email', '=', DEMO.southWorker).executeTakeFirstOrThrow();
    const team = await t.database.db.selectFrom('teams').select('id').where('name', '=', 'South Locality Team').executeTakeFirstOrThrow();
    await admin.get(`/admin/users/${user.id}/edit`);
    const saved = await admin.post(`/admin/users/${user.id}/edit`, {
      display_name: user.display_name,
      role: user.role,
      team_ids: [team.id],
      active: 'no',
      password: '',
      version: String(user.version),
    });
    expect(saved.statusCode).toBe(303);
    expect((await worker.get('/people')).headers.location).toBe('/sign-in');
    const again = await new Visitor(t.app, '10.3.0.1').post('/sign-in', { email: DEMO.southWorker, password: 'demo-password-1' });
    expect(again.statusCode).toBe(401);
  });

  it('the administrator adds a user and a team, with plain-English errors', async () => {
    const admin = new Visitor(t.app);
    await admin.signIn(DEMO.admin);
    const bad = await admin.post('/admin/users/new', { email: 'nope', display_name: '', password: 'short' });
    expect(errorSummary(bad)).toEqual([
      'Enter an email address in the correct format, like name@anytown.example',
      'Enter the person’s name',
      'Select a role',
      'Password must be at least 12 characters',
    ]);
    const team = await admin.post('/admin/teams/new', { name: 'Hospital Discharge Team' });
    expect(team.statusCode).toBe(303);
    const duplicate = await admin.post('/admin/teams/new', { name: 'hospital discharge team' });
    expect(errorSummary(duplicate)).toEqual(['There is already a team with this name']);
    const teamId = (await t.database.db.selectFrom('teams').select('id').where('name', '=', 'Hospital Discharge Team').executeTakeFirstOrThrow()).id;
    const noTeam = await admin.post('/admin/users/new', { email: 'new.worker@anytown.example', display_name: 'New Worker', role: 'social-worker', password: 'a-long-password-123' });
    expect(errorSummary(noTeam)).toEqual(['Select at least one team for a social worker or team manager']);
    const created = await admin.post('/admin/users/new', {
      email: 'New.Worker@anytown.example',
      display_name: 'New Worker',
      role: 'social-worker',
      team_ids: teamId,
      password: 'a-long-password-123',
    });
    expect(created.statusCode).toBe(303);
    const v = new Visitor(t.app);
    await v.signIn('new.worker@anytown.example', 'a-long-password-123');
    const list = await v.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Your teams have no open records yet');
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'staff-user.created').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain('a-long-password-123');
  });
});
