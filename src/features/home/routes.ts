import { has } from '../../policies/index.js';
import type { Slice } from '../../web/slice.js';
import { type Route, page, route } from '../../web/route.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { listPeople } from '../people/repository.js';
import { loadMyCases } from '../casework/my-cases.js';
import { myCasesOnHome } from '../casework/presenters.js';

/** The home page: a card for each thing the user's role can do, from every slice's home entries. */
export function homeRoutes(slices: () => readonly Slice[]): Route[] {
  return [
    route({
      method: 'GET',
      url: '/',
      access: 'signed-in',
      load: async (ctx) => {
        const caseload = has(ctx.actor, 'people:read') ? { open: (await listPeople(ctx.db, teamsVisibleTo(ctx.actor), { includeClosed: false, limit: 1, offset: 0 })).total } : null;
        const tasks = slices()
          .flatMap((s) => s.home ?? [])
          .sort((a, b) => a.order - b.order)
          .filter((e) => has(ctx.actor, e.ability))
          .map(({ href, title, hint }) => ({ href, title, hint }));
        const notices = [];
        for (const list of slices().flatMap((s) => s.notices ?? [])) {
          if (!has(ctx.actor, list.ability)) continue;
          const items = await list.load(ctx);
          if (items.length) notices.push({ title: list.title, items });
        }
        // Casework staff start from their own cases: what needs them now.
        const myCases = has(ctx.actor, 'people:read') ? await loadMyCases(ctx) : null;
        return { caseload, tasks, notices, myCases };
      },
      respond: (ctx, { myCases, ...r }) => page('home/views/home.njk', { title: 'Home', actorName: ctx.actor.displayName, ...r, myCases: myCases ? myCasesOnHome(myCases, ctx.today) : null }, myCases ? { noStore: true } : {}),
    }),
  ];
}
