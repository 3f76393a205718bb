import { sql } from 'kysely';
import type { SafeguardingConcern } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';

/** The safeguarding_concerns table: every query on it is here. */

/** Open concerns first, then closed ones: for the banner and the person's page. */
export async function concernsAbout(db: Executor, personId: string): Promise<SafeguardingConcern[]> {
  return db.selectFrom('safeguarding_concerns').selectAll().where('person_id', '=', personId).orderBy('status', 'desc').orderBy('raised_on', 'desc').execute();
}

export async function concernById(db: Executor, id: string): Promise<SafeguardingConcern | undefined> {
  return db.selectFrom('safeguarding_concerns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertConcern(db: Executor, c: { personId: string; raisedOn: string; concern: string; actionTaken: string; recordedBy: string }): Promise<SafeguardingConcern> {
  return db
    .insertInto('safeguarding_concerns')
    .values({ person_id: c.personId, raised_on: c.raisedOn, concern: c.concern, action_taken: c.actionTaken, recorded_by: c.recordedBy, updated_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a concern at the version the worker saw: undefined when someone else changed it first. */
export async function updateConcernAtVersion(db: Executor, id: string, version: number, c: { actionTaken: string; closedOn: string | null }) {
  return db
    .updateTable('safeguarding_concerns')
    .set({ action_taken: c.actionTaken, status: c.closedOn ? 'closed' : 'open', closed_on: c.closedOn, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
