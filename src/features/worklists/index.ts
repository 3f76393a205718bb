import type { Slice } from '../../web/slice.js';
import { worklistRoutes } from './routes.js';

export const worklistsSlice: Slice = {
  name: 'worklists',
  routes: worklistRoutes,
  navigation: [{ href: '/worklists', text: 'Worklists', ability: 'people:read', order: 20 }],
  home: [{ href: '/worklists', title: 'Worklists', hint: 'Who is at each step, from self-assessment to review, with reviews due and overdue', ability: 'people:read', order: 20 }],
};
