import type { Slice } from '../../web/slice.js';
import { reviewRoutes } from './routes.js';

export const reviewsSlice: Slice = {
  name: 'reviews',
  routes: reviewRoutes,
  tables: [{ name: 'reviews', orderBy: 'id' }],
};
