import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySecureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import nunjucks from 'nunjucks';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { actorForSession } from './features/auth/sign-in.js';
import { SLICES } from './features/index.js';
import { projectRoot } from './root.js';
import { orderErrorSummary } from './web/error-summary.js';
import { registerErrorHandling } from './web/errors.js';
import { loggerOptions } from './web/logging.js';
import { registerUploads } from './web/uploads.js';
import { registerHealth } from './web/health.js';
import { registerApiRoutes } from './api/pipeline.js';
import { apiV1Routes } from './api/v1.js';
import { navigationFor, signedInAs } from './web/navigation.js';
import { actorForPortalSession } from './features/portal/sign-in.js';
import { paths } from './paths.js';
import { registerSlices } from './web/slice.js';
import './web/session.js';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Requests a minute from one address before 429; raised in tests that sweep every route. */
  rateLimitPerMinute?: number;
  logger?: FastifyServerOptions['logger'];
  /** Told when a request has committed messages to the outbox: the job runner delivers them. */
  messagesQueued?: () => void;
  /** Whether the job runner is running, for the readiness check (the server starts it after the app). */
  jobsRunning?: () => boolean;
}

function sessionKey(config: Config): Buffer {
  // Without a configured secret (development and tests), sessions last as long as the process.
  return config.sessionSecret ? createHash('sha256').update(config.sessionSecret).digest() : randomBytes(32);
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: { method: string; url: string }[];
  }
}

function takeFlash(request: FastifyRequest) {
  const message = request.session.get('flash');
  if (!message) return null;
  request.session.set('flash', undefined);
  return message.type === 'success' ? message : { text: message.text };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const navigation = SLICES.flatMap((s) => s.navigation ?? []).sort((a, b) => a.order - b.order);
  const routes: { method: string; url: string }[] = [];
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
  });

  // Every route, so that a test can check each one is covered by the access rules.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.decorate('registeredRoutes', routes);

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? undefined : false,
    referrerPolicy: { policy: 'same-origin' },
  });

  await app.register(fastifyStatic, {
    root: path.join(projectRoot, 'public', 'assets'),
    prefix: '/assets/',
    maxAge: '1h',
    index: false,
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute ?? config.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (request) => request.url.startsWith('/assets/'),
  });

  await app.register(fastifyFormbody, { bodyLimit: 1_048_576 });
  await app.register(fastifySecureSession, {
    key: sessionKey(config),
    cookieName: 'selfdirect-session',
    expiry: 10 * 3600,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });

  const templatePaths = [
    path.join(projectRoot, 'src', 'views'),
    path.join(projectRoot, 'src', 'features'),
    path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
  ];
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: templatePaths,
    options: {
      onConfigure: (env: nunjucks.Environment) => {
        env.addGlobal('councilName', config.councilName);
        // The design system's macros trim every block they are given; nunjucks trims with a
        // regular expression that profiled at 3% of a page under load. The same whitespace, trimmed
        // natively, keeping the value's safe marking (issue 19).
        env.addFilter('trim', (value: unknown) => {
          const trimmed = value == null ? '' : String(value).trim();
          return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
        });
      },
      // Compiled once: recompiling every template on every request made each page tens of ms slower (issue 19).
      noCache: config.reloadTemplates,
    },
  });

  // Every request: who is signed in (from the session token), before any upload is read.
  app.addHook('onRequest', async (request) => {
    // Pages only: the API knows its caller by a bearer token, never a session.
    if (request.url.startsWith('/assets/') || request.url.startsWith('/api/v1/')) return;
    const token = request.session.get('token');
    if (token) {
      request.actor = await actorForSession(database.db, token);
      if (!request.actor) request.session.set('token', undefined);
    }
    // My Selfdirect's session, apart from staff ones: a person or a representative.
    const portalToken = request.session.get('portalToken');
    if (portalToken && !request.actor) {
      request.actor = await actorForPortalSession(database.db, portalToken);
      if (!request.actor) request.session.set('portalToken', undefined);
    }
  });
  await registerUploads(app, config.uploadDir);

  // What every page's layout needs.
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/health') || request.url.startsWith('/api/v1/')) return;
    reply.locals = {
      cspNonce: (reply as unknown as { cspNonce: { script: string } }).cspNonce.script,
      csrfToken: reply.generateCsrf(),
      navigation: navigationFor(navigation, request.actor, request.url.split('?')[0] ?? '/'),
      signedInAs: signedInAs(request.actor),
      signedIn: Boolean(request.actor),
      signOutAction: request.actor && request.actor.kind !== 'staff' ? paths.portal.signOut() : paths.signOut(),
      accountLink: request.actor?.kind === 'staff' ? { href: paths.twoFactor.account(), text: 'Two-factor sign-in' } : null,
      flash: takeFlash(request),
    };
  });

  // Every form post carries the CSRF token; a post without one is refused with 403.
  app.addHook('preHandler', (request, reply, done) => {
    // The API is called with a bearer token, never a cookie: there is no session to forge a request with.
    if (request.method === 'POST' && !request.url.startsWith('/api/v1/')) return app.csrfProtection(request, reply, done);
    done();
  });

  // A form's error summary in the order of its fields, whatever order its checks found them in.
  app.addHook('onSend', async (_request, reply, payload) => (typeof payload === 'string' && reply.statusCode >= 400 && payload.includes('govuk-error-summary__list') ? orderErrorSummary(payload) : payload));

  registerErrorHandling(app);

  registerHealth(app, database, options.jobsRunning ?? (() => false));

  app.get('/accessibility', async (_request, reply) => reply.view('accessibility.njk', { title: 'Accessibility statement' }));

  registerSlices(app, SLICES, { db: database.db, config, ...(options.messagesQueued ? { messagesQueued: options.messagesQueued } : {}) });
  // The open API: bearer tokens, JSON and RFC 9457 problems, apart from the pages (ADR 0021).
  registerApiRoutes(app, database.db, config, apiV1Routes, config.apiRateLimitPerMinute);

  return app;
}
