import type { Config } from '../../config.js';
import { paths } from '../../paths.js';
import { beginOidc, completeOidc } from '../../web/openid.js';
import type { Executor } from '../../web/route.js';
import { accountByEmail, accountByOidcSubject, linkOidcSubject } from './repository.js';

/**
 * Signing in to My Selfdirect through the council's identity provider (the protocol is
 * `src/web/openid.ts`). The account is the one the council invited: matched by the provider's
 * stable subject, or the first time by its verified email address.
 */
export const callbackUrl = (config: Config) => `${config.publicUrl}${paths.portal.oidcCallback()}`;

/** Where to send the browser, and what its session must remember (random values only). */
export async function startOidcSignIn(config: Config) {
  return beginOidc(config.portalOidc!, callbackUrl(config));
}

export type OidcResult = { ok: true; accountId: string } | { ok: false; reason: 'no-account' | 'not-verified' | 'failed' };

/** Finishes the sign-in from the provider's answer: checks the code, state, nonce and ID token, then finds the account. */
export async function finishOidcSignIn(db: Executor, config: Config, requestUrl: string, remembered: string | undefined): Promise<OidcResult> {
  const identity = await completeOidc(config.portalOidc!, config.publicUrl, requestUrl, remembered);
  if (!identity) return { ok: false, reason: 'failed' };
  const bySubject = await accountByOidcSubject(db, identity.issuer, identity.subject);
  if (bySubject) return { ok: true, accountId: bySubject.id };
  if (!identity.email) return { ok: false, reason: 'no-account' };
  if (!identity.emailVerified) return { ok: false, reason: 'not-verified' };
  const byEmail = await accountByEmail(db, identity.email);
  if (!byEmail || byEmail.oidc_subject) return { ok: false, reason: 'no-account' };
  await linkOidcSubject(db, byEmail.id, identity.issuer, identity.subject);
  return { ok: true, accountId: byEmail.id };
}
