import type { Slice } from '../../web/slice.js';
import { findSupportRoutes } from './routes.js';

export const findSupportSlice: Slice = {
  name: 'find-support',
  routes: findSupportRoutes,
};
