import type { Slice } from '../../web/slice.js';
import { registerWorklistRoutes } from './routes.js';

export const worklistsSlice: Slice = {
  name: 'worklists',
  routes: [],
  legacy: registerWorklistRoutes as Slice['legacy'],
  navigation: [{ href: '/worklists', text: 'Worklists', ability: 'people:read', order: 20 }],
  home: [{ href: '/worklists', title: 'Worklists', hint: 'Who is at each step, from self-assessment to review, with reviews due and overdue', ability: 'people:read', order: 20 }],
};
