import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type ZodType, z } from 'zod';
import type { Config } from '../config.js';
import { UUID_PATTERN } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import { ConflictError, type FieldError, ForbiddenError, NotFoundError, NotSignedInError, ValidationError } from '../errors.js';
import { type AuditRecord, auditActor, recordAudit } from '../features/audit/audit-trail.js';
import { paths } from '../paths.js';
import { type Ability, type CitizenActor, type StaffActor, has, isStaff } from '../policies/index.js';
import type { UploadedFile } from './uploads.js';
import { londonToday } from './format.js';
import { parseForm, submittedValues, withIsoDates } from './forms.js';

/**
 * The route pipeline. A route is data: who may call it, the shape of its params, how it loads its
 * record, the record policy the record must pass, the one command it runs, and how it answers.
 * `handle` runs them in that order, once, inside one transaction:
 *
 *   ability → params (malformed: 404) → load (missing: 404) → policy (refused: 404, reads like
 *   missing) → view audit (GET) → form (invalid: re-render, 400) → command (its audit entry in the
 *   same transaction) → commit → respond (pure: a page, a redirect with a message, or a file)
 *
 * A command that throws a ValidationError rolls back; the form is shown again with its messages
 * after the record is loaded once more (nothing is audited for that). A ConflictError goes to the
 * route's `conflict` answer when it has one (most say so on the record's page), else a 409 page.
 */

/** Who may reach the route at all: anyone, anyone signed in, or staff holding the ability. */
/** Who may use a route: anyone, any member of staff, staff with an ability, or a person or representative signed in to My Selfdirect. */
export type Access = 'public' | 'signed-in' | 'portal' | Ability;

export type Executor = Kysely<Database>;

export interface Context {
  /** The member of staff (a portal route's actor type comes with the portal). */
  actor: StaffActor;
  /** The request's transaction: every read and write of the request goes through it. */
  db: Executor;
  /** Today in London, once per request, so a request never straddles midnight. */
  today: string;
  config: Config;
  /** Files a multipart form sent, streamed to disk before the route runs. */
  files: Record<string, UploadedFile | null | undefined>;
  /** Messages the request wrote to the outbox: delivery is asked for once it commits. */
  queued?: { count: number };
  /** On a My Selfdirect route: the person or representative signed in (staff never are). */
  citizen?: CitizenActor;
}

/** What a route answers with. Rendering happens after the transaction has committed. */
export type Outcome =
  | { kind: 'page'; view: string; context: Record<string, unknown>; status?: number; noStore?: boolean; headers?: Record<string, string>; signsIn?: string }
  | { kind: 'redirect'; to: string; flash?: { text: string; type?: 'success' | 'important' }; session?: { start: string } | { waiting: string } | { portal: string } | { challenge: string } | { oidc: string } | 'end'; cookies?: { name: string; value: string; maxAgeSeconds: number; secure: boolean }[] }
  | { kind: 'file'; contentType: string; body: string | Buffer; filename?: string; noStore?: boolean };

export const page = (view: string, context: Record<string, unknown>, options: { status?: number; noStore?: boolean; headers?: Record<string, string> } = {}): Outcome => ({ kind: 'page', view, context, ...options });
export const redirect = (to: string, flash?: string, type: 'success' | 'important' = 'success'): Outcome => ({ kind: 'redirect', to, ...(flash ? { flash: { text: flash, type } } : {}) });
export const download = (contentType: string, body: string | Buffer, filename?: string): Outcome => ({ kind: 'file', contentType, body, ...(filename ? { filename } : {}) });

/** What a form sent, to show again beside its problems. */
export interface Problems {
  values: Record<string, string | string[]>;
  errors: FieldError[];
}

export interface RouteSpec<P, R, F, C> {
  method: 'GET' | 'POST';
  url: string;
  access: Access;
  /** Path parameters; anything that does not fit (a malformed id) is a 404 before anything runs. */
  params?: ZodType<P>;
  /** The record, once, in the request's transaction; undefined is a 404. */
  load?: (ctx: Context, params: P, request: FastifyRequest) => Promise<R | undefined>;
  /** The record policy: false reads exactly like a missing record. */
  allow?: (actor: StaffActor, record: R) => boolean;
  /** A GET that shows a person's record says so in the audit trail; a POST audits only its change. */
  viewed?: (record: R) => AuditRecord;
  /** The form, checked before the command; ISO dates are assembled from GOV.UK date inputs first. */
  form?: ZodType<F> | ((ctx: Context, record: R) => ZodType<F>);
  /** A development tool: never mounted in production. */
  developmentOnly?: boolean;
  dates?: string[];
  /** The one change the route makes, with its audit entry, in the request's transaction. */
  command?: (ctx: Context, record: R, form: F) => Promise<C>;
  /** The answer: pure, from what was loaded and what the command returned. */
  respond: (ctx: ContextAfter, record: R, result: C) => Outcome | Promise<Outcome>;
  /** What the form page needs when it is shown again with problems, if more than `load` gives. */
  reload?: (ctx: Context, params: P, request: FastifyRequest) => Promise<R | undefined>;
  /** The form again with its problems (400). */
  invalid?: (ctx: ContextAfter, record: R, problems: Problems) => Outcome;
  /** Someone else changed the record first. */
  conflict?: (ctx: ContextAfter, record: R, error: ConflictError) => Outcome;
  /** Off for routes that read large uploads: the command opens its own short transactions. */
  transaction?: boolean;
  /** This route takes file uploads (streamed to disk), checked against its access first; `maxBytes` is the largest it takes. */
  uploads?: boolean | { maxBytes: number };
}

/** After the commit: presenters get no database. */
export type ContextAfter = Omit<Context, 'db'>;

/** A declared route with its types erased, as a slice lists them. */
export type Route = RouteSpec<any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Declares a route; the generic parameters are inferred from the parts. */
export function route<P = Record<string, never>, R = undefined, F = undefined, C = undefined>(spec: RouteSpec<P, R, F, C>): Route {
  return spec as Route;
}

/** Ids in paths are UUIDs; anything else names no record. */
export const uuid = z.string().regex(UUID_PATTERN);
export const idParams = z.object({ id: uuid });
export const itemParams = z.object({ id: uuid, itemId: uuid });

export interface PipelineDeps {
  db: Executor;
  config: Config;
  /** Told when a request has committed messages to the outbox (the job runner delivers them). */
  messagesQueued?: () => void;
}

function actorFor(request: FastifyRequest, access: Access): StaffActor {
  if (access === 'public') return request.actor as StaffActor;
  if (access === 'portal') {
    // The portal is for people and their representatives: a staff session is refused, not followed.
    if (!request.actor) throw new NotSignedInError(paths.portal.signIn());
    if (isStaff(request.actor)) throw new ForbiddenError();
    return request.actor as unknown as StaffActor;
  }
  if (!request.actor) throw new NotSignedInError();
  if (access === 'signed-in') {
    if (!isStaff(request.actor)) throw new ForbiddenError();
    return request.actor;
  }
  if (!has(request.actor, access)) throw new ForbiddenError();
  return request.actor as StaffActor;
}

class Invalid {
  constructor(readonly errors: FieldError[]) {}
}

/** Control characters no form field may hold (a NUL cannot even be stored); tabs and line breaks are fine. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const hasControl = (value: unknown): boolean => (typeof value === 'string' ? CONTROL.test(value) : Array.isArray(value) && value.some(hasControl));

/** Every submitted field holding a control character, as a form problem named for the field. */
function controlCharacterProblems(body: Record<string, unknown>): FieldError[] {
  return Object.entries(body)
    .filter(([key, value]) => key !== '_csrf' && hasControl(value))
    .map(([field]) => ({ field, message: 'This answer has a hidden character that cannot be saved. Type it again rather than pasting it' }));
}

/** Runs one declared route for a request. */
export async function handle(spec: Route, deps: PipelineDeps, request: FastifyRequest, reply: FastifyReply) {
  const actor = actorFor(request, spec.access);
  const parsedParams = spec.params ? spec.params.safeParse(request.params) : { success: true as const, data: {} };
  if (!parsedParams.success) throw new NotFoundError();
  if (Object.values((request.query ?? {}) as Record<string, unknown>).some(hasControl)) throw new ValidationError([{ field: 'query', message: 'The web address has a character that cannot be used' }]);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const files: Context['files'] = {};
  for (const [key, value] of Object.entries(body)) if (value && typeof value === 'object' && 'path' in value && 'bytes' in value) files[key] = value as UploadedFile;
  const queued = { count: 0 };
  const citizen = request.actor && !isStaff(request.actor) ? request.actor : undefined;
  const base = { actor, today: londonToday(), config: deps.config, files, queued, ...(citizen ? { citizen } : {}) };

  const run = async (db: Executor, mode: 'full' | 'reload') => {
    const ctx: Context = { ...base, db };
    const loader = mode === 'reload' && spec.reload ? spec.reload : spec.load;
    const record = loader ? await loader(ctx, parsedParams.data, request) : undefined;
    if (spec.load && record === undefined) throw new NotFoundError();
    if (spec.allow && !spec.allow(actor, record)) throw new NotFoundError();
    if (mode === 'reload') return { record, result: undefined };
    if (request.method === 'GET' && spec.viewed) await recordAudit(db, auditActor(actor), spec.viewed(record));
    let form: unknown;
    if (spec.form) {
      const schema = typeof spec.form === 'function' ? spec.form(ctx, record) : spec.form;
      const control = controlCharacterProblems(body);
      const parsed = control.length ? { ok: false as const, errors: control } : parseForm(schema, spec.dates ? withIsoDates(body, spec.dates) : body);
      if (!parsed.ok) {
        if (spec.reload) throw new ValidationError(parsed.errors);
        return { record, result: new Invalid(parsed.errors) };
      }
      form = parsed.value;
    }
    const result = spec.command ? await spec.command(ctx, record, form) : undefined;
    return { record, result };
  };

  const inTransaction = <T>(fn: (db: Executor) => Promise<T>) => (spec.transaction === false ? fn(deps.db) : deps.db.transaction().execute(fn));

  let outcome: Outcome;
  try {
    const { record, result } = await inTransaction((db) => run(db, 'full'));
    if (queued.count > 0) deps.messagesQueued?.();
    outcome = result instanceof Invalid ? invalidOutcome(spec, base, record, body, result.errors) : await spec.respond(base, record, result);
  } catch (error) {
    if (error instanceof ValidationError && spec.invalid) {
      const { record } = await inTransaction((db) => run(db, 'reload'));
      outcome = invalidOutcome(spec, base, record, body, error.fieldErrors);
    } else if (error instanceof ConflictError && spec.conflict) {
      const { record } = await inTransaction((db) => run(db, 'reload'));
      outcome = spec.conflict(base, record, error);
    } else {
      throw error;
    }
  }
  return send(request, reply, outcome);
}

function invalidOutcome(spec: Route, ctx: ContextAfter, record: unknown, body: Record<string, unknown>, errors: FieldError[]): Outcome {
  if (!spec.invalid) throw new ValidationError(errors);
  const outcome = spec.invalid(ctx, record, { values: submittedValues(body), errors });
  return outcome.kind === 'page' ? { ...outcome, status: outcome.status ?? 400 } : outcome;
}

function send(request: FastifyRequest, reply: FastifyReply, outcome: Outcome) {
  switch (outcome.kind) {
    case 'redirect':
      if (outcome.session === 'end') request.session.delete();
      else if (outcome.session && 'start' in outcome.session) {
        request.session.regenerate();
        request.session.set('token', outcome.session.start);
      } else if (outcome.session && 'waiting' in outcome.session) {
        // Signed in but for the second step: kept apart from 'token' until it is done (ADR 0020).
        request.session.regenerate();
        request.session.set('waiting', outcome.session.waiting);
      } else if (outcome.session && 'portal' in outcome.session) {
        request.session.regenerate();
        request.session.set('portalToken', outcome.session.portal);
      } else if (outcome.session && 'oidc' in outcome.session) request.session.set('oidc', outcome.session.oidc);
      else if (outcome.session) request.session.set('challenge', outcome.session.challenge);
      if (outcome.flash) request.session.set('flash', { type: outcome.flash.type ?? 'success', text: outcome.flash.text });
      for (const c of outcome.cookies ?? []) reply.setCookie(c.name, c.value, { path: '/', httpOnly: true, sameSite: 'lax', secure: c.secure, maxAge: c.maxAgeSeconds });
      return reply.redirect(outcome.to, 303);
    case 'file':
      reply.header('content-type', outcome.contentType);
      if (outcome.filename) reply.header('content-disposition', `attachment; filename="${outcome.filename}"`);
      if (outcome.noStore !== false) reply.header('cache-control', 'no-store');
      return reply.send(outcome.body);
    case 'page':
      // Signed in by this very answer (a page shown once, such as new recovery codes).
      if (outcome.signsIn) {
        request.session.regenerate();
        request.session.set('token', outcome.signsIn);
      }
      if (outcome.noStore) reply.header('cache-control', 'no-store');
      if (outcome.headers) for (const [name, value] of Object.entries(outcome.headers)) reply.header(name, value);
      return reply.code(outcome.status ?? 200).view(outcome.view, outcome.context);
  }
}
