import type { Slice } from '../../web/slice.js';
import { registerReviewRoutes } from './routes.js';

export const reviewsSlice: Slice = {
  name: 'reviews',
  routes: [],
  legacy: registerReviewRoutes as Slice['legacy'],
  tables: [{ name: 'reviews', orderBy: 'id' }],
};
