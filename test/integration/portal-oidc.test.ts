import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { type TestProvider, atTheProvider as atProvider, startProvider } from '../helpers/oidc-provider.js';

const atTheProvider = (start: string, login: string) => atProvider(start, login, PUBLIC);

/**
 * Issue 14: signing in to My Selfdirect through the council's identity provider, against a real
 * OpenID provider run here (oidc-provider), never a mock: the first sign-in matches the invited
 * account by verified email and remembers the provider's subject; an unknown person, an unchecked
 * email, a replayed answer and a changed state are refused.
 */
const PUBLIC = 'https://selfdirect.anytown.example';
const PEOPLE: Record<string, { email: string; email_verified: boolean }> = {
  'helen-at-idp': { email: 'Helen@Anytown.example', email_verified: true },
  stranger: { email: 'stranger@example.com', email_verified: true },
  unchecked: { email: 'margaret@anytown.example', email_verified: false },
};
let provider: TestProvider;
let issuer: string;
let t: TestApp;

beforeAll(async () => {
  provider = await startProvider([{ client_id: 'selfdirect', client_secret: 'a-test-client-secret-of-some-length', redirect_uris: [`${PUBLIC}/my/sign-in/provider/callback`] }], PEOPLE);
  issuer = provider.issuer;
  t = await testApp({ env: { PORTAL_OIDC_ISSUER: issuer, PORTAL_OIDC_CLIENT_ID: 'selfdirect', PORTAL_OIDC_CLIENT_SECRET: 'a-test-client-secret-of-some-length', PORTAL_OIDC_NAME: 'NHS login', PUBLIC_URL: PUBLIC } });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

async function signInAs(login: string, v = new Visitor(t.app, '10.97.0.1')) {
  await v.get('/my/sign-in');
  const start = await v.get('/my/sign-in/provider');
  expect(start.statusCode).toBe(303);
  expect(start.headers.location).toMatch(new RegExp(`^${issuer}/auth\\?`));
  expect(String(start.headers.location)).toContain('code_challenge_method=S256');
  const back = await atTheProvider(String(start.headers.location), login);
  return { v, back, answer: await v.get(back.slice(PUBLIC.length)) };
}

describe('signing in to My Selfdirect through the council’s identity provider', () => {
  it('offers it on the sign-in page, and signs in the invited account by verified email, then by subject', async () => {
    const page = html(await new Visitor(t.app).get('/my/sign-in'));
    expect(page('a:contains("Sign in with NHS login")').attr('href')).toBe('/my/sign-in/provider');
    const { v, answer } = await signInAs('helen-at-idp');
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/my');
    expect(html(await v.get('/my'))('h1').text()).toBe('Hello, Helen Ashworth');
    const account = await t.database.db.selectFrom('portal_accounts').select(['oidc_issuer', 'oidc_subject']).where('email', '=', 'helen@anytown.example').executeTakeFirstOrThrow();
    expect(account).toEqual({ oidc_issuer: issuer, oidc_subject: 'helen-at-idp' });
    // Next time the subject is enough, even if the provider's email changes.
    PEOPLE['helen-at-idp']!.email = 'helen.new@example.com';
    const again = await signInAs('helen-at-idp', new Visitor(t.app, '10.97.0.2'));
    expect(again.answer.headers.location).toBe('/my');
  });

  it('refuses someone with no account, and an email the provider has not checked', async () => {
    const stranger = await signInAs('stranger', new Visitor(t.app, '10.97.0.3'));
    expect(stranger.answer.statusCode).toBe(403);
    expect(html(stranger.answer)('main').text()).toContain('We could not find a My Selfdirect account for you');
    expect((await stranger.v.get('/my')).headers.location).toBe('/my/sign-in');
    const unchecked = await signInAs('unchecked', new Visitor(t.app, '10.97.0.4'));
    expect(unchecked.answer.statusCode).toBe(403);
    expect(html(unchecked.answer)('main').text()).toContain('does not have a checked email address');
    expect((await t.database.db.selectFrom('portal_accounts').select('oidc_subject').where('email', '=', 'margaret@anytown.example').executeTakeFirstOrThrow()).oidc_subject).toBeNull();
  });

  it('refuses a replayed answer and a changed state', async () => {
    const { back } = await signInAs('helen-at-idp', new Visitor(t.app, '10.97.0.5'));
    // The same answer again, in another browser or this one: the state is spent and the code used.
    const replayed = await new Visitor(t.app, '10.97.0.6').get(back.slice(PUBLIC.length));
    expect(replayed.statusCode).toBe(400);
    const other = new Visitor(t.app, '10.97.0.7');
    const start = await other.get('/my/sign-in/provider');
    const returned = await atTheProvider(String(start.headers.location), 'helen-at-idp');
    const changed = await other.get(returned.slice(PUBLIC.length).replace(/state=[^&]+/, 'state=not-the-state'));
    expect(changed.statusCode).toBe(400);
    expect(html(changed)('main').text()).toContain('Signing in did not work');
    expect((await other.get('/my')).headers.location).toBe('/my/sign-in');
  });
});
