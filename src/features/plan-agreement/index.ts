import type { Slice } from '../../web/slice.js';
import { planAgreementPortalRoutes } from './portal-routes.js';

/** The person's agreement to their support plan, given in My Selfdirect (issue 14, part 5). */
export const planAgreementSlice: Slice = {
  name: 'plan-agreement',
  routes: planAgreementPortalRoutes,
  tables: [{ name: 'plan_agreements', orderBy: 'id' }],
};
