import type { Slice } from '../../web/slice.js';
import { schemeRoutes } from './routes.js';

export const schemesSlice: Slice = {
  name: 'schemes',
  routes: schemeRoutes,
  navigation: [{ href: '/schemes', text: 'Schemes', ability: 'schemes:manage', order: 90 }],
  home: [{ href: '/schemes', title: 'Schemes', hint: 'Import, compare and publish versions of the Resource Allocation System', ability: 'schemes:manage', order: 80 }],
  tables: [{ name: 'ras_schemes', orderBy: 'id' }],
};
