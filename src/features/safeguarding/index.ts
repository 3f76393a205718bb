import type { Slice } from '../../web/slice.js';
import { safeguardingRoutes } from './routes.js';

export const safeguardingSlice: Slice = {
  name: 'safeguarding',
  routes: safeguardingRoutes,
  tables: [{ name: 'safeguarding_concerns', orderBy: 'id' }],
};
