import type { Slice } from '../../web/slice.js';
import { analyticsRoutes } from './routes.js';

export const analyticsSlice: Slice = {
  name: 'analytics',
  routes: analyticsRoutes,
  navigation: [{ href: '/analytics', text: 'Analysis', ability: 'analytics:run', order: 80 }],
  tables: [{ name: 'analysis_runs', orderBy: 'id' }],
};
