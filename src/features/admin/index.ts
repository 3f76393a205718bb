import type { Slice } from '../../web/slice.js';
import { adminRoutes } from './routes.js';

export const adminSlice: Slice = {
  name: 'admin',
  routes: adminRoutes,
  navigation: [
    { href: '/admin/users', text: 'Users', ability: 'users:manage', order: 100 },
    { href: '/admin/teams', text: 'Teams', ability: 'teams:manage', order: 110 },
  ],
  home: [
    { href: '/admin/users', title: 'Users', hint: 'Add staff, set their role and teams, reset passwords', ability: 'users:manage', order: 100 },
    { href: '/admin/teams', title: 'Teams', hint: 'Add and rename teams', ability: 'teams:manage', order: 110 },
  ],
  tables: [
    { name: 'teams', orderBy: 'id' },
    { name: 'staff_users', orderBy: 'id' },
    { name: 'staff_user_teams', orderBy: 'user_id, team_id' },
  ],
};
