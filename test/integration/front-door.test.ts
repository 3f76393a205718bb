import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** The front door (issue 15): contacts and referrals, each a CLD Request, and the duty worklist. */
let t: TestApp;
let make: ReturnType<typeof factories>;
let team: { id: string; name: string };
let otherTeam: { id: string; name: string };
const staff = new Map<string, { id: string; email: string }>();

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team('Duty Team Front');
  otherTeam = await make.team('Duty Team Elsewhere');
  staff.set('worker', await make.staff('social-worker', [team.id]));
  staff.set('other', await make.staff('social-worker', [otherTeam.id]));
  staff.set('analyst', await make.staff('analyst'));
});
afterAll(async () => t?.close());

async function as(who: string) {
  const v = new Visitor(t.app);
  await v.signIn(staff.get(who)!.email, FACTORY_PASSWORD);
  return v;
}
const base = { 'received_on-day': '3', 'received_on-month': '11', 'received_on-year': '2026', contact_from: 'family-or-friend', contact_name: 'Sue (daughter)', contact_method: 'telephone', route_of_access: 'Community or other route', what_was_asked: 'Mum is struggling to wash and dress since her fall.' };

describe('the front door', () => {
  it('records a contact for a known person, puts it on the duty worklist, and records what came of it', async () => {
    const v = await as('worker');
    const person = await make.person(team.id);
    const empty = html(await v.get('/front-door'));
    expect(empty('h1').text()).toBe('Front door');

    const form = html(await v.get('/front-door/new'));
    expect(form('select[name="route_of_access"] option').length).toBe(7);
    const missing = await v.post('/front-door/new', { team_id: team.id });
    expect(errorSummary(missing)).toEqual([
      'Enter the date of the contact',
      'Select whether the person already has a record',
      'Select who made the contact',
      'Select how they made contact',
      'Select the route of access',
      'Enter what was asked for',
    ]);
    // Every problem in one round, in the order of the fields: the new person's details with the rest.
    const newPerson = await v.post('/front-door/new', { team_id: team.id, known: 'no' });
    expect(errorSummary(newPerson)).toEqual([
      'Enter the date of the contact',
      'Select who the new record is for',
      'Enter the person’s first name',
      'Enter the person’s last name',
      'Select who made the contact',
      'Select how they made contact',
      'Select the route of access',
      'Enter what was asked for',
    ]);
    const unknown = await v.post('/front-door/new', { ...base, known: 'yes', person_reference: 'AC-0000', team_id: team.id });
    expect(errorSummary(unknown)).toEqual(['No one with that reference was found in your teams. Check it, or choose ‘No’ to make a new record']);
    const future = await v.post('/front-door/new', { ...base, 'received_on-year': '2099', known: 'yes', person_reference: person.reference, team_id: team.id });
    expect(errorSummary(future)).toEqual(['The date of the contact must be today or in the past']);

    const recorded = await v.post('/front-door/new', { ...base, known: 'yes', person_reference: person.reference.toLowerCase(), team_id: team.id });
    expect(recorded.statusCode).toBe(303);
    const contactUrl = String(recorded.headers.location);
    const contact = await t.database.db.selectFrom('contacts').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
    const request = await t.database.db.selectFrom('cld_events').selectAll().where('event_reference', '=', contact.event_reference).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ event_type: 'Request', start_date: '2026-11-03', end_date: null, route_of_access: 'Community or other route', description: 'Contact from a family member or friend by telephone', source: 'front-door', source_id: contact.id });
    expect(html(await v.get('/front-door'))('table').text()).toContain(person.reference);
    const record = html(await v.get(`/people/${person.id}`));
    expect(record('h2:contains("Contacts and referrals") + div table').text()).toContain('Not dealt with yet');

    const page = html(await v.get(contactUrl));
    expect(page('dl').text()).toContain('Mum is struggling to wash and dress');
    const version = String(page('input[name="version"]').val());
    const early = await v.post(contactUrl, { version, 'concluded_on-day': '1', 'concluded_on-month': '11', 'concluded_on-year': '2026', outcome: 'Progress to assessment, review or reassessment' });
    expect(errorSummary(early)).toEqual(['The date it was dealt with must be on or after the date of the contact']);
    const noOutcome = await v.post(contactUrl, { version, 'concluded_on-day': '4', 'concluded_on-month': '11', 'concluded_on-year': '2026' });
    expect(errorSummary(noOutcome)).toEqual(['Select what happened']);
    const done = await v.post(contactUrl, { version, 'concluded_on-day': '4', 'concluded_on-month': '11', 'concluded_on-year': '2026', outcome: 'Progress to assessment, review or reassessment', outcome_notes: 'Assessment booked' });
    expect(done.statusCode).toBe(303);
    const ended = await t.database.db.selectFrom('cld_events').select(['end_date', 'outcome']).where('event_reference', '=', contact.event_reference).executeTakeFirstOrThrow();
    expect(ended).toEqual({ end_date: '2026-11-04', outcome: 'Progress to assessment, review or reassessment' });
    expect(html(await v.get('/front-door'))('body').text()).not.toContain(person.reference);
    const after = html(await v.get(contactUrl));
    expect(after('form[method="post"] select[name="outcome"]').length).toBe(0);
    expect(after('a:contains("start their assessment")').length).toBe(1);
    const again = await v.post(contactUrl, { version: String(contact.version), 'concluded_on-day': '4', 'concluded_on-month': '11', 'concluded_on-year': '2026', outcome: 'NFA: Other' });
    expect(again.statusCode).toBe(409);
    const actions = (await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', contact.id).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['contact.recorded', 'contact.viewed', 'contact.concluded']));
  });

  it('makes a new record for someone not known, and asks for what the record needs', async () => {
    const v = await as('worker');
    const incomplete = await v.post('/front-door/new', { ...base, known: 'no', team_id: team.id });
    expect(errorSummary(incomplete)).toEqual(['Select who the new record is for', 'Enter the person’s first name', 'Enter the person’s last name']);
    const recorded = await v.post('/front-door/new', { ...base, known: 'no', client_type: 'Unpaid carer', given_name: 'Newly', family_name: 'Referred', contact_from: 'the-person', team_id: team.id });
    expect(recorded.statusCode).toBe(303);
    const person = await t.database.db.selectFrom('people').selectAll().where('family_name', '=', 'Referred').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ client_type: 'Unpaid carer', team_id: team.id });
    const flash = html(await v.get(String(recorded.headers.location)));
    expect(flash('.govuk-notification-banner').text()).toContain(`Contact recorded, with a new record ${person.reference}`);
  });

  it('keeps each team’s contacts to that team', async () => {
    const person = await make.person(team.id);
    const v = await as('worker');
    const recorded = await v.post('/front-door/new', { ...base, known: 'yes', person_reference: person.reference, team_id: team.id });
    const url = String(recorded.headers.location);
    expect((await (await as('other')).get(url)).statusCode).toBe(404);
    expect(html(await (await as('other')).get('/front-door'))('body').text()).not.toContain(person.reference);
    expect((await (await as('analyst')).get('/front-door')).statusCode).toBe(403);
    const elsewhere = await v.post('/front-door/new', { ...base, known: 'yes', person_reference: person.reference, team_id: otherTeam.id });
    expect(errorSummary(elsewhere)).toEqual(['Select the team the contact is for']);
  });
});

