import type { Slice } from '../../web/slice.js';
import { reportRoutes } from './routes.js';

export const reportsSlice: Slice = {
  name: 'reports',
  routes: reportRoutes,
  navigation: [{ href: '/reports/people', text: 'Reports', ability: 'reports:read', order: 60 }],
  home: [{ href: '/reports/people', title: 'Reports', hint: 'Figures about the people supported, with no names', ability: 'reports:read', order: 60 }],
};
