import type { Slice } from '../../web/slice.js';
import { registerSchemeRoutes } from './routes.js';

export const schemesSlice: Slice = {
  name: 'schemes',
  routes: [],
  legacy: registerSchemeRoutes as Slice['legacy'],
  navigation: [{ href: '/schemes', text: 'Schemes', ability: 'schemes:manage', order: 90 }],
  tables: [{ name: 'ras_schemes', orderBy: 'id' }],
};
