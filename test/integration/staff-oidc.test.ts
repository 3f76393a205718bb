import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';
import { type TestProvider, atTheProvider, startProvider } from '../helpers/oidc-provider.js';

/**
 * Issue 18: staff sign in through the council's identity provider — a real OpenID provider run
 * here (oidc-provider), never a mock. The first sign-in matches the account by a checked email and
 * remembers the provider's subject; an unknown user, an unchecked email, a switched-off account, a
 * replayed answer, a changed state, an ID token for another audience and an expired one are all
 * refused; signing out ends the provider's session too.
 */
const PUBLIC = 'https://selfdirect.anytown.example';
const SECRET = 'a-test-client-secret-of-some-length';
const PEOPLE: Record<string, Record<string, unknown>> = {
  'amara-at-entra': { email: 'Amara.Okafor@Council.example', email_verified: true },
  'stranger-at-entra': { email: 'stranger@council.example', email_verified: true },
  'unchecked-at-entra': { email: 'unchecked@council.example', email_verified: false },
  'leaver-at-entra': { email: 'leaver@council.example', email_verified: true },
};
let provider: TestProvider;
let t: TestApp;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  provider = await startProvider([{ client_id: 'selfdirect-staff', client_secret: SECRET, redirect_uris: [`${PUBLIC}/sign-in/provider/callback`], post_logout_redirect_uris: [`${PUBLIC}/sign-in`] }], PEOPLE);
  t = await testApp({ env: { STAFF_OIDC_ISSUER: provider.issuer, STAFF_OIDC_CLIENT_ID: 'selfdirect-staff', STAFF_OIDC_CLIENT_SECRET: SECRET, STAFF_OIDC_NAME: 'Microsoft', PUBLIC_URL: PUBLIC } });
  make = factories(t.database.db);
  const team = await make.team();
  await make.staff('social-worker', [team.id], { email: 'amara.okafor@council.example' });
  await make.staff('social-worker', [team.id], { email: 'unchecked@council.example' });
  await make.staff('social-worker', [team.id], { email: 'leaver@council.example', active: false });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

let address = 1;
async function signInAs(login: string, v = new Visitor(t.app, `10.96.0.${address++}`)) {
  const start = await v.get('/sign-in/provider');
  expect(start.statusCode).toBe(303);
  expect(start.headers.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
  expect(String(start.headers.location)).toContain('code_challenge_method=S256');
  const back = await atTheProvider(String(start.headers.location), login, PUBLIC);
  return { v, back, answer: await v.get(back.slice(PUBLIC.length)) };
}

describe('staff signing in through the council’s identity provider', () => {
  it('offers it beside the password, and signs in the account by checked email, then by subject', async () => {
    const page = html(await new Visitor(t.app).get('/sign-in'));
    expect(page('a.govuk-button--start:contains("Sign in with Microsoft")').attr('href')).toBe('/sign-in/provider');
    expect(page('form[action="/sign-in"] #password').length).toBe(1);
    const { v, answer } = await signInAs('amara-at-entra');
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect((await v.get('/')).statusCode).toBe(200);
    const user = await t.database.db.selectFrom('staff_users').select(['id', 'oidc_issuer', 'oidc_subject']).where('email', '=', 'amara.okafor@council.example').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ oidc_issuer: provider.issuer, oidc_subject: 'amara-at-entra' });
    const linked = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', user.id).where('action', '=', 'staff-user.linked-to-provider').execute();
    expect(linked).toHaveLength(1);
    // Next time the subject is enough, even when the provider's email has changed.
    PEOPLE['amara-at-entra']!.email = 'amara@new-name.example';
    const again = await signInAs('amara-at-entra');
    expect(again.answer.headers.location).toBe('/');
    const session = await t.database.db.selectFrom('staff_sessions').select(['signed_in_with', 'waiting_for']).where('user_id', '=', user.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(session).toEqual({ signed_in_with: 'provider', waiting_for: null });
  });

  it('refuses an unknown user, an email the provider has not checked, and a switched-off account', async () => {
    for (const [login, status, words] of [
      ['stranger-at-entra', 403, 'There is no Selfdirect account for you'],
      ['unchecked-at-entra', 403, 'does not have a checked email address'],
      ['leaver-at-entra', 403, 'There is no Selfdirect account for you'],
    ] as const) {
      const { v, answer } = await signInAs(login);
      expect(answer.statusCode, login).toBe(status);
      expect(html(answer)('main').text()).toContain(words);
      expect((await v.get('/')).headers.location).toBe('/sign-in');
    }
    const unchecked = await t.database.db.selectFrom('staff_users').select('oidc_subject').where('email', '=', 'unchecked@council.example').executeTakeFirstOrThrow();
    expect(unchecked.oidc_subject).toBeNull();
    const refused = await t.database.db.selectFrom('sign_in_attempts').select('email').where('succeeded', '=', false).execute();
    expect(refused.map((r) => r.email)).toEqual(expect.arrayContaining(['stranger@council.example', 'unchecked@council.example', 'leaver@council.example']));
  });

  it('refuses a replayed answer and a changed state', async () => {
    const { back } = await signInAs('amara-at-entra');
    const replayed = await new Visitor(t.app, '10.96.1.1').get(back.slice(PUBLIC.length));
    expect(replayed.statusCode).toBe(400);
    expect(html(replayed)('main').text()).toContain('Signing in did not work');
    const other = new Visitor(t.app, '10.96.1.2');
    const start = await other.get('/sign-in/provider');
    const returned = await atTheProvider(String(start.headers.location), 'amara-at-entra', PUBLIC);
    const changed = await other.get(returned.slice(PUBLIC.length).replace(/state=[^&]+/, 'state=not-the-state'));
    expect(changed.statusCode).toBe(400);
    expect((await other.get('/')).headers.location).toBe('/sign-in');
  });

  it('refuses an ID token for another audience, and one that has expired, though the provider signed both', async () => {
    provider.tamperNextIdToken((claims) => ({ ...claims, aud: 'another-council-app' }));
    const wrongAudience = await signInAs('amara-at-entra');
    expect(wrongAudience.answer.statusCode).toBe(400);
    expect((await wrongAudience.v.get('/')).headers.location).toBe('/sign-in');
    const now = Math.floor(Date.now() / 1000);
    provider.tamperNextIdToken((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }));
    const expired = await signInAs('amara-at-entra');
    expect(expired.answer.statusCode).toBe(400);
    expect((await expired.v.get('/')).headers.location).toBe('/sign-in');
    // Signed again unchanged, the token is accepted: the refusals were for the audience and the expiry.
    provider.tamperNextIdToken((claims) => claims);
    expect((await signInAs('amara-at-entra')).answer.headers.location).toBe('/');
  });

  it('ends the provider’s session too when signing out, and a password sign-in only Selfdirect’s', async () => {
    const { v } = await signInAs('amara-at-entra');
    const out = await v.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    const to = new URL(String(out.headers.location));
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC}/sign-in`);
    expect(to.searchParams.get('client_id')).toBe('selfdirect-staff');
    expect((await v.get('/')).headers.location).toBe('/sign-in');

    const worker = await make.staff('social-worker');
    const local = new Visitor(t.app, '10.96.2.1');
    await local.signIn(worker.email, FACTORY_PASSWORD);
    expect((await local.post('/sign-out', {})).headers.location).toBe('/sign-in');
  });
});

describe('when staff sign in only through the provider', () => {
  let only: TestApp;
  beforeAll(async () => {
    only = await testApp({ env: { STAFF_OIDC_ISSUER: provider.issuer, STAFF_OIDC_CLIENT_ID: 'selfdirect-staff', STAFF_OIDC_CLIENT_SECRET: SECRET, STAFF_PASSWORD_SIGN_IN: 'no', PUBLIC_URL: PUBLIC } });
  });
  afterAll(async () => only?.close());

  it('shows no password form and refuses a password', async () => {
    const v = new Visitor(only.app);
    const page = html(await v.get('/sign-in'));
    expect(page('#password').length).toBe(0);
    expect(page('a.govuk-button--start').text()).toContain('Sign in with your council account');
    const worker = await factories(only.database.db).staff('social-worker');
    const refused = await v.post('/sign-in', { email: worker.email, password: FACTORY_PASSWORD });
    expect(refused.statusCode).toBe(403);
    expect((await v.get('/')).headers.location).toBe('/sign-in');
  });
});
