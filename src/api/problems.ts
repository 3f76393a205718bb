import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The API's errors in one format, RFC 9457 problem details (ADR 0021). The pages' error handler
 * answers API addresses with these too, so a client never gets an HTML error page.
 */

/** An RFC 9457 problem: `type` names the kind, `title` says it in words, `detail` this occurrence. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { pointer: string; detail: string }[];
}

const PROBLEM_BASE = 'https://selfdirect.example/problems/';
const PROBLEMS: Record<number, { type: string; title: string }> = {
  400: { type: 'invalid-request', title: 'The request is not valid' },
  401: { type: 'not-authenticated', title: 'A valid bearer token is needed' },
  403: { type: 'insufficient-scope', title: 'The token does not allow this' },
  404: { type: 'not-found', title: 'There is no such record, or it is not this client’s to see' },
  415: { type: 'unsupported-media-type', title: 'Send JSON (application/json)' },
  429: { type: 'too-many-requests', title: 'Too many requests: wait and try again' },
  500: { type: 'server-error', title: 'Something went wrong on our side' },
  503: { type: 'being-worked-out', title: 'The figures are being worked out: ask again later' },
};

export function problem(status: number, detail?: string, errors?: Problem['errors']): Problem {
  const known = PROBLEMS[status] ?? PROBLEMS[500]!;
  return { type: `${PROBLEM_BASE}${known.type}`, title: known.title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: Problem, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply
    .code(p.status)
    .type('application/problem+json')
    .header('cache-control', 'no-store')
    .send({ ...p, instance: request.url.split('?')[0] });
}
