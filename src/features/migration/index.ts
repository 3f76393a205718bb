import type { Slice } from '../../web/slice.js';
import { migratedPlanRoutes } from './migrated-plan.js';
import { migrationRoutes } from './routes.js';

/** Migration from a council's previous system (issue 15): the web half of `selfdirect import legacy`. */
export const migrationSlice: Slice = {
  name: 'migration',
  routes: [...migrationRoutes, ...migratedPlanRoutes],
  navigation: [{ href: '/admin/migration', text: 'Migration', ability: 'migration:import', order: 120 }],
  home: [{ href: '/admin/migration', title: 'Bring records in', hint: 'Import the caseload and history from the council’s previous system, after seeing what will change', ability: 'migration:import', order: 120 }],
};
