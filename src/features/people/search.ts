import type { z } from 'zod';
import { interpretSearch } from '../../domain/people/search.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { presentErrors } from '../../web/forms.js';
import { loadPage, pageQuery, pagination, shownRange } from '../../web/pagination.js';
import { type Route, idParams, page, redirect, route } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import * as present from './presenters.js';
import * as people from './repository.js';
import { searchSchema } from './schemas.js';

const PAGE_SIZE = 25;
const resultsOf = (id: string) => `/people/search/${id}`;

/**
 * Searching people. The search is a POST so that names and NHS numbers never appear in an
 * address; it is kept (migration 0037) and its results shown a page at a time at an address that
 * names only the kept search. Every page of results shown is audited with the records on it.
 */
export const searchRoutes: Route[] = [
  route({
    method: 'POST',
    url: '/people/search',
    access: 'people:read',
    form: searchSchema,
    command: (ctx, _r, f: z.infer<typeof searchSchema>) => people.keepSearch(ctx.db, ctx.actor.id, f.query),
    invalid: (_ctx, _r, problems) => page('people/views/list.njk', { title: 'People', ...presentErrors(problems.errors), query: '', table: null }),
    respond: (_ctx, _r, searchId: string) => redirect(resultsOf(searchId)),
  }),
  route({
    method: 'GET',
    url: '/people/search/:id',
    access: 'people:read',
    params: idParams,
    load: async (ctx, params: { id: string }, request) => {
      const query = await people.keptSearch(ctx.db, params.id, ctx.actor.id);
      if (query === undefined) return { ended: true as const };
      const term = interpretSearch(query);
      const found = await loadPage(pageQuery.parse(request.query ?? {}).page, PAGE_SIZE, (window) => people.searchPeople(ctx.db, teamsVisibleTo(ctx.actor), term, window), (r) => r.people.length);
      await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'people.searched', subjectType: 'search', subjectId: term.kind, after: { query, page: found.page, results: found.people.map((p) => p.id) } });
      return { ended: false as const, id: params.id, query, ...found };
    },
    respond: (_ctx, r) => {
      if (r.ended) return redirect('/people', 'That search has ended. Search again', 'important');
      return page(
        'people/views/list.njk',
        {
          title: 'Search results',
          query: r.query,
          searched: true,
          table: present.peopleTable(r.people, `${r.total} ${r.total === 1 ? 'result' : 'results'}${shownRange(r.page, PAGE_SIZE, r.people.length, r.total)}`),
          pagination: pagination(r.page, PAGE_SIZE, r.total, resultsOf(r.id)),
          empty: r.total === 0,
        },
        { noStore: true },
      );
    },
  }),
];
