import type { Slice } from '../../web/slice.js';
import { assessmentRoutes } from './routes.js';

export const assessmentsSlice: Slice = {
  name: 'assessments',
  routes: assessmentRoutes,
  tables: [{ name: 'assessments', orderBy: 'id' }],
};
