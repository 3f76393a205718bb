import * as client from 'openid-client';
import type { Config } from '../../config.js';
import { paths } from '../../paths.js';
import type { Executor } from '../../web/route.js';
import { accountByEmail, accountByOidcSubject, linkOidcSubject } from './repository.js';

/**
 * Signing in to My Selfdirect through the council's identity provider with OpenID Connect
 * (authorization code, PKCE, state and nonce; `openid-client`). The account is the one the
 * council invited: matched by the provider's stable subject, or the first time by its verified
 * email address. Tested against a real provider run in the test (oidc-provider).
 */
type Settings = NonNullable<Config['portalOidc']>;
const discovered = new Map<string, Promise<client.Configuration>>();

function configurationFor(s: Settings): Promise<client.Configuration> {
  const key = `${s.issuer}|${s.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    // Plain http only for a provider on this machine (the tests'); production requires https (config).
    const options = s.issuer.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : undefined;
    found = client.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, options);
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

export const callbackUrl = (config: Config) => `${config.publicUrl}${paths.portal.oidcCallback()}`;

/** Where to send the browser, and what its session must remember (random values only). */
export async function startOidcSignIn(config: Config) {
  const settings = config.portalOidc!;
  const configuration = await configurationFor(settings);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, { redirect_uri: callbackUrl(config), scope: 'openid email', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce });
  return { url: url.href, remember: JSON.stringify({ verifier, state, nonce }) };
}

export type OidcResult = { ok: true; accountId: string } | { ok: false; reason: 'no-account' | 'not-verified' | 'failed' };

/** Finishes the sign-in from the provider's answer: checks the code, state, nonce and ID token, then finds the account. */
export async function finishOidcSignIn(db: Executor, config: Config, requestUrl: string, remembered: string | undefined): Promise<OidcResult> {
  const settings = config.portalOidc!;
  let claims: client.IDToken | undefined;
  let person: { email?: unknown; email_verified?: unknown } = {};
  try {
    if (!remembered) return { ok: false, reason: 'failed' };
    const { verifier, state, nonce } = JSON.parse(remembered) as { verifier: string; state: string; nonce: string };
    const configuration = await configurationFor(settings);
    const tokens = await client.authorizationCodeGrant(configuration, new URL(requestUrl, config.publicUrl), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    claims = tokens.claims();
    if (!claims) return { ok: false, reason: 'failed' };
    // Many providers put the email only in the userinfo answer, for the same subject.
    person = (claims.email === undefined ? await client.fetchUserInfo(configuration, tokens.access_token, claims.sub) : claims) as typeof person;
  } catch {
    return { ok: false, reason: 'failed' };
  }
  const bySubject = await accountByOidcSubject(db, claims.iss, claims.sub);
  if (bySubject) return { ok: true, accountId: bySubject.id };
  const email = typeof person.email === 'string' ? person.email.toLowerCase() : null;
  if (!email) return { ok: false, reason: 'no-account' };
  if (person.email_verified !== true) return { ok: false, reason: 'not-verified' };
  const byEmail = await accountByEmail(db, email);
  if (!byEmail || byEmail.oidc_subject) return { ok: false, reason: 'no-account' };
  await linkOidcSubject(db, byEmail.id, claims.iss, claims.sub);
  return { ok: true, accountId: byEmail.id };
}
