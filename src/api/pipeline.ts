import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ZodType } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { type AuditRecord, recordAudit } from '../features/audit/audit-trail.js';
import { londonToday } from '../web/format.js';
import type { Executor } from '../web/route.js';
import { type ApiClientActor, type ApiScope, clientForToken } from './clients.js';
import { problem, sendProblem } from './problems.js';

/**
 * The open API's pipeline (ADR 0021): routes as data, as the pages' are. Each declares its scope,
 * its parameters, query and body as Zod schemas (which check requests and make the OpenAPI
 * document), and what it answers with. A request is checked for a bearer token and the scope
 * first, then its input, then it runs in one transaction with its audit entries. Every refusal and
 * failure is an RFC 9457 problem.
 */
export interface ApiContext {
  client: ApiClientActor;
  db: Executor;
  today: string;
  config: Config;
  /** Writes an audit entry as this client: every read of a person's record, as for staff. */
  audit(record: AuditRecord): Promise<void>;
}

export interface ApiRoute<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: 'GET' | 'POST';
  /** Fastify's form: '/api/v1/people/:id'. */
  url: string;
  scope: ApiScope;
  tag: string;
  summary: string;
  description?: string;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  response: ZodType<R>;
  /** Off for a route whose work opens its own short transactions (a statement import); `audit` then writes on its own. */
  transaction?: false;
  /** FHIR resources are `application/fhir+json`. */
  contentType?: 'application/json' | 'application/fhir+json';
  /** The answer, or undefined for a record that is not there or not this client's to see (404 either way). */
  handle: (ctx: ApiContext, input: { params: P; query: Q; body: B }) => Promise<R | undefined>;
}

/** The figures asked for are still being worked out by a job: 503 with when to ask again. */
export class BeingWorkedOut extends Error {
  constructor(readonly retryAfterSeconds = 300) {
    super('being worked out');
  }
}

/** What was sent breaks a rule only the work itself can check (a statement line for another account's dates): 400, naming each place. */
export class ApiInputProblem extends Error {
  constructor(message: string, readonly errors: { pointer: string; detail: string }[]) {
    super(message);
  }
}

export const apiRoute = <P, Q, B, R>(route: ApiRoute<P, Q, B, R>): ApiRoute => route as unknown as ApiRoute;

const REFUSALS = {
  missing: 'Send the token in an Authorization header: Bearer <token>',
  unknown: 'The token is not known',
  expired: 'The token has expired: an administrator registers the client again',
  revoked: 'The token has been revoked',
} as const;

/** Where in the request each problem is: a JSON pointer into the body, or the parameter's name. */
function zodErrors(part: 'body' | 'query' | 'path', issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ pointer: part === 'body' ? `/${i.path.map(String).join('/')}` : `${part}:${i.path.map(String).join('.')}`, detail: i.message }));
}

export function registerApiRoutes(app: FastifyInstance, db: Kysely<Database>, config: Config, routes: ApiRoute[], rateLimitPerMinute: number) {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      // Limited per token (each client its own allowance), not per address.
      config: { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => String(request.headers.authorization ?? request.ip) } },
      handler: async (request, reply) => {
        const check = await clientForToken(db, request.headers.authorization);
        if (!check.ok) return sendProblem(request, reply, problem(401, REFUSALS[check.reason]), { 'www-authenticate': `Bearer realm="selfdirect"${check.reason === 'missing' ? '' : ', error="invalid_token"'}` });
        if (!check.client.scopes.includes(spec.scope)) return sendProblem(request, reply, problem(403, `This needs the scope ${spec.scope}`), { 'www-authenticate': `Bearer realm="selfdirect", error="insufficient_scope", scope="${spec.scope}"` });
        const params = spec.params ? spec.params.safeParse(request.params) : { success: true as const, data: {} };
        if (!params.success) return sendProblem(request, reply, problem(404));
        const query = spec.query ? spec.query.safeParse(request.query ?? {}) : { success: true as const, data: {} };
        if (!query.success) return sendProblem(request, reply, problem(400, 'The query is not valid', zodErrors('query', query.error.issues)));
        if (spec.body && request.method === 'POST' && !String(request.headers['content-type'] ?? '').startsWith('application/json')) return sendProblem(request, reply, problem(415));
        const body = spec.body ? spec.body.safeParse(request.body ?? {}) : { success: true as const, data: {} };
        if (!body.success) return sendProblem(request, reply, problem(400, 'The body is not valid', zodErrors('body', body.error.issues)));
        const client = check.client;
        let answer: unknown;
        try {
          const as = { id: client.id, label: `api-client:${client.name}` };
          const run = (trx: Kysely<Database>, inTransaction: boolean) => {
            // The audit chain's lock holds for a transaction: without the route's, an entry is written in one of its own.
            const audit = (record: AuditRecord) => (inTransaction ? recordAudit(trx, as, record) : trx.transaction().execute((own) => recordAudit(own, as, record)));
            const ctx: ApiContext = { client, db: trx, today: londonToday(), config, audit };
            return spec.handle(ctx, { params: params.data, query: query.data, body: body.data });
          };
          answer = spec.transaction === false ? await run(db, false) : await db.transaction().execute((trx) => run(trx, true));
        } catch (error) {
          if (error instanceof ApiInputProblem) return sendProblem(request, reply, problem(400, error.message, error.errors));
          if (!(error instanceof BeingWorkedOut)) throw error;
          return sendProblem(request, reply, problem(503, 'The figures for this period are being worked out'), { 'retry-after': String(error.retryAfterSeconds) });
        }
        if (answer === undefined) return sendProblem(request, reply, problem(404));
        return reply
          .type(`${spec.contentType ?? 'application/json'}; charset=utf-8`)
          .header('cache-control', 'no-store')
          .send(JSON.stringify(answer));
      },
    });
  }
}
