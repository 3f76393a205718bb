import { randomUUID } from 'node:crypto';
import type { Person } from '../../db/schema.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { teamsVisibleTo } from '../../policies/people.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { createPerson } from '../people/record-person.js';
import { findPersonByReference } from '../people/repository.js';
import { ownEventReference } from '../statutory-returns/plan-services.js';
import { endCldEvents, insertCldEvents } from '../statutory-returns/repository.js';
import { type ContactRecord, concludeContactAtVersion, insertContact } from './repository.js';
import { CONTACT_FROM, CONTACT_METHODS, type Conclusion, type NewContact } from './schemas.js';

/**
 * A contact or referral at the front door, for a person with a record or a new one, and the CLD
 * Request event that reports it — one transaction. The event's description says who made contact
 * and how, never what they said (the return goes to NHS England).
 */
export async function recordContact(ctx: Context, form: NewContact): Promise<{ contactId: string; person: Person; created: boolean }> {
  if (form.received_on > ctx.today) throw new ValidationError([{ field: 'received_on', message: 'The date of the contact must be today or in the past' }]);
  let person: Person | undefined;
  let created = false;
  if (form.known === 'yes') {
    person = await findPersonByReference(ctx.db, form.person_reference!, teamsVisibleTo(ctx.actor));
    if (!person) throw new ValidationError([{ field: 'person_reference', message: 'No one with that reference was found in your teams. Check it, or choose ‘No’ to make a new record' }]);
    if (person.closed_on) throw new ValidationError([{ field: 'person_reference', message: `${person.reference}’s record is closed. Open a new record for a new contact` }]);
  } else {
    person = await createPerson(ctx, {
      client_type: form.client_type!,
      given_name: form.given_name!,
      family_name: form.family_name!,
      preferred_name: null,
      date_of_birth: null,
      nhs_number: null,
      address_line_1: null,
      address_line_2: null,
      town: null,
      postcode: null,
      phone: null,
      email: null,
      gender: null,
      ethnicity: null,
      primary_support_reason: null,
      team_id: form.team_id,
    });
    created = true;
  }
  const contactId = randomUUID();
  const eventReference = ownEventReference('Q');
  await insertCldEvents(ctx.db, [
    {
      event_reference: eventReference,
      person_id: person.id,
      event_type: 'Request',
      start_date: form.received_on,
      description: `Contact from ${CONTACT_FROM[form.contact_from].toLowerCase()} by ${CONTACT_METHODS[form.contact_method].toLowerCase()}`,
      route_of_access: form.route_of_access,
      source: 'front-door',
      source_id: contactId,
      updated_at: new Date(),
    },
  ]);
  const contact = await insertContact(ctx.db, {
    id: contactId,
    personId: person.id,
    teamId: form.team_id,
    receivedOn: form.received_on,
    contactFrom: form.contact_from,
    contactName: form.contact_name,
    contactMethod: form.contact_method,
    routeOfAccess: form.route_of_access,
    whatWasAsked: form.what_was_asked,
    eventReference,
    createdBy: ctx.actor.id,
  });
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'contact.recorded',
    subjectType: 'contact',
    subjectId: contact.id,
    personId: person.id,
    after: { received_on: form.received_on, contact_from: form.contact_from, contact_method: form.contact_method, route_of_access: form.route_of_access, team_id: form.team_id, new_record: created },
  });
  return { contactId: contact.id, person, created };
}

/** Records what came of a contact; its Request event ends with the same outcome. */
export async function concludeContact(ctx: Context, record: ContactRecord, form: Conclusion) {
  const { contact } = record;
  if (contact.outcome) throw new ConflictError('This contact has already been dealt with');
  if (form.concluded_on > ctx.today) throw new ValidationError([{ field: 'concluded_on', message: 'The date it was dealt with must be today or in the past' }]);
  if (form.concluded_on < contact.received_on) throw new ValidationError([{ field: 'concluded_on', message: 'The date it was dealt with must be on or after the date of the contact' }]);
  const updated = await concludeContactAtVersion(ctx.db, contact.id, form.version, { concludedOn: form.concluded_on, outcome: form.outcome, notes: form.outcome_notes, by: ctx.actor.id });
  if (!updated) throw new ConflictError('Someone else dealt with this contact while you were working on it');
  await endCldEvents(ctx.db, [contact.event_reference], form.concluded_on, form.outcome);
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'contact.concluded', subjectType: 'contact', subjectId: contact.id, personId: contact.person_id, after: { concluded_on: form.concluded_on, outcome: form.outcome } });
  return updated;
}
