import type { Slice } from '../../web/slice.js';
import { peopleRoutes } from './routes.js';

export const peopleSlice: Slice = {
  name: 'people',
  routes: peopleRoutes,
  navigation: [{ href: '/people', text: 'People', ability: 'people:read', order: 10 }],
  home: [
    { href: '/people', title: 'People', hint: 'Find, view and update the records of people in your teams', ability: 'people:read', order: 10 },
    { href: '/people/new', title: 'Add a person', hint: 'Start a record for someone who needs care and support, or a carer', ability: 'people:write', order: 11 },
  ],
  tables: [
    { name: 'people', orderBy: 'id' },
    { name: 'representatives', orderBy: 'id' },
    { name: 'carer_links', orderBy: 'id' },
    { name: 'people_searches', orderBy: 'id', notBackedUp: 'a search lasts a working day: after a restore, everyone searches again' },
  ],
};
