import type { Slice } from '../../web/slice.js';
import { estimateRoutes } from './estimate-routes.js';
import { selfAssessmentPortalRoutes } from './portal-routes.js';

/**
 * The self-assessment for people themselves (issue 14, parts 3 and 8): in My Selfdirect, one
 * question a page, sent to the worker, with the indicative budget and its reasons straight away.
 */
export const selfAssessmentSlice: Slice = {
  name: 'self-assessment',
  routes: [...selfAssessmentPortalRoutes, ...estimateRoutes],
};
