import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ForbiddenError, NotSignedInError } from '../errors.js';
import { type Ability, type Actor, type StaffActor, has, isStaff } from '../policies/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in: a member of staff, or (through the portal) a person or their representative. */
    actor?: Actor;
  }
  interface FastifyReply {
    /** What every page's layout needs; @fastify/view merges it into each template's context. */
    locals?: Record<string, unknown>;
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** A random token; its hash names a row in staff_sessions. Nothing else about the user is kept here. */
    token: string;
    /** A one-off message such as "Record updated": never personal data. */
    flash: { type: 'success' | 'important'; text: string };
  }
}

/** The signed-in member of staff, or a redirect to sign in; anyone else signed in is refused. */
export function actorOf(request: FastifyRequest): StaffActor {
  if (!request.actor) throw new NotSignedInError();
  if (!isStaff(request.actor)) throw new ForbiddenError();
  return request.actor;
}

/** Route pipeline step: signed in, with the ability. */
export function allow(ability: Ability): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = actorOf(request);
    if (!has(actor, ability)) throw new ForbiddenError();
  };
}

/** Route pipeline step: signed in, any role. */
export const signedIn: preHandlerAsyncHookHandler = async (request) => {
  actorOf(request);
};

/** A message for the next page: a confirmation, or something the person needs to know. */
export function flash(request: FastifyRequest, text: string, type: 'success' | 'important' = 'success') {
  request.session.set('flash', { type, text });
}
