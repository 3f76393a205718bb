import type { Slice } from '../../web/slice.js';
import { planBuilderRoutes } from './routes.js';

/** The person writes their own support plan in My Selfdirect and sends it to the worker (issue 14, part 4). */
export const planBuilderSlice: Slice = {
  name: 'plan-builder',
  routes: planBuilderRoutes,
};
