import * as client from 'openid-client';

/**
 * Signing in through an identity provider with OpenID Connect (authorization code with PKCE,
 * state and nonce; `openid-client`), for staff (issue 18) and for My Selfdirect (issue 14). This
 * is the protocol only: who the answer signs in is each side's own rule. Tested against a real
 * provider run in the tests (oidc-provider), including a wrong audience, an expired ID token, a
 * replayed answer and a changed state.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

const discovered = new Map<string, Promise<client.Configuration>>();

function configurationFor(s: OidcSettings): Promise<client.Configuration> {
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

/** Where to send the browser, and what its session must remember until it comes back (random values only). */
export async function beginOidc(settings: OidcSettings, redirectUri: string): Promise<{ url: string; remember: string }> {
  const configuration = await configurationFor(settings);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, { redirect_uri: redirectUri, scope: 'openid email', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce });
  return { url: url.href, remember: JSON.stringify({ verifier, state, nonce }) };
}

/** Who the provider says signed in: its stable subject, and the email address it gives, with whether it checked it. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

/**
 * The provider's answer checked — the code exchanged with the PKCE verifier, the state and nonce
 * this browser was given, the ID token's signature, issuer, audience and expiry — or null when
 * any of it fails (the reason is not shown to the browser).
 */
export async function completeOidc(settings: OidcSettings, publicUrl: string, requestUrl: string, remembered: string | undefined): Promise<OidcIdentity | null> {
  try {
    if (!remembered) return null;
    const { verifier, state, nonce } = JSON.parse(remembered) as { verifier: string; state: string; nonce: string };
    const configuration = await configurationFor(settings);
    const tokens = await client.authorizationCodeGrant(configuration, new URL(requestUrl, publicUrl), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims();
    if (!claims) return null;
    // Many providers put the email only in the userinfo answer, for the same subject.
    const person = (claims.email === undefined ? await client.fetchUserInfo(configuration, tokens.access_token, claims.sub) : claims) as { email?: unknown; email_verified?: unknown };
    return { issuer: claims.iss, subject: claims.sub, email: typeof person.email === 'string' ? person.email.trim().toLowerCase() : null, emailVerified: person.email_verified === true };
  } catch {
    return null;
  }
}

/** The provider's sign-out address, sending the browser back to `returnTo` afterwards; null when it has none. */
export async function providerSignOutUrl(settings: OidcSettings, returnTo: string): Promise<string | null> {
  try {
    const configuration = await configurationFor(settings);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(configuration, { client_id: settings.clientId, post_logout_redirect_uri: returnTo }).href;
  } catch {
    return null;
  }
}
