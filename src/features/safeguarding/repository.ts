import { sql } from 'kysely';
import type { SafeguardingConcern } from '../../db/schema.js';
import type { AbuseCategory, Risk, Section42, Stage } from '../../domain/safeguarding/concern.js';
import type { Executor } from '../../web/route.js';

/** The safeguarding_concerns table: every query on it is here. */

/** Open concerns first, then closed ones: for the banner and the person's page. */
export async function concernsAbout(db: Executor, personId: string): Promise<SafeguardingConcern[]> {
  return db.selectFrom('safeguarding_concerns').selectAll().where('person_id', '=', personId).orderBy('status', 'desc').orderBy('raised_on', 'desc').execute();
}

export async function concernById(db: Executor, id: string): Promise<SafeguardingConcern | undefined> {
  return db.selectFrom('safeguarding_concerns').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ConcernDetail {
  risk: Risk;
  section42: Section42;
  stage: Stage;
  whoTold: string | null;
}
const detailColumns = (d: ConcernDetail) => ({ risk: d.risk, section_42: d.section42, stage: d.stage, who_told: d.whoTold });

export async function insertConcern(db: Executor, c: { personId: string; raisedOn: string; category: AbuseCategory; concern: string; actionTaken: string; recordedBy: string } & ConcernDetail): Promise<SafeguardingConcern> {
  return db
    .insertInto('safeguarding_concerns')
    .values({ person_id: c.personId, raised_on: c.raisedOn, category: c.category, concern: c.concern, action_taken: c.actionTaken, recorded_by: c.recordedBy, updated_at: new Date(), ...detailColumns(c) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a concern at the version the worker saw: undefined when someone else changed it first. */
export async function updateConcernAtVersion(db: Executor, id: string, version: number, c: { actionTaken: string; closedOn: string | null } & ConcernDetail) {
  return db
    .updateTable('safeguarding_concerns')
    .set({ action_taken: c.actionTaken, status: c.closedOn ? 'closed' : 'open', closed_on: c.closedOn, updated_at: new Date(), version: sql`version + 1`, ...detailColumns({ ...c, stage: c.closedOn ? 'closed' : c.stage }) })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Open concerns of financial abuse about a person: finance officers see them on the direct payment account. */
export async function openFinancialConcernsAbout(db: Executor, personId: string) {
  return db.selectFrom('safeguarding_concerns').select(['id', 'raised_on', 'stage', 'risk', 'section_42']).where('person_id', '=', personId).where('category', '=', 'financial').where('status', '=', 'open').orderBy('raised_on').execute();
}
