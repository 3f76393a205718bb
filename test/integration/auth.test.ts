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
      version: String(user.version),
    });
    expect(saved.statusCode).toBe(303);
    expect((await worker.get('/people')).headers.location).toBe('/sign-in');
    const again = await new Visitor(t.app, '10.3.0.1').post('/sign-in', { email: DEMO.southWorker, password: 'demo-password-1' });
    expect(again.statusCode).toBe(401);
  });

  it('the administrator adds a user and a team, with plain-English errors, and the user sets their own password from the invitation', async () => {
    const admin = new Visitor(t.app);
    await admin.signIn(DEMO.admin);
    const form = await admin.get('/admin/users/new');
    expect(html(form)('input[type=password]').length, 'no one sets another person’s password').toBe(0);
    const bad = await admin.post('/admin/users/new', { email: 'nope', display_name: '' });
    expect(errorSummary(bad)).toEqual(['Enter an email address in the correct format, like name@anytown.example', 'Enter the person’s name', 'Select a role']);
    const team = await admin.post('/admin/teams/new', { name: 'Hospital Discharge Team' });
    expect(team.statusCode).toBe(303);
    const duplicate = await admin.post('/admin/teams/new', { name: 'hospital discharge team' });
    expect(errorSummary(duplicate)).toEqual(['There is already a team with this name']);
    const teamId = (await t.database.db.selectFrom('teams').select('id').where('name', '=', 'Hospital Discharge Team').executeTakeFirstOrThrow()).id;
    const noTeam = await admin.post('/admin/users/new', { email: 'new.worker@anytown.example', display_name: 'New Worker', role: 'social-worker' });
    expect(errorSummary(noTeam)).toEqual(['Select at least one team for a social worker or team manager']);
    // A password sent anyway is ignored: the account has none until its owner chooses one.
    const created = await admin.post('/admin/users/new', { email: 'New.Worker@anytown.example', display_name: 'New Worker', role: 'social-worker', team_ids: teamId, password: 'admin-chosen-password' });
    expect(created.statusCode).toBe(303);
    const shown = await admin.get(String(created.headers.location));
    const banner = html(shown)('.govuk-notification-banner').text();
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(banner)?.[1];
    expect(token, banner).toBeDefined();
    expect(html(shown)('main').text()).toMatch(/Not set yet: invited/);
    expect((await admin.get(String(created.headers.location))).body, 'the link is shown once').not.toContain(token);
    expect((await new Visitor(t.app, '10.6.0.1').post('/sign-in', { email: 'new.worker@anytown.example', password: 'admin-chosen-password' })).statusCode).toBe(401);

    const owner = new Visitor(t.app, '10.6.0.2');
    const invitation = await owner.get(`/invitations/${token}`);
    expect(invitation.statusCode).toBe(200);
    expect(invitation.headers['cache-control']).toContain('no-store');
    expect(html(invitation)('h1').text()).toBe('Choose your password');
    expect(errorSummary(await owner.post(`/invitations/${token}`, { password: 'short', confirm: 'short' }))).toEqual(['Password must be at least 12 characters']);
    expect(errorSummary(await owner.post(`/invitations/${token}`, { password: 'a-long-password-123', confirm: 'a-long-password-124' }))).toEqual(['Enter the same password again']);
    const accepted = await owner.post(`/invitations/${token}`, { password: 'a-long-password-123', confirm: 'a-long-password-123' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/sign-in');
    expect((await owner.get(`/invitations/${token}`)).statusCode, 'a link works once').toBe(404);
    await owner.signIn('new.worker@anytown.example', 'a-long-password-123');
    const list = await owner.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Your teams have no open records yet');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'after']).where('subject_type', '=', 'staff-user').orderBy('seq', 'desc').limit(5).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['staff-user.created', 'staff-user.invited', 'staff-user.invitation-accepted']));
    expect(JSON.stringify(audit)).not.toMatch(/a-long-password-123|admin-chosen-password/);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('a forgotten password is replaced by a new invitation: the old password and sessions end, and the administrator never sets one', async () => {
    const make = factories(t.database.db);
    const team = await make.team();
    const account = await make.staff('social-worker', [team.id]);
    const worker = new Visitor(t.app, '10.7.0.1');
    await worker.signIn(account.email, FACTORY_PASSWORD);
    const admin = new Visitor(t.app, '10.7.0.2');
    await admin.signIn(DEMO.admin);
    const edit = await admin.get(`/admin/users/${account.id}/edit`);
    expect(html(edit)('input[type=password]').length).toBe(0);
    const user = await t.database.db.selectFrom('staff_users').select(['version', 'password_hash']).where('id', '=', account.id).executeTakeFirstOrThrow();
    // A password slipped into the change form changes nothing.
    await admin.post(`/admin/users/${account.id}/edit`, { display_name: 'Renamed', role: 'social-worker', team_ids: [team.id], active: 'yes', password: 'admin-chosen-password', version: String(user.version) });
    expect((await t.database.db.selectFrom('staff_users').select('password_hash').where('id', '=', account.id).executeTakeFirstOrThrow()).password_hash).toBe(user.password_hash);
    await worker.signIn(account.email, FACTORY_PASSWORD);
    const invited = await admin.post(`/admin/users/${account.id}/invitation`, {});
    expect(invited.statusCode).toBe(303);
    expect((await worker.get('/people')).headers.location).toBe('/sign-in');
    expect((await new Visitor(t.app, '10.7.0.3').post('/sign-in', { email: account.email, password: FACTORY_PASSWORD })).statusCode).toBe(401);
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(html(await admin.get(String(invited.headers.location)))('.govuk-notification-banner').text())![1]!;
    // A second invitation replaces the first.
    const second = await admin.post(`/admin/users/${account.id}/invitation`, {});
    expect((await new Visitor(t.app).get(`/invitations/${token}`)).statusCode).toBe(404);
    expect(second.statusCode).toBe(303);
  });

  it('giving an account access to a team’s cases is shown to that team’s managers, who mark it seen', async () => {
    const admin = new Visitor(t.app, '10.8.0.1');
    await admin.signIn(DEMO.admin);
    const north = await t.database.db.selectFrom('teams').select('id').where('name', '=', 'North Locality Team').executeTakeFirstOrThrow();
    const created = await admin.post('/admin/users/new', { email: 'quiet.manager@anytown.example', display_name: 'Quiet Manager', role: 'team-manager', team_ids: north.id });
    expect(created.statusCode).toBe(303);
    const manager = new Visitor(t.app, '10.8.0.2');
    await manager.signIn(DEMO.manager);
    const home = await manager.get('/');
    const notices = html(home)('.app-notices');
    expect(notices.find('h2').text()).toBe('New access to your teams’ cases');
    expect(notices.text()).toMatch(/Quiet Manager \(Team manager, quiet\.manager@anytown\.example\) can now open the cases of North Locality Team: a new account by admin@anytown\.example/);
    expect(notices.text()).toContain('They have not set their password yet.');
    // Not shown to a worker in the team, nor to another team's manager.
    const worker = new Visitor(t.app, '10.8.0.3');
    await worker.signIn(DEMO.worker);
    expect(html(await worker.get('/'))('.app-notices').length).toBe(0);
    const action = notices.find('form').first().attr('action')!;
    const otherManager = factories(t.database.db);
    const elsewhere = new Visitor(t.app, '10.8.0.4');
    await elsewhere.signIn((await otherManager.staff('team-manager', [(await otherManager.team()).id])).email, FACTORY_PASSWORD);
    expect((await elsewhere.post(action, {})).statusCode).toBe(404);
    const seen = await manager.post(action, {});
    expect(seen.statusCode).toBe(303);
    expect(html(await manager.get('/'))('.app-notices').text()).not.toContain('Quiet Manager');
  });
});
