import type { Slice } from '../../web/slice.js';
import { worklistRoutes } from './routes.js';

export const worklistsSlice: Slice = {
  name: 'worklists',
  routes: worklistRoutes,
  navigation: [{ href: '/worklists', text: 'Worklists', ability: 'people:read', order: 20 }],
  tables: [{ name: 'person_journeys', orderBy: 'person_id', notBackedUp: 'worked out again from assessments, plans and reviews as a restore puts them back' }],
  home: [{ href: '/worklists', title: 'Worklists', hint: 'Who is at each step, from self-assessment to review, with reviews due and overdue', ability: 'people:read', order: 20 }],
};
