import type { Slice } from '../../web/slice.js';

/**
 * Reminders to people through the outbox (issue 18): reviews coming up, direct payments' annual
 * checks, personal assistants' checks running out. A job, no pages: staff see the same things on
 * their worklists, which read them as they stand.
 */
export const remindersSlice: Slice = {
  name: 'reminders',
  routes: [],
  tables: [{ name: 'reminders_sent', orderBy: 'kind, subject_id, person_id' }],
};
