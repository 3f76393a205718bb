import type { Slice } from '../../web/slice.js';
import { registerAnalyticsRoutes } from './routes.js';

export const analyticsSlice: Slice = {
  name: 'analytics',
  routes: [],
  legacy: registerAnalyticsRoutes as Slice['legacy'],
  navigation: [{ href: '/analytics', text: 'Analysis', ability: 'analytics:run', order: 80 }],
  tables: [{ name: 'analysis_runs', orderBy: 'id' }],
};
