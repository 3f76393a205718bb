import type { Slice } from '../../web/slice.js';
import { portalMoneyRoutes } from './routes.js';

/** Their money in My Selfdirect (issue 14, part 6): spending by plan line, flagged payments explained with receipts. */
export const portalMoneySlice: Slice = {
  name: 'portal-money',
  routes: portalMoneyRoutes,
  tables: [{ name: 'transaction_explanations', orderBy: 'id' }],
};
