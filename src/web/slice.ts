import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/schema.js';
import type { Ability } from '../policies/index.js';
import { type Context, type PipelineDeps, type Route, handle } from './route.js';

/** A link in the service navigation, shown to those with the ability, in order. */
export interface NavigationEntry {
  href: string;
  text: string;
  ability: Ability;
  order: number;
}

/** A card on the home page, for those with the ability. */
export interface HomeTask {
  href: string;
  title: string;
  hint: string;
  ability: Ability;
  order: number;
}

/** Something on the home page that needs the user's attention, with what they can do about it. */
export interface HomeNotice {
  text: string;
  /** A form button that deals with it (POST, with CSRF). */
  action?: { url: string; text: string; hiddenText: string };
  /** A page that says more. */
  link?: { href: string; text: string };
}

/** A list of notices on the home page, for those with the ability; the slice loads its own. */
export interface HomeNotices {
  title: string;
  ability: Ability;
  load: (ctx: Context) => Promise<HomeNotice[]>;
}

/** A table the slice owns, in the order a restore must load them (parents first), and its stable sort. */
export interface OwnedTable {
  name: keyof Database;
  orderBy: string;
  /** Left out of backups, with the reason: a restored service starts without them. */
  notBackedUp?: string;
}

/**
 * A feature area, as the app sees it. The app, the navigation, the home page, the backup and the
 * every-route access test each iterate over the one list in src/features/index.ts, so a new area
 * is a new folder that exports one of these, and one line there.
 */
export interface Slice {
  name: string;
  routes: Route[];

  navigation?: NavigationEntry[];
  home?: HomeTask[];
  notices?: HomeNotices[];
  tables?: OwnedTable[];
}

/** Registers every route of every slice on the app, each through the one pipeline. */
export function registerSlices(app: FastifyInstance, slices: readonly Slice[], deps: PipelineDeps) {
  for (const slice of slices) {
    for (const spec of slice.routes) {
      // Development tools (/dev/outbox) are never mounted in production.
      if (spec.developmentOnly && deps.config.environment === 'production') continue;
      app.route({
        method: spec.method,
        url: spec.url,
        config:
          spec.uploads && spec.access !== 'public' && spec.access !== 'signed-in'
            ? { uploads: spec.access, ...(typeof spec.uploads === 'object' ? { uploadBytes: spec.uploads.maxBytes } : {}) }
            : {},
        handler: (request, reply) => handle(spec, deps, request, reply),
      });
    }
  }
}
