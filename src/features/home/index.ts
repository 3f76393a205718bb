import type { Slice } from '../../web/slice.js';
import { registerHomeRoutes } from './routes.js';

export const homeSlice: Slice = {
  name: 'home',
  routes: [],
  legacy: registerHomeRoutes as Slice['legacy'],

};
