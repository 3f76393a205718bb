import { isStaff } from '../../policies/index.js';
import type { Slice } from '../../web/slice.js';
import { unseenNoticesFor } from './access-notices.js';
import { caseAccessNotice } from './presenters.js';
import { adminRoutes } from './routes.js';

export const adminSlice: Slice = {
  name: 'admin',
  routes: adminRoutes,
  navigation: [
    { href: '/admin/users', text: 'Users', ability: 'users:manage', order: 100 },
    { href: '/admin/teams', text: 'Teams', ability: 'teams:manage', order: 110 },
  ],
  home: [
    { href: '/admin/users', title: 'Users', hint: 'Add and invite staff, set their role and teams, send a new invitation when a password is forgotten', ability: 'users:manage', order: 100 },
    { href: '/admin/teams', title: 'Teams', hint: 'Add and rename teams', ability: 'teams:manage', order: 110 },
  ],
  notices: [
    {
      title: 'New access to your teams’ cases',
      ability: 'case-access:review',
      load: async (ctx) => (isStaff(ctx.actor) ? (await unseenNoticesFor(ctx.db, ctx.actor.teamIds)).map(caseAccessNotice) : []),
    },
  ],
  tables: [
    { name: 'teams', orderBy: 'id' },
    { name: 'staff_users', orderBy: 'id' },
    { name: 'staff_user_teams', orderBy: 'user_id, team_id' },
    { name: 'case_access_notices', orderBy: 'id' },
  ],
};
