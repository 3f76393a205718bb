import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.js';
import { paths } from '../../paths.js';
import { has } from '../../policies/index.js';
import type { Slice } from '../../web/slice.js';
import { actorOf, signedIn } from '../../web/session.js';

/** The home page: a card for each thing the user's role can do, from the slices' home entries. */
export function registerHomeRoutes(app: FastifyInstance, { people }: Services, { slices }: { slices: readonly Slice[] }) {
  const entries = slices.flatMap((s) => s.home ?? []).sort((a, b) => a.order - b.order);
  app.get(paths.home(), { preHandler: [signedIn] }, async (request, reply) => {
    const actor = actorOf(request);
    const caseload = has(actor, 'people:read') ? { open: (await people.list(actor, { page: 1, includeClosed: false })).total } : null;
    const tasks = entries.filter((e) => has(actor, e.ability)).map(({ href, title, hint }) => ({ href, title, hint }));
    return reply.view('home/views/home.njk', { title: 'Home', actorName: actor.displayName, caseload, tasks });
  });
}
