import { z } from 'zod';
import { TooManyAttemptsError } from '../../errors.js';
import { paths } from '../../paths.js';
import { beginOidc } from '../../web/openid.js';
import { presentErrors } from '../../web/forms.js';
import { type Outcome, type Route, page, redirect, route } from '../../web/route.js';
import { finishStaffProviderSignIn, staffCallbackUrl } from './provider-sign-in.js';
import { checkCode, confirmApp, secretToSetUp } from './second-step.js';
import { SECOND_STEP_MINUTES, waitingSession } from './sign-in.js';
import { stopWaiting } from './repository.js';
import { qrCodeSvg, setUpDetails } from './two-factor.js';

/**
 * The steps of signing in after the first (ADR 0020): a code from the authenticator app, setting
 * the app up when it is required and not yet set up, and signing in through the council's
 * identity provider. Each page is for a session waiting for that step; any other visitor is sent
 * back to sign in.
 */

const codeSchema = z.object({ code: z.string({ error: 'Enter the code from your authenticator app' }).trim().min(1, 'Enter the code from your authenticator app').max(40) });
type Waiting = NonNullable<Awaited<ReturnType<typeof waitingSession>>> & { token: string };

const codePage = (errors?: { field: string; message: string }[], status = 200, headers?: Record<string, string>) =>
  page('auth/views/code.njk', { title: 'Enter the code from your authenticator app', minutes: SECOND_STEP_MINUTES, ...presentErrors(errors) }, { status, noStore: true, ...(headers ? { headers } : {}) });

/** What the set-up page shows: the QR code and the key as text, for the secret being set up. */
export async function appToSetUp(secret: { secret: string; email: string } | null, councilName: string) {
  if (!secret) return null;
  const details = setUpDetails(secret.secret, secret.email, councilName);
  return { qrCode: await qrCodeSvg(details.uri), key: details.key };
}

export const setUpPage = (app: { qrCode: string; key: string }, action: string, errors?: { field: string; message: string }[], status?: number) =>
  page('auth/views/set-up-app.njk', { title: 'Set up an authenticator app', ...app, action, ...presentErrors(errors) }, { status: status ?? (errors ? 400 : 200), noStore: true });

export const recoveryCodesPage = (codes: string[], next: string) =>
  page('auth/views/recovery-codes.njk', { title: 'Your recovery codes', codes, next }, { noStore: true });

const PROVIDER_REASONS = {
  'not-set-up': 'Signing in through the council’s identity provider is not set up here. Sign in with your email address and password.',
  'no-account': 'There is no Selfdirect account for you, or it is switched off. Ask an administrator to add you, with the email address you sign in with.',
  'not-verified': 'Your council account does not have a checked email address, so it cannot be matched to a Selfdirect account. Ask your IT team.',
  failed: 'Signing in did not work. Please try again.',
} as const;

const providerFailed = (reason: keyof typeof PROVIDER_REASONS) =>
  page('provider-failed.njk', { title: 'You are not signed in', message: PROVIDER_REASONS[reason], again: paths.signIn() }, { status: reason === 'failed' ? 400 : reason === 'not-set-up' ? 200 : 403, noStore: true });

/** Loads the waiting session for a step; anyone else goes back to sign in. */
const waitingFor = (step: 'code' | 'set-up') => async (ctx: Parameters<NonNullable<Route['load']>>[0], _params: unknown, request: Parameters<NonNullable<Route['load']>>[2]) => {
  const token = request.session.get('waiting');
  const waiting = await waitingSession(ctx.db, token);
  return { waiting: waiting?.waitingFor === step && token ? { ...waiting, token } : null, address: request.ip };
};

async function loadSetUp(ctx: Parameters<NonNullable<Route['load']>>[0], params: unknown, request: Parameters<NonNullable<Route['load']>>[2]) {
  const r = await waitingFor('set-up')(ctx, params, request);
  return { ...r, app: r.waiting ? await appToSetUp(await secretToSetUp(ctx.db, r.waiting.userId), ctx.config.councilName) : null };
}

export const secondStepRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/sign-in/code',
    access: 'public',
    load: waitingFor('code'),
    respond: (_ctx, r) => (r.waiting ? codePage() : redirect(paths.signIn())),
  }),
  route({
    method: 'POST',
    url: '/sign-in/code',
    access: 'public',
    // Every attempt is recorded, whatever happens to the rest of the request (the throttle counts them).
    transaction: false,
    load: waitingFor('code'),
    form: codeSchema,
    command: async (ctx, r: { waiting: Waiting | null; address: string }, f: z.infer<typeof codeSchema>) => {
      if (!r.waiting) return { ok: false as const, expired: true };
      try {
        return await checkCode(ctx.db, r.waiting, f.code, r.address);
      } catch (error) {
        if (error instanceof TooManyAttemptsError) return { ok: false as const, throttled: error.retryAfterSeconds };
        throw error;
      }
    },
    invalid: (_ctx, r, problems) => (r.waiting ? codePage(problems.errors, 400) : redirect(paths.signIn())),
    respond: (_ctx, r, result) => {
      if (result.ok) {
        const left = result.recoveryCodesLeft;
        const flash = left === null ? undefined : `You used a recovery code. You have ${left} left${left <= 3 ? ': make new ones from Two-factor sign-in' : ''}`;
        return { ...redirect(paths.home(), flash, left !== null && left <= 3 ? 'important' : 'success'), session: { start: r.waiting!.token } };
      }
      if ('expired' in result) return redirect(paths.signIn(), `Sign in again: the code must be given within ${SECOND_STEP_MINUTES} minutes`, 'important');
      if ('throttled' in result) {
        const minutes = Math.max(1, Math.ceil(result.throttled / 60));
        return codePage([{ field: 'code', message: `Too many wrong codes. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again` }], 429, { 'retry-after': String(result.throttled) });
      }
      return codePage([{ field: 'code', message: 'The code is not right. Enter the 6-digit code your app shows now, or a recovery code' }], 401);
    },
  }),
  route({
    method: 'GET',
    url: '/sign-in/set-up-app',
    access: 'public',
    load: loadSetUp,
    respond: (_ctx, r) => (r.app ? setUpPage(r.app, paths.staffSignIn.setUpApp()) : redirect(paths.signIn())),
  }),
  route({
    method: 'POST',
    url: '/sign-in/set-up-app',
    access: 'public',
    load: loadSetUp,
    form: codeSchema,
    command: async (ctx, r, f: z.infer<typeof codeSchema>) => {
      if (!r.waiting || !r.app) return null;
      const codes = await confirmApp(ctx.db, r.waiting.userId, f.code);
      if (codes) await stopWaiting(ctx.db, r.waiting.tokenHash);
      return { codes };
    },
    invalid: (_ctx, r, problems) => (r.app ? setUpPage(r.app, paths.staffSignIn.setUpApp(), problems.errors) : redirect(paths.signIn())),
    respond: (_ctx, r, result) => {
      if (!result || !r.app) return redirect(paths.signIn());
      if (!result.codes) return setUpPage(r.app, paths.staffSignIn.setUpApp(), [{ field: 'code', message: 'The code is not right. Enter the 6-digit code your app shows now' }]);
      // Signed in now: the codes are shown once, on this page, and never kept.
      return { ...recoveryCodesPage(result.codes, paths.home()), signsIn: r.waiting!.token } as Outcome;
    },
  }),
  route({
    method: 'GET',
    url: '/sign-in/provider',
    access: 'public',
    command: async (ctx) => (ctx.config.staffOidc ? beginOidc(ctx.config.staffOidc, staffCallbackUrl(ctx.config)) : null),
    respond: (_ctx, _r, s) => (s ? { kind: 'redirect', to: s.url, session: { oidc: s.remember } } : providerFailed('not-set-up')),
  }),
  route({
    method: 'GET',
    url: '/sign-in/provider/callback',
    access: 'public',
    // One transaction: linking the account, its audit entry and the session (a refusal is an answer, not an error, so its record commits too).
    load: async (_ctx, _p, request) => ({ url: request.url, remembered: request.session.get('oidc'), address: request.ip }),
    command: async (ctx, r) => {
      if (!ctx.config.staffOidc) return { ok: false as const, reason: 'not-set-up' as const };
      return finishStaffProviderSignIn(ctx.db, ctx.config, r.url, r.remembered, r.address);
    },
    respond: (_ctx, _r, result) => (result.ok ? { kind: 'redirect', to: paths.home(), session: { start: result.token } } : providerFailed(result.reason)),
  }),
];
