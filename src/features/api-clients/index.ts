import type { Slice } from '../../web/slice.js';
import { apiClientRoutes } from './routes.js';

/**
 * The open API's clients and its reference (issue 18, ADR 0021). The API's own routes are
 * `src/api/` (registered apart: bearer tokens, JSON, no session or CSRF).
 */
export const apiClientsSlice: Slice = {
  name: 'api-clients',
  routes: apiClientRoutes,
  navigation: [],
  home: [{ href: '/admin/api-clients', title: 'Systems using the API', hint: 'Register the council’s other systems to read Selfdirect, and revoke their tokens', ability: 'api-clients:manage', order: 95 }],
  tables: [{ name: 'api_clients', orderBy: 'id' }],
};
