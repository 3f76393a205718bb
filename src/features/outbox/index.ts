import type { Slice } from '../../web/slice.js';
import { page, route } from '../../web/route.js';
import { devOutboxPage } from './presenters.js';
import { messageCounts, recentMessages } from './repository.js';

/**
 * The outbox (ADR 0012). Its table is the slice's, backed up like any other (a message waiting at
 * backup time is sent after a restore). /dev/outbox shows what was "sent" in development — sign-in
 * codes and invitation links included — and is never mounted in production.
 */
export const outboxSlice: Slice = {
  name: 'outbox',
  tables: [{ name: 'outbox_messages', orderBy: 'id' }],
  routes: [
    route({
      method: 'GET',
      url: '/dev/outbox',
      access: 'public',
      developmentOnly: true,
      load: async (ctx) => ({ messages: await recentMessages(ctx.db), counts: await messageCounts(ctx.db) }),
      respond: (_ctx, r) => page('outbox/views/dev-outbox.njk', devOutboxPage(r.messages, r.counts), { noStore: true }),
    }),
  ],
};
