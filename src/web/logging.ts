import type { FastifyServerOptions } from 'fastify';
import { SelfdirectError } from '../errors.js';

/**
 * An error as the log may hold it. Database drivers put the query's parameters on the error
 * (PGlite) or echo submitted values in its message and detail (PostgreSQL), so an error that is
 * not one of ours is logged by its kind, its SQLSTATE code and constraint, and where in our code
 * it happened: never its message, query, parameters or detail.
 */
export function errorForLog(error: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(error instanceof Error)) return { type: typeof error, message: '', stack: '' };
  const e = error as Error & Record<string, unknown>;
  const frames = (e.stack ?? '').split('\n').slice(1, 8).map((line) => line.trim()).join(' | ');
  const ours = error instanceof SelfdirectError;
  const picked: { type: string; message: string; stack: string; [key: string]: unknown } = { type: e.constructor?.name ?? 'Error', message: ours ? e.message : '', stack: frames };
  for (const key of ['code', 'constraint', 'table', 'column', 'routine', 'severity', 'statusCode']) if (typeof e[key] === 'string' || typeof e[key] === 'number') picked[key] = e[key];
  return picked;
}

/** Personal data never reaches the logs: no bodies, no cookies, no query strings, no database error text. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      err: errorForLog,
    },
  };
}
