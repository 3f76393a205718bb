import { problem, sendProblem } from '../api/problems.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotSignedInError, SelfdirectError, TooManyAttemptsError, ValidationError } from '../errors.js';
import { paths } from '../paths.js';

interface ErrorPage {
  title: string;
  paragraphs: string[];
  actionHref?: string;
  actionText?: string;
}

const pages: Record<number, ErrorPage> = {
  400: { title: 'There is a problem with what was sent', paragraphs: ['Go back, check what you entered and try again.'] },
  403: {
    title: 'You cannot do this',
    paragraphs: [
      'Your account does not allow you to see this page or make this change.',
      'If a form you sent had been open a long time, go back, reload the page and try again.',
    ],
    actionHref: paths.home(),
    actionText: 'Go to your home page',
  },
  404: {
    title: 'Page not found',
    paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    actionHref: paths.home(),
    actionText: 'Go to your home page',
  },
  409: {
    title: 'Someone else changed this record',
    paragraphs: ['Someone else saved a change while you were working on it. Go back, reload the page to see their change, and make yours again.'],
  },
  413: { title: 'What you sent is too large', paragraphs: ['Go back and send less at a time.'] },
  415: { title: 'There is a problem with what was sent', paragraphs: ['Go back and use the form on the page.'] },
  429: {
    title: 'Too many attempts',
    paragraphs: ['There have been too many attempts in a short time. Wait a few minutes and try again.'],
  },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later.', 'Anything you had saved has been kept. Anything you had not saved was not changed.'],
  },
};

/** The public pages anyone may use without signing in, and where their error pages send people back to. */
const PUBLIC_AREAS: { prefix: string; actionHref: string; actionText: string }[] = [
  { prefix: '/find-support', actionHref: paths.findSupport.search(), actionText: 'Search the directory of support' },
  { prefix: '/plan-your-support', actionHref: paths.estimate.start(), actionText: 'Work out an estimate of your budget' },
];

export async function renderErrorPage(reply: FastifyReply, status: number, said: string[] = [], citizen = false, url = '') {
  const page = pages[status] ?? pages[status >= 500 ? 500 : 400]!;
  // A person's "home" is My Selfdirect, not the staff home page; the public's is the public page they were on.
  const area = PUBLIC_AREAS.find((a) => url === a.prefix || url.startsWith(`${a.prefix}/`) || url.startsWith(`${a.prefix}?`));
  const home = page.actionHref !== paths.home() ? {} : area ? { actionHref: area.actionHref, actionText: area.actionText } : citizen ? { actionHref: paths.portal.home(), actionText: 'Go to My Selfdirect' } : {};
  return reply.code(status).type('text/html; charset=utf-8').view('error.njk', { ...page, ...home, paragraphs: [...said, ...page.paragraphs] });
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === paths.health();
}

/** Typed errors to HTTP, in one place. Nothing about the failure is shown; the log gets it without personal data. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/v1/')) return sendProblem(request, reply, problem(404));
    if (wantsJson(request)) return reply.code(404).send({ error: 'not found' });
    return renderErrorPage(reply, 404, [], request.actor !== undefined && request.actor.kind !== 'staff', request.url);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let status: number;
    if (error instanceof SelfdirectError) {
      status = error.status;
      if (status === 401) return reply.redirect((error instanceof NotSignedInError && error.signInPath) || paths.signIn(), 303);
      if (error instanceof TooManyAttemptsError) reply.header('retry-after', String(error.retryAfterSeconds));
      // A person or representative who reaches the staff home is taken to their own.
      if (status === 403 && request.method === 'GET' && request.url === paths.home() && request.actor && request.actor.kind !== 'staff') return reply.redirect(paths.portal.home(), 303);
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
    } else {
      status = 500;
      request.log.error({ err: error }, 'request failed');
    }
    if (request.url.startsWith('/api/v1/')) return sendProblem(request, reply, problem(status, status === 400 ? 'The request could not be read (is it JSON?)' : undefined));
    if (wantsJson(request)) return reply.code(status).send({ error: pages[status]?.title ?? 'error' });
    try {
      // What was wrong with what was sent, in the words the check gave (never a database's words).
      return await renderErrorPage(reply, status, error instanceof ValidationError ? error.fieldErrors.map((e) => e.message) : [], request.actor !== undefined && request.actor.kind !== 'staff', request.url);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed to render');
      return reply.code(status).type('text/plain').send(pages[status]?.title ?? 'Error');
    }
  });
}
