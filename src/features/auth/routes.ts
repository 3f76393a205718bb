import { z } from 'zod';
import { TooManyAttemptsError } from '../../errors.js';
import { paths } from '../../paths.js';
import { presentErrors } from '../../web/forms.js';
import { type Route, page, redirect, route } from '../../web/route.js';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceToken, knownDeviceUser } from './devices.js';
import { INVITATION_DAYS, INVITATION_TOKEN, type OpenInvitation, acceptInvitation, openInvitation } from './invitations.js';
import { signIn, signOut, signedInWith } from './sign-in.js';
import { afterSignOut } from './provider-sign-in.js';
import type { Config } from '../../config.js';

const signInSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(254),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200),
});

const VIEW = 'auth/views/sign-in.njk';
const email = (values: Record<string, unknown>) => (typeof values.email === 'string' ? values.email : '');
const signInPage = (config: Config, values: Record<string, unknown>, errors?: { field: string; message: string }[], status = 200, headers?: Record<string, string>) =>
  page(
    VIEW,
    { title: 'Sign in', values: { email: email(values) }, provider: config.staffOidc ? { name: config.staffOidc.name, href: paths.staffSignIn.provider() } : null, passwords: config.staffPasswords, ...presentErrors(errors) },
    { status, ...(headers ? { headers } : {}) },
  );

const invitationParams = z.object({ token: z.string().regex(INVITATION_TOKEN) });
const invitationSchema = z.object({
  password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password').max(200, 'Password must be 200 characters or fewer'),
  confirm: z.string().max(200).default(''),
});
type InvitationLoad = { token: string; invitation: OpenInvitation | undefined };

/** A spent or unknown link answers 404 with a page that says what to do; the token is never logged (no query string). */
const invitationPage = (r: InvitationLoad, errors?: { field: string; message: string }[]) =>
  page(
    'auth/views/invitation.njk',
    {
      title: r.invitation ? 'Choose your password' : 'This invitation link does not work',
      invitation: r.invitation ? { email: r.invitation.email, name: r.invitation.display_name } : null,
      action: paths.invitation(r.token),
      days: INVITATION_DAYS,
      ...presentErrors(errors),
    },
    { status: r.invitation ? (errors ? 400 : 200) : 404, noStore: true },
  );

async function loadInvitation(ctx: { db: Parameters<typeof openInvitation>[0] }, params: { token: string }): Promise<InvitationLoad> {
  return { token: params.token, invitation: await openInvitation(ctx.db, params.token) };
}

/** Staff sign-in and sign-out. Attempts are recorded outside any request transaction, so a refused one still counts. */
export const authRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/sign-in',
    access: 'public',
    load: async (_ctx, _params, request) => ({ signedIn: Boolean(request.actor) }),
    respond: (ctx, s) => (s.signedIn ? redirect(paths.home()) : signInPage(ctx.config, {})),
  }),
  route({
    method: 'POST',
    url: '/sign-in',
    access: 'public',
    transaction: false,
    load: async (ctx, _params, request) => ({
      address: request.ip,
      knownDeviceUserId: knownDeviceUser(ctx.config.sessionSecret, request.cookies?.[DEVICE_COOKIE]),
      values: (request.body ?? {}) as Record<string, unknown>,
    }),
    form: signInSchema,
    command: async (ctx, r, f: z.infer<typeof signInSchema>) => {
      if (!ctx.config.staffPasswords) return { ok: false as const, noPasswords: true };
      try {
        return await signIn(ctx.db, f.email, f.password, r.address, { allowDemoAccounts: ctx.config.allowDemoData, knownDeviceUserId: r.knownDeviceUserId, twoFactorRequiredFor: ctx.config.twoFactorRequiredFor });
      } catch (error) {
        if (error instanceof TooManyAttemptsError) return { ok: false as const, throttled: error.retryAfterSeconds };
        throw error;
      }
    },
    invalid: (ctx, _r, problems) => signInPage(ctx.config, problems.values, problems.errors, 400),
    respond: (ctx, r, result) => {
      // The right password, and a second step to come: a code from the app, or setting the app up.
      if (result.ok && result.waitingFor) return { kind: 'redirect', to: result.waitingFor === 'code' ? paths.staffSignIn.code() : paths.staffSignIn.setUpApp(), session: { waiting: result.token } };
      if (result.ok) {
        // Remember this device for its owner, so a pause caused by someone guessing elsewhere does not lock them out.
        const device = { name: DEVICE_COOKIE, value: deviceToken(ctx.config.sessionSecret, result.actor.id), maxAgeSeconds: DEVICE_DAYS * 86_400, secure: ctx.config.secureCookies };
        return { ...redirect(paths.home()), session: { start: result.token }, cookies: [device] };
      }
      if ('noPasswords' in result) return signInPage(ctx.config, r.values, [{ field: 'email', message: `Sign in with ${ctx.config.staffOidc?.name ?? 'your council account'}: passwords are not used here` }], 403);
      if ('throttled' in result) {
        const minutes = Math.max(1, Math.ceil(result.throttled / 60));
        return signInPage(ctx.config, r.values, [{ field: 'email', message: `Too many attempts to sign in. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again` }], 429, { 'retry-after': String(result.throttled) });
      }
      return signInPage(ctx.config, r.values, [{ field: 'email', message: 'Enter a correct email address and password' }], 401);
    },
  }),
  route({ method: 'GET', url: '/invitations/:token', access: 'public', params: invitationParams, load: loadInvitation, respond: (_ctx, r: InvitationLoad) => invitationPage(r) }),
  route({
    method: 'POST',
    url: '/invitations/:token',
    access: 'public',
    params: invitationParams,
    load: loadInvitation,
    form: invitationSchema,
    command: async (ctx, r: InvitationLoad, f: z.infer<typeof invitationSchema>) => {
      if (!r.invitation) return false;
      await acceptInvitation(ctx.db, r.invitation, f, { allowDemoPassword: ctx.config.allowDemoData });
      return true;
    },
    invalid: (_ctx, r: InvitationLoad, problems) => invitationPage(r, problems.errors),
    respond: (_ctx, r: InvitationLoad, accepted) => (accepted ? redirect(paths.signIn(), 'Your password is set. Sign in with your email address and new password') : invitationPage(r)),
  }),
  route({
    method: 'POST',
    url: '/sign-out',
    access: 'signed-in',
    load: async (ctx, _params, request) => {
      const token = request.session.get('token');
      return { token, signedInWith: token ? await signedInWith(ctx.db, token) : undefined };
    },
    command: async (ctx, s) => {
      if (s.token) await signOut(ctx.db, s.token);
      // Signed in through the council's provider: its session ends too, or the next sign-in would not ask.
      return afterSignOut(ctx.config, s.signedInWith);
    },
    respond: (_ctx, _s, to) => ({ kind: 'redirect', to, session: 'end' }),
  }),
];
