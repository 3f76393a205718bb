import type { Slice } from '../../web/slice.js';
import { registerAssessmentRoutes } from './routes.js';

export const assessmentsSlice: Slice = {
  name: 'assessments',
  routes: [],
  legacy: registerAssessmentRoutes as Slice['legacy'],
  tables: [{ name: 'assessments', orderBy: 'id' }],
};
