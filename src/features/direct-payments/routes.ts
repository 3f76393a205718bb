import type { Route } from '../../web/route.js';
import { accountRoutes } from './account-routes.js';
import { changeRoutes } from './change-routes.js';
import { endingRoutes } from './ending-routes.js';
import { letterRoutes } from './letter-routes.js';
import { paymentRunRoutes } from './run-routes.js';

export { STATEMENT_UPLOAD_BYTES } from './account-routes.js';

/** Direct payments, as data: every route is for finance officers, for every team (see src/policies/finance.ts). */
export const directPaymentRoutes: Route[] = [...accountRoutes, ...changeRoutes, ...endingRoutes, ...paymentRunRoutes, ...letterRoutes];
