import type { Slice } from '../../web/slice.js';
import { registerFindSupportRoutes } from './routes.js';

export const findSupportSlice: Slice = {
  name: 'find-support',
  routes: [],
  legacy: registerFindSupportRoutes as Slice['legacy'],

};
