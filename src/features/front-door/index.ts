import type { Slice } from '../../web/slice.js';
import { frontDoorRoutes } from './routes.js';

/** The front door (issue 15): contacts and referrals, each a CLD Request, and the duty worklist. */
export const frontDoorSlice: Slice = {
  name: 'front-door',
  routes: frontDoorRoutes,
  navigation: [{ href: '/front-door', text: 'Front door', ability: 'people:write', order: 15 }],
  home: [{ href: '/front-door', title: 'Front door', hint: 'Record a contact or referral, and deal with those waiting for the duty team', ability: 'people:write', order: 15 }],
  tables: [{ name: 'contacts', orderBy: 'id' }],
};
