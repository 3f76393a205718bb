import type { Slice } from '../../web/slice.js';

/** The audit trail: its table is restored last, after everything it describes. */
export const auditSlice: Slice = {
  name: 'audit',
  routes: [],
  tables: [{ name: 'audit_events', orderBy: 'seq' }],
};
