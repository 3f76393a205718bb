import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.js';
import { AREAS, SERVICE_CATEGORIES } from '../../domain/directory/catalogue.js';
import { paths } from '../../paths.js';
import { publicCard } from '../directory/presenters.js';

/** The public directory: no sign-in; only entries that agreed to be listed, and only what they agreed to show. */
export function registerFindSupportRoutes(app: FastifyInstance, { directory }: Services) {
  app.get<{ Querystring: { service?: string; area?: string } }>(paths.findSupport.search(), async (request, reply) => {
    const service = (SERVICE_CATEGORIES as readonly string[]).includes(request.query.service ?? '') ? request.query.service : undefined;
    const area = (AREAS as readonly string[]).includes(request.query.area ?? '') ? request.query.area : undefined;
    const entries = await directory.publicSearch({ service, area });
    return reply.view('find-support/views/search.njk', {
      title: 'Find support',
      services: [{ value: '', text: 'Any service' }, ...SERVICE_CATEGORIES.map((s) => ({ value: s, text: s, selected: s === service }))],
      areas: [{ value: '', text: 'Anywhere in Anytown' }, ...AREAS.map((a) => ({ value: a, text: a, selected: a === area }))],
      count: `${entries.length} ${entries.length === 1 ? 'result' : 'results'}`,
      results: entries.map((e) => ({ ...publicCard(e), href: paths.findSupport.view(e.id) })),
    });
  });

  app.get<{ Params: { id: string } }>('/find-support/:id', async (request, reply) => {
    const entry = await directory.publicGet(request.params.id);
    return reply.view('find-support/views/entry.njk', { title: entry.name, card: publicCard(entry), backLink: { href: paths.findSupport.search(), text: 'Find support' } });
  });
}
