import type { Slice } from '../../web/slice.js';
import { messagePortalRoutes } from './portal-routes.js';
import { messageStaffRoutes } from './staff-routes.js';

/**
 * Asking and telling (issue 14, part 7): one thread a person between them, their representatives
 * and the council — messages, requests for a review, changes of circumstances — with a worklist
 * entry until a worker replies or marks it dealt with.
 */
export const messagesSlice: Slice = {
  name: 'messages',
  routes: [...messagePortalRoutes, ...messageStaffRoutes],
  tables: [{ name: 'portal_messages', orderBy: 'id' }],
};
