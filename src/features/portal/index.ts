import type { Slice } from '../../web/slice.js';
import { portalOidcRoutes } from './oidc-routes.js';
import { portalRoutes } from './routes.js';
import { portalPlanRoutes } from './plan-routes.js';
import { portalStaffRoutes } from './staff-routes.js';

/**
 * My Selfdirect (issue 14): people and their representatives lead their own support. Accounts are
 * invited by staff from the person's record; sign-in is a code by email (ADR 0013).
 */
export const portalSlice: Slice = {
  name: 'portal',
  routes: [...portalRoutes, ...portalOidcRoutes, ...portalPlanRoutes, ...portalStaffRoutes],
  tables: [
    { name: 'portal_accounts', orderBy: 'id' },
    { name: 'portal_grants', orderBy: 'id' },
    { name: 'portal_codes', orderBy: 'id', notBackedUp: 'sign-in codes last 10 minutes: a restored service asks for new ones' },
    { name: 'portal_sessions', orderBy: 'token_hash', notBackedUp: 'sessions end with a restore: people sign in again' },
  ],
};
