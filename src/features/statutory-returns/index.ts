import type { Slice } from '../../web/slice.js';

/**
 * Statutory returns (issue 15): the register of CLD events, the CLD Release 2 extract, its data
 * quality, ASCOF 3D and NI 130. The pages come with the front door and reports work.
 */
export const statutoryReturnsSlice: Slice = {
  name: 'statutory-returns',
  routes: [],
  tables: [{ name: 'cld_events', orderBy: 'event_reference' }],
};
