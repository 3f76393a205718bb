import { z } from 'zod';
import { AREAS, SERVICE_CATEGORIES } from '../../domain/directory/catalogue.js';
import { paths } from '../../paths.js';
import { type Route, idParams, page, route } from '../../web/route.js';
import { publicView } from '../directory/public.js';
import { howToContact, publicCard } from '../directory/presenters.js';
import { entriesMatching, publicEntryById } from '../directory/repository.js';

const searchQuery = z.object({
  service: z.enum(SERVICE_CATEGORIES as unknown as [string, ...string[]]).optional().catch(undefined),
  area: z.enum(AREAS as unknown as [string, ...string[]]).optional().catch(undefined),
});

/** The public directory: no sign-in; only entries that agreed to be listed, and only what they agreed to show. */
export const findSupportRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/find-support',
    access: 'public',
    load: async (ctx, _p, request) => {
      const q = searchQuery.parse(request.query ?? {});
      return { ...q, entries: (await entriesMatching(ctx.db, { service: q.service, area: q.area, publicOnly: true })).map(publicView) };
    },
    respond: (_ctx, { service, area, entries }) =>
      page('find-support/views/search.njk', {
        title: 'Find support',
        services: [{ value: '', text: 'Any service' }, ...SERVICE_CATEGORIES.map((s) => ({ value: s, text: s, selected: s === service }))],
        areas: [{ value: '', text: 'Anywhere in Anytown' }, ...AREAS.map((a) => ({ value: a, text: a, selected: a === area }))],
        count: `${entries.length} ${entries.length === 1 ? 'result' : 'results'}`,
        results: entries.map((e) => ({ ...publicCard(e), href: paths.findSupport.view(e.id) })),
      }),
  }),
  route({
    method: 'GET',
    url: '/find-support/:id',
    access: 'public',
    params: idParams,
    load: (ctx, params) => publicEntryById(ctx.db, params.id),
    respond: (_ctx, entry) => {
      const shown = publicView(entry);
      return page('find-support/views/entry.njk', { title: shown.name, card: publicCard(shown), contact: howToContact(shown), councilContact: _ctx.config.councilContact, backLink: { href: paths.findSupport.search(), text: 'Find support' } });
    },
  }),
];
