import type { PortalMessageKind } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';

/** The portal_messages table: each person's thread with the council. Messages are only ever added. */

export async function insertMessage(db: Executor, m: { personId: string; kind: PortalMessageKind; topic: string | null; body: string; fromAccount?: string; fromStaff?: string; fromLabel: string }) {
  return db
    .insertInto('portal_messages')
    .values({ person_id: m.personId, kind: m.kind, topic: m.topic, body: m.body, from_account: m.fromAccount ?? null, from_staff: m.fromStaff ?? null, from_label: m.fromLabel })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The person's thread, oldest first. */
export async function threadOf(db: Executor, personId: string) {
  return db.selectFrom('portal_messages').selectAll().where('person_id', '=', personId).orderBy('sent_at').orderBy('id').execute();
}

/** Marks what the person sent as dealt with; the number marked. */
export async function markDealtWith(db: Executor, personId: string, by: string) {
  const done = await db.updateTable('portal_messages').set({ dealt_with_at: new Date(), dealt_with_by: by }).where('person_id', '=', personId).where('from_account', 'is not', null).where('dealt_with_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows);
}

/** Messages from people in these teams that wait for a worker, oldest first. */
/** Messages from My Selfdirect waiting for these teams, oldest first (a query, for the caller to page and count). */
export function waitingMessages(db: Executor, teamIds: string[]) {
  return db
    .selectFrom('portal_messages')
    .innerJoin('people', 'people.id', 'portal_messages.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select(['portal_messages.id', 'portal_messages.kind', 'portal_messages.topic', 'portal_messages.from_label', 'portal_messages.sent_at', 'people.id as person_id', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
    .where('people.team_id', 'in', teamIds)
    .where('portal_messages.from_account', 'is not', null)
    .where('portal_messages.dealt_with_at', 'is', null)
    .orderBy('portal_messages.sent_at');
}

export async function waitingCountFor(db: Executor, personId: string) {
  const row = await db.selectFrom('portal_messages').select(db.fn.countAll<number>().as('n')).where('person_id', '=', personId).where('from_account', 'is not', null).where('dealt_with_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
