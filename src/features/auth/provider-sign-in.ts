import type { Config } from '../../config.js';
import { paths } from '../../paths.js';
import { completeOidc, providerSignOutUrl } from '../../web/openid.js';
import type { Executor } from '../../web/route.js';
import { recordAudit } from '../audit/audit-trail.js';
import { linkStaffToProvider, recordAttempt, staffForProvider } from './repository.js';
import { startSession } from './sign-in.js';

/**
 * Staff signing in through the council's identity provider (issue 18, ADR 0020), usually Microsoft
 * Entra ID: the member of staff is matched by the provider's stable subject, or the first time by
 * their email address when the provider has checked it (or the council trusts its addresses:
 * `STAFF_OIDC_TRUST_EMAIL`). Roles and teams stay Selfdirect's. Two-factor is the provider's to
 * ask for: a session signed in this way never waits for a code from Selfdirect.
 */
export const staffCallbackUrl = (config: Config) => `${config.publicUrl}${paths.staffSignIn.providerCallback()}`;

export type ProviderSignIn = { ok: true; token: string } | { ok: false; reason: 'no-account' | 'not-verified' | 'failed' };

export async function finishStaffProviderSignIn(db: Executor, config: Config, requestUrl: string, remembered: string | undefined, address: string): Promise<ProviderSignIn> {
  const settings = config.staffOidc!;
  const identity = await completeOidc(settings, config.publicUrl, requestUrl, remembered);
  if (!identity) return { ok: false, reason: 'failed' };
  const { bySubject, byEmail } = await staffForProvider(db, identity.issuer, identity.subject, identity.email);
  let user = bySubject;
  if (!user) {
    if (!identity.email || !byEmail) return refused(db, identity.email, address, 'no-account');
    if (!identity.emailVerified && !settings.trustEmail) return refused(db, identity.email, address, 'not-verified');
    // An account already signed in through the provider as someone else is not taken over by an email.
    if (byEmail.oidc_subject) return refused(db, identity.email, address, 'no-account');
    await linkStaffToProvider(db, byEmail.id, identity.issuer, identity.subject);
    await recordAudit(db, { id: byEmail.id, label: byEmail.email }, { action: 'staff-user.linked-to-provider', subjectType: 'staff-user', subjectId: byEmail.id, after: { issuer: identity.issuer } });
    user = byEmail;
  }
  // A demo account's sign-in is published: never where demo data is not allowed.
  if (!user.active || (user.is_demo && !config.allowDemoData)) return refused(db, user.email, address, 'no-account');
  await recordAttempt(db, { email: user.email, address, succeeded: true });
  return { ok: true, token: await startSession(db, user.id, 'provider', null) };
}

async function refused(db: Executor, email: string | null, address: string, reason: 'no-account' | 'not-verified'): Promise<ProviderSignIn> {
  if (email) await recordAttempt(db, { email, address, succeeded: false });
  return { ok: false, reason };
}

/** Where signing out sends the browser: the provider's sign-out when it has one, then back to Selfdirect's sign-in page. */
export async function afterSignOut(config: Config, signedInWith: 'password' | 'provider' | undefined): Promise<string> {
  if (signedInWith !== 'provider' || !config.staffOidc) return paths.signIn();
  return (await providerSignOutUrl(config.staffOidc, `${config.publicUrl}${paths.signIn()}`)) ?? paths.signIn();
}
