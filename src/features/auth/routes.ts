import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { TooManyAttemptsError } from '../../errors.js';
import { paths } from '../../paths.js';
import { parseForm, presentErrors } from '../../web/forms.js';

const signInSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(254),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200),
});

const view = 'auth/views/sign-in.njk';

export function registerAuthRoutes(app: FastifyInstance, { auth }: Services) {
  app.get(paths.signIn(), async (request, reply) => {
    if (request.actor) return reply.redirect(paths.home(), 303);
    return reply.view(view, { title: 'Sign in', values: {} });
  });

  app.post(paths.signIn(), async (request, reply) => {
    const form = parseForm(signInSchema, request.body);
    const email = typeof (request.body as Record<string, unknown>)?.email === 'string' ? String((request.body as Record<string, unknown>).email) : '';
    if (!form.ok) return reply.code(400).view(view, { title: 'Sign in', values: { email }, ...presentErrors(form.errors) });
    try {
      const result = await auth.signIn(form.value.email, form.value.password, request.ip);
      if (!result.ok) {
        return reply.code(401).view(view, {
          title: 'Sign in',
          values: { email },
          ...presentErrors([{ field: 'email', message: 'Enter a correct email address and password' }]),
        });
      }
      request.session.regenerate();
      request.session.set('token', result.token);
      return reply.redirect(paths.home(), 303);
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(429).view(view, {
        title: 'Sign in',
        values: { email },
        ...presentErrors([{ field: 'email', message: 'Too many attempts to sign in. Wait 15 minutes and try again' }]),
      });
    }
  });

  app.post(paths.signOut(), async (request, reply) => {
    const token = request.session.get('token');
    if (token) await auth.signOut(token);
    request.session.delete();
    return reply.redirect(paths.signIn(), 303);
  });
}
