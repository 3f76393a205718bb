import type { Slice } from '../../web/slice.js';
import { statutoryRoutes } from './routes.js';

/**
 * Statutory returns (issue 15): the register of CLD events, the CLD Release 2 extract, its data
 * quality, ASCOF 3D and NI 130.
 */
export const statutoryReturnsSlice: Slice = {
  name: 'statutory-returns',
  routes: statutoryRoutes,
  navigation: [{ href: '/reports/statutory', text: 'Statutory returns', ability: 'reports:read', order: 65 }],
  home: [{ href: '/reports/statutory', title: 'Statutory returns', hint: 'ASCOF 3D and NI 130 by quarter, the CLD return to NHS England, and what to fix before it is sent', ability: 'reports:read', order: 65 }],
  tables: [
    { name: 'cld_events', orderBy: 'event_reference' },
    { name: 'statutory_figures', orderBy: 'kind, period_from, period_to', notBackedUp: 'worked out again from the register when next asked for' },
    { name: 'statutory_register', orderBy: 'id', notBackedUp: 'a count of changes: after a restore every kept figure is worked out again' },
  ],
};
