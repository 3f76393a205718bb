import type { Slice } from '../../web/slice.js';
import { noteRoutes } from './note-routes.js';
import { recentOutOfTeamAccess } from './repository.js';
import { caseworkRoutes } from './routes.js';

/** Casework staff live in: My cases, caseloads and allocation, case notes and documents, transfers, duty access. */
export const caseworkSlice: Slice = {
  name: 'casework',
  routes: [...caseworkRoutes, ...noteRoutes],
  navigation: [
    { href: '/my-cases', text: 'My cases', ability: 'people:read', order: 5 },
    { href: '/caseloads', text: 'Caseloads', ability: 'caseload:allocate', order: 6 },
  ],
  home: [
    { href: '/caseloads', title: 'Caseloads', hint: 'Your team’s workers and their caseloads; allocate people who have no worker', ability: 'caseload:allocate', order: 5 },
    { href: '/access-report', title: 'Access report', hint: 'Records of your teams’ people opened from outside your teams, with the reasons given', ability: 'case-access:review', order: 90 },
    { href: '/people/outside-your-teams', title: 'Open a record outside your teams', hint: 'On duty or out of hours: find someone another team holds and give your reason to open their record', ability: 'people:duty', order: 12 },
  ],
  notices: [
    {
      title: 'Records opened from outside your teams',
      ability: 'case-access:review',
      load: async (ctx) => {
        const n = await recentOutOfTeamAccess(ctx.db, ctx.actor.teamIds, new Date(Date.now() - 7 * 86_400_000));
        return n ? [{ text: `${n === 1 ? 'A record' : `${n} records`} of your teams’ people ${n === 1 ? 'was' : 'were'} opened from outside your teams in the last 7 days, each with a reason.`, link: { href: '/access-report', text: 'See the access report' } }] : [];
      },
    },
  ],
  tables: [
    { name: 'person_allocations', orderBy: 'id' },
    { name: 'case_notes', orderBy: 'written_at, id' },
    { name: 'case_documents', orderBy: 'id' },
    { name: 'team_transfers', orderBy: 'id' },
    { name: 'out_of_team_access', orderBy: 'id' },
  ],
};
