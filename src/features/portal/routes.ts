import { z } from 'zod';
import { TooManyAttemptsError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type Route, page, redirect, route } from '../../web/route.js';
import { portalHome } from './home.js';
import * as present from './presenters.js';
import { codeSchema, emailSchema } from './schemas.js';
import { CODE, checkCode, requestCode, signOutOfPortal } from './sign-in.js';

const SIGN_IN = 'portal/views/sign-in.njk';
const CODE_VIEW = 'portal/views/code.njk';
const wait = (seconds: number) => {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
};
const tooMany = (view: string, context: Record<string, unknown>, seconds: number) => page(view, context, { status: 429, headers: { 'retry-after': String(seconds) } });

/** My Selfdirect: signing in with an emailed code, and the first page. */
export const portalRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/my',
    access: 'portal',
    load: (ctx) => portalHome(ctx.db, ctx.citizen!),
    respond: (ctx, people) => page('portal/views/home.njk', present.homePage(ctx.citizen!, people, ctx.config.councilContact), { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/my/sign-in',
    access: 'public',
    load: async (_ctx, _p, request) => ({ citizen: Boolean(request.actor && request.actor.kind !== 'staff') }),
    respond: (_ctx, s) => (s.citizen ? redirect(paths.portal.home()) : page(SIGN_IN, present.signInPage({}, undefined, _ctx.config.portalOidc))),
  }),
  route({
    method: 'POST',
    url: '/my/sign-in',
    access: 'public',
    load: async (_ctx, _p, request) => ({ address: request.ip }),
    form: emailSchema,
    command: async (ctx, r, f: z.infer<typeof emailSchema>) => {
      try {
        return await requestCode(ctx, f.email, r.address);
      } catch (error) {
        if (error instanceof TooManyAttemptsError) return { throttled: error.retryAfterSeconds };
        throw error;
      }
    },
    invalid: (ctx, _r, problems) => page(SIGN_IN, present.signInPage(problems.values, problems.errors, ctx.config.portalOidc)),
    // The same answer for every address, with an account or not: the code page.
    respond: (_ctx, _r, result) =>
      'throttled' in result
        ? tooMany(SIGN_IN, present.signInPage({}, [{ field: 'email', message: `You have asked for a lot of codes. Wait ${wait(result.throttled)} and try again` }], _ctx.config.portalOidc), result.throttled)
        : { ...redirect(paths.portal.code()), session: { challenge: result.challenge } },
  }),
  route({
    method: 'GET',
    url: '/my/sign-in/code',
    access: 'public',
    // Shown with or without a code asked for: a code entered without one is simply not right.
    respond: () => page(CODE_VIEW, present.codePage(CODE.minutes), { noStore: true }),
  }),
  route({
    method: 'POST',
    url: '/my/sign-in/code',
    access: 'public',
    load: async (_ctx, _p, request) => ({ challenge: request.session.get('challenge') ?? null, address: request.ip }),
    form: codeSchema,
    command: async (ctx, r, f: z.infer<typeof codeSchema>) => {
      if (!r.challenge) return { ok: false as const, reason: 'spent' as const };
      try {
        return await checkCode(ctx.db, r.challenge, f.code, r.address);
      } catch (error) {
        if (error instanceof TooManyAttemptsError) return { ok: false as const, reason: 'throttled' as const, seconds: error.retryAfterSeconds };
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => page(CODE_VIEW, present.codePage(CODE.minutes, problems.errors)),
    respond: (_ctx, _r, result) => {
      if (result.ok) return { ...redirect(paths.portal.home()), session: { portal: result.token } };
      if (result.reason === 'throttled') return tooMany(CODE_VIEW, present.codePage(CODE.minutes, [{ field: 'code', message: `Too many wrong codes. Wait ${wait(result.seconds)} and try again` }]), result.seconds);
      // A wrong code is counted (the transaction commits); the page says what to do.
      const message = result.reason === 'wrong' ? 'That code is not right. Check the email and try again' : 'That code has run out or has been used. Get a new code';
      return page(CODE_VIEW, present.codePage(CODE.minutes, [{ field: 'code', message }]), { status: 400, noStore: true });
    },
  }),
  route({
    method: 'POST',
    url: '/my/sign-out',
    access: 'portal',
    load: async (_ctx, _p, request) => ({ token: request.session.get('portalToken') ?? null }),
    command: async (ctx, r) => {
      if (r.token) await signOutOfPortal(ctx.db, r.token);
    },
    respond: () => ({ ...redirect(paths.portal.signIn(), 'You have signed out'), session: 'end' }),
  }),
];
