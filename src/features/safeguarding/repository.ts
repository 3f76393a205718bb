import type { SafeguardingConcern } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';

/** Safeguarding queries other slices use (the slice's own service is being moved here). */

/** Open concerns first, then closed ones: for the banner and the person's page. */
export async function concernsAbout(db: Executor, personId: string): Promise<SafeguardingConcern[]> {
  return db.selectFrom('safeguarding_concerns').selectAll().where('person_id', '=', personId).orderBy('status', 'desc').orderBy('raised_on', 'desc').execute();
}
