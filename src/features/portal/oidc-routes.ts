import { paths } from '../../paths.js';
import { type Route, page, route } from '../../web/route.js';
import { finishOidcSignIn, startOidcSignIn } from './oidc.js';
import { openPortalSession } from './sign-in.js';

/** Signing in to My Selfdirect through the council's identity provider, when one is configured (ADR 0014). */
const REASONS = {
  'not-set-up': 'Signing in through another account is not set up here. Sign in with a code sent to your email instead.',
  'no-account': 'We could not find a My Selfdirect account for you. Ask your worker to invite you, with the email address you use to sign in.',
  'not-verified': 'Your sign-in does not have a checked email address. Check your email address with them first, or sign in with a code instead.',
  failed: 'Signing in did not work. Please try again, or sign in with a code instead.',
} as const;

const failed = (reason: keyof typeof REASONS) =>
  page('provider-failed.njk', { title: 'You are not signed in', message: REASONS[reason], again: paths.portal.signIn() }, { status: reason === 'failed' ? 400 : reason === 'not-set-up' ? 200 : 403, noStore: true });

export const portalOidcRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/my/sign-in/provider',
    access: 'public',
    command: async (ctx) => (ctx.config.portalOidc ? startOidcSignIn(ctx.config) : null),
    respond: (_ctx, _r, s) => (s ? { kind: 'redirect', to: s.url, session: { oidc: s.remember } } : failed('not-set-up')),
  }),
  route({
    method: 'GET',
    url: '/my/sign-in/provider/callback',
    access: 'public',
    load: async (_ctx, _p, request) => ({ url: request.url, remembered: request.session.get('oidc') }),
    command: async (ctx, r) => {
      if (!ctx.config.portalOidc) return { ok: false as const, reason: 'not-set-up' as const };
      const result = await finishOidcSignIn(ctx.db, ctx.config, r.url, r.remembered);
      return result.ok ? { ok: true as const, token: await openPortalSession(ctx.db, result.accountId) } : result;
    },
    respond: (_ctx, _r, result) =>
      result.ok
        ? { kind: 'redirect', to: paths.portal.home(), session: { portal: result.token } }
        : failed(result.reason),
  }),
];
