import type { Actor } from '../policies/index.js';

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
    /** After a right password, until the code from the app is given (or the app set up): the same kind of token, its row marked as waiting. */
    waiting: string;
    /** My Selfdirect's session: a random token whose hash names a row in portal_sessions. */
    portalToken: string;
    /** While signing in to My Selfdirect: a random challenge whose hash names the code sent (never the address). */
    challenge: string;
    /** While signing in through the council's identity provider: the PKCE verifier, state and nonce (random, never personal). */
    oidc: string;
    /** A one-off message such as "Record updated": never personal data. */
    flash: { type: 'success' | 'important'; text: string };
  }
}
