import type { Context } from '../../web/route.js';
import { directPaymentFlags, messagesWaiting, recentPanelOutcomes, returnedPlans, reviewsDue, sentToCheck } from './my-cases-queries.js';
import { peopleAllocatedTo } from './repository.js';

/** How far back panel decisions and flagged spending count as news on My cases. */
const RECENT_DAYS = 28;

/** The worker's people and everything that waits for them, read in one go. */
export async function loadMyCases(ctx: Context) {
  const people = await peopleAllocatedTo(ctx.db, ctx.actor.id);
  const ids = people.map((p) => p.id);
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000);
  const [returned, reviews, panel, flags, messages, sent] = await Promise.all([
    returnedPlans(ctx.db, ids),
    reviewsDue(ctx.db, ids, ctx.today),
    recentPanelOutcomes(ctx.db, ids, since),
    directPaymentFlags(ctx.db, ids, since.toISOString().slice(0, 10)),
    messagesWaiting(ctx.db, ids),
    sentToCheck(ctx.db, ids),
  ]);
  return { people, returned, reviews, panel, flags, messages, sent };
}

export type MyCases = Awaited<ReturnType<typeof loadMyCases>>;
