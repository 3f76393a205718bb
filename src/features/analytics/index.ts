import type { Slice } from '../../web/slice.js';
import { analyticsRoutes } from './routes.js';

export const analyticsSlice: Slice = {
  name: 'analytics',
  routes: analyticsRoutes,
  navigation: [{ href: '/analytics', text: 'Analysis', ability: 'analytics:run', order: 80 }],
  home: [{ href: '/analytics', title: 'Analysis', hint: 'Calibrate the RAS against what care costs, test a scheme against the budget, and review equity between groups', ability: 'analytics:run', order: 70 }],
  tables: [{ name: 'analysis_runs', orderBy: 'id' }],
};
