import { sql } from 'kysely';
import type { Contact } from '../../db/schema.js';
import type { ContactFrom, ContactMethod } from '../../db/schema-parts/statutory.js';
import type { Executor } from '../../web/route.js';

/** The contacts table: every query on it is here. */

export interface ContactRecord {
  contact: Contact;
  person: { id: string; reference: string; given_name: string; family_name: string; team_id: string; closed_on: string | null };
  teamName: string;
}

export async function insertContact(
  db: Executor,
  values: { id: string; personId: string; teamId: string; receivedOn: string; contactFrom: ContactFrom; contactName: string | null; contactMethod: ContactMethod; routeOfAccess: string; whatWasAsked: string; eventReference: string; createdBy: string },
): Promise<Contact> {
  return db
    .insertInto('contacts')
    .values({
      id: values.id,
      person_id: values.personId,
      team_id: values.teamId,
      received_on: values.receivedOn,
      contact_from: values.contactFrom,
      contact_name: values.contactName,
      contact_method: values.contactMethod,
      route_of_access: values.routeOfAccess,
      what_was_asked: values.whatWasAsked,
      event_reference: values.eventReference,
      created_by: values.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function contactById(db: Executor, id: string): Promise<ContactRecord | undefined> {
  const row = await db
    .selectFrom('contacts as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .innerJoin('teams as t', 't.id', 'c.team_id')
    .selectAll('c')
    .select(['p.reference', 'p.given_name', 'p.family_name', 'p.team_id as person_team_id', 'p.closed_on', 't.name as team_name'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { reference, given_name, family_name, person_team_id, closed_on, team_name, ...contact } = row;
  return { contact, person: { id: contact.person_id, reference, given_name, family_name, team_id: person_team_id, closed_on }, teamName: team_name };
}

/** The duty worklist: contacts not yet dealt with in these teams, oldest first (at most `limit`). */
export async function openContactsIn(db: Executor, teamIds: string[], limit: number) {
  if (teamIds.length === 0) return { rows: [], total: 0 };
  const [rows, count] = await Promise.all([
    db
      .selectFrom('contacts as c')
      .innerJoin('people as p', 'p.id', 'c.person_id')
      .innerJoin('teams as t', 't.id', 'c.team_id')
      .select(['c.id', 'c.received_on', 'c.contact_from', 'c.contact_method', 'c.route_of_access', 'p.reference', 'p.given_name', 'p.family_name', 't.name as team_name'])
      .where('c.team_id', 'in', teamIds)
      .where('c.outcome', 'is', null)
      .orderBy('c.received_on')
      .orderBy('c.created_at')
      .limit(limit)
      .execute(),
    db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('team_id', 'in', teamIds).where('outcome', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function contactsOfPerson(db: Executor, personId: string) {
  return db.selectFrom('contacts').select(['id', 'received_on', 'contact_from', 'route_of_access', 'outcome', 'concluded_on']).where('person_id', '=', personId).orderBy('received_on', 'desc').execute();
}

export async function concludeContactAtVersion(db: Executor, id: string, version: number, values: { concludedOn: string; outcome: string; notes: string | null; by: string }): Promise<Contact | undefined> {
  return db
    .updateTable('contacts')
    .set({ concluded_on: values.concludedOn, outcome: values.outcome, outcome_notes: values.notes, concluded_by: values.by, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('outcome', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
