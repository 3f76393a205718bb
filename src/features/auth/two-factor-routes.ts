import { z } from 'zod';
import { paths } from '../../paths.js';
import { formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { recoveryCodesLeft, twoFactorOf } from './repository.js';
import { appToSetUp, recoveryCodesPage, setUpPage } from './second-step-routes.js';
import { confirmApp, removeTwoFactor, renewRecoveryCodes, secretToSetUp } from './second-step.js';
import { acceptedStep, twoFactorRequired } from './two-factor.js';

/**
 * A member of staff's own two-factor sign-in (ADR 0020): set up an authenticator app, make new
 * recovery codes, or take it off when it is not required of them; and an administrator's reset
 * for someone who has lost their phone and codes.
 */

const codeSchema = z.object({ code: z.string({ error: 'Enter the code from your authenticator app' }).trim().min(1, 'Enter the code from your authenticator app').max(40) });

async function loadOwn(ctx: Context) {
  const user = await twoFactorOf(ctx.db, ctx.actor.id);
  if (!user) return undefined;
  return { user, left: user.totp_confirmed_at ? await recoveryCodesLeft(ctx.db, user.id) : 0, required: twoFactorRequired(ctx.config.twoFactorRequiredFor, user) };
}
type Own = NonNullable<Awaited<ReturnType<typeof loadOwn>>>;

const accountPage = (r: Own, errors?: { field: string; message: string }[]) =>
  page(
    'auth/views/two-factor.njk',
    {
      title: 'Two-factor sign-in',
      setUp: r.user.totp_confirmed_at ? `Set up on ${formatDateTime(r.user.totp_confirmed_at)}` : null,
      left: r.left,
      required: r.required,
      actions: { setUp: paths.twoFactor.setUp(), recoveryCodes: paths.twoFactor.recoveryCodes(), turnOff: paths.twoFactor.turnOff() },
      ...presentErrors(errors),
    },
    { status: errors ? 400 : 200, noStore: true },
  );

async function loadSetUp(ctx: Context) {
  return { app: await appToSetUp(await secretToSetUp(ctx.db, ctx.actor.id), ctx.config.councilName) };
}

export const twoFactorRoutes: Route[] = [
  route({ method: 'GET', url: '/account/two-factor', access: 'signed-in', load: loadOwn, respond: (_ctx, r: Own) => accountPage(r) }),
  route({
    method: 'GET',
    url: '/account/two-factor/set-up',
    access: 'signed-in',
    load: loadSetUp,
    respond: (_ctx, r) => (r.app ? setUpPage(r.app, paths.twoFactor.setUp()) : redirect(paths.twoFactor.account(), 'Two-factor sign-in is already set up')),
  }),
  route({
    method: 'POST',
    url: '/account/two-factor/set-up',
    access: 'signed-in',
    load: loadSetUp,
    form: codeSchema,
    command: async (ctx, r, f: z.infer<typeof codeSchema>) => (r.app ? confirmApp(ctx.db, ctx.actor.id, f.code) : null),
    invalid: (_ctx, r, problems) => (r.app ? setUpPage(r.app, paths.twoFactor.setUp(), problems.errors) : redirect(paths.twoFactor.account())),
    respond: (_ctx, r, codes) => {
      if (!r.app) return redirect(paths.twoFactor.account(), 'Two-factor sign-in is already set up');
      return codes ? recoveryCodesPage(codes, paths.twoFactor.account()) : setUpPage(r.app, paths.twoFactor.setUp(), [{ field: 'code', message: 'The code is not right. Enter the 6-digit code your app shows now' }]);
    },
  }),
  route({
    method: 'POST',
    url: '/account/two-factor/recovery-codes',
    access: 'signed-in',
    command: (ctx) => renewRecoveryCodes(ctx, ctx.actor.id),
    respond: (_ctx, _r, codes) => (codes ? recoveryCodesPage(codes, paths.twoFactor.account()) : redirect(paths.twoFactor.account(), 'Set up an authenticator app first', 'important')),
  }),
  route({
    method: 'POST',
    url: '/account/two-factor/turn-off',
    access: 'signed-in',
    load: loadOwn,
    form: codeSchema,
    // Only with a code the app shows now, so a session left open cannot take it off; never when required.
    // (Proof the app is at hand, not a sign-in: the code may be the one just used to sign in.)
    command: async (ctx, r: Own, f: z.infer<typeof codeSchema>) => {
      if (r.required || !r.user.totp_secret || !r.user.totp_confirmed_at) return false;
      if (acceptedStep(r.user.totp_secret, f.code, null, new Date()) === null) return null;
      await removeTwoFactor(ctx, ctx.actor.id, 'turned-off');
      return true;
    },
    invalid: (_ctx, r: Own, problems) => accountPage(r, problems.errors),
    respond: (_ctx, r: Own, done) => {
      if (done === null) return accountPage(r, [{ field: 'code', message: 'The code is not right. Enter the 6-digit code your app shows now' }]);
      return done ? redirect(paths.twoFactor.account(), 'Two-factor sign-in is turned off') : redirect(paths.twoFactor.account(), 'Two-factor sign-in is required for your role: it cannot be turned off', 'important');
    },
  }),
  route({
    method: 'POST',
    url: '/admin/users/:id/two-factor/reset',
    access: 'users:manage',
    params: idParams,
    load: (ctx, p) => twoFactorOf(ctx.db, p.id),
    command: (ctx, user) => removeTwoFactor(ctx, user.id, 'reset'),
    respond: (_ctx, user) => redirect(paths.admin.editUser(user.id), `Two-factor sign-in is reset for ${user.email}. They are signed out, and set up an app again when they next sign in if their role needs it`),
  }),
];
