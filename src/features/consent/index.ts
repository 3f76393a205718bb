import type { Slice } from '../../web/slice.js';
import { consentRoutes } from './routes.js';

/** The person's agreement, consent and capacity (issue 17, part 5). */
export const consentSlice: Slice = {
  name: 'consent',
  routes: consentRoutes,
  tables: [
    { name: 'consent_records', orderBy: 'id' },
    { name: 'plan_copies', orderBy: 'id' },
  ],
};
