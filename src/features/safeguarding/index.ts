import type { Slice } from '../../web/slice.js';
import { registerSafeguardingRoutes } from './routes.js';

export const safeguardingSlice: Slice = {
  name: 'safeguarding',
  routes: [],
  legacy: registerSafeguardingRoutes as Slice['legacy'],
  tables: [{ name: 'safeguarding_concerns', orderBy: 'id' }],
};
