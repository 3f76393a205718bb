import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, Role } from '../../src/db/schema.js';
import { type TestApp, Visitor, errorSummary, formValues, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

let t: TestApp;
let make: ReturnType<typeof factories>;
/** This file's team, another team, and their staff: every person here is made by the test that needs them. */
let team: { id: string };
let otherTeam: { id: string };
const staff = new Map<Role, { id: string; email: string }>();
beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team();
  otherTeam = await make.team();
  for (const role of ['social-worker', 'team-manager', 'analyst'] as const) staff.set(role, await make.staff(role, role === 'analyst' ? [] : [team.id]));
});
afterAll(async () => t?.close());

async function as(role: Role) {
  const v = new Visitor(t.app);
  await v.signIn(staff.get(role)!.email, FACTORY_PASSWORD);
  return v;
}
const listed = (p: Pick<Person, 'given_name' | 'family_name'>) => `${p.family_name}, ${p.given_name}`;

const newPerson = (overrides: Record<string, string> = {}) => ({
  client_type: 'Service user',
  given_name: 'Ruth',
  family_name: 'Example',
  preferred_name: '',
  'dob-day': '3',
  'dob-month': '4',
  'dob-year': '1950',
  nhs_number: '',
  address_line_1: '1 Test Street',
  address_line_2: '',
  town: 'Anytown',
  postcode: '',
  phone: '',
  email: '',
  gender: 'Female',
  ethnicity: '',
  primary_support_reason: 'Physical support: Personal care support',
  ...overrides,
});

const worker = () => as('social-worker');
/** Searches as a browser does: the form posts, and the results are at the address it is sent to. */
const search = async (v: Visitor, query: string) => v.get(String((await v.post('/people/search', { query })).headers.location));
const northTeamId = async () => team.id;

describe('people', () => {
  it('signed out, /people redirects to /sign-in', async () => {
    const response = await new Visitor(t.app).get('/people');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });

  it('a worker sees their team’s people and no one else', async () => {
    const [mine, alsoMine, theirs] = [await make.person(team.id), await make.person(team.id), await make.person(otherTeam.id)];
    const v = await worker();
    const $ = html(await v.get('/people'));
    const names = $('table tbody th a').map((_, a) => $(a).text()).get();
    expect(names).toContain(listed(mine));
    expect(names).toContain(listed(alsoMine));
    expect(names).not.toContain(listed(theirs));
    expect($('h1').text()).toBe('People');
  });

  it('accepts NHS number 943 476 5919 and postcode CR2 6XH, and shows them formatted', async () => {
    const v = await worker();
    const created = await v.post('/people/new', newPerson({ nhs_number: '9434765919', postcode: 'cr2 6xh', team_id: await northTeamId() }));
    expect(created.statusCode).toBe(303);
    const page = await v.get(String(created.headers.location));
    const $ = html(page);
    expect($('h1').text()).toContain('Ruth Example');
    expect(page.body).toContain('943 476 5919');
    expect(page.body).toContain('CR2 6XH');
    expect($('.govuk-notification-banner').text()).toMatch(/Record AC-\d+ created/);
  });

  it('refuses NHS number 943 476 5918 and postcode CR2 6CX, saying what is wrong, and keeps what was typed', async () => {
    const v = await worker();
    const response = await v.post('/people/new', newPerson({ nhs_number: '943 476 5918', postcode: 'CR2 6CX', given_name: 'Keep Me', team_id: await northTeamId() }));
    expect(response.statusCode).toBe(400);
    const messages = errorSummary(response);
    expect(messages).toContain('Enter a real NHS number: the last digit does not match the others. Check each digit has been typed correctly');
    expect(messages.some((m) => m.startsWith('Enter a real postcode, like CR2 6XH'))).toBe(true);
    const $ = html(response);
    expect($('title').text()).toMatch(/^Error: /);
    expect($('#nhs_number').val()).toBe('943 476 5918');
    expect($('#given_name').val()).toBe('Keep Me');
    expect($('.govuk-error-summary__list a[href="#nhs_number"]').length).toBe(1);
  });

  it('names every missing or wrong field', async () => {
    const v = await worker();
    const response = await v.post('/people/new', { 'dob-day': '31', 'dob-month': '2', 'dob-year': '1950', email: 'not-an-email', phone: '12', team_id: 'someone-elses' });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response)).toEqual([
      'Select whether the person receives care and support or is a carer',
      'Enter the person’s first name',
      'Enter the person’s last name',
      'Date of birth must be a real date, like 27 3 1950',
      'Enter a telephone number, like 01632 960 001 or 07700 900 982',
      'Enter an email address in the correct format, like name@example.com',
      'Select the team responsible for this person',
    ]);
    expect(html(response)('.govuk-error-summary__list a[href="#dob-day"]').length).toBe(1);
  });

  it('refuses a second record with the same NHS number', async () => {
    const v = await worker();
    const first = await v.post('/people/new', newPerson({ nhs_number: '401 023 2137', team_id: await northTeamId() }));
    expect(first.statusCode).toBe(303);
    const second = await v.post('/people/new', newPerson({ nhs_number: '4010232137', team_id: await northTeamId() }));
    expect(second.statusCode).toBe(400);
    expect(errorSummary(second)[0]).toMatch(/Another record already has this NHS number/);
  });

  it('finds people by name, NHS number, postcode and reference, with nothing personal in the URL', async () => {
    const margaret = await make.person(team.id, { given_name: 'Margarethe', family_name: 'Searchable', nhs_number: '9458073022', postcode: 'AT9 2AB' });
    const elsewhere = await make.person(otherTeam.id, { family_name: 'Elsewhere' });
    const v = await worker();
    for (const query of ['searchable marg', '945 807 3022', 'at9 2ab', margaret.reference.toLowerCase()]) {
      const sent = await v.post('/people/search', { query });
      expect(sent.statusCode, query).toBe(303);
      expect(sent.headers.location, query).toMatch(/^\/people\/search\/[0-9a-f-]{36}$/);
      const response = await v.get(String(sent.headers.location));
      expect(response.statusCode, query).toBe(200);
      const $ = html(response);
      expect($('table tbody th a').map((_, a) => $(a).text()).get(), query).toContain(listed(margaret));
      expect($('form[action="/people/search"]').attr('method')).toBe('post');
      expect($('#query').val(), query).toBe(query);
    }
    const none = await search(v, elsewhere.family_name); // another team's person
    expect(html(none)('table').length).toBe(0);
    expect(none.body).toContain('No one in your teams matches');
    const empty = await v.post('/people/search', { query: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty)).toEqual(['Enter a name, NHS number or postcode']);
  });

  it('shows search results 25 a page, each page audited; only the one who searched can open them', async () => {
    for (let i = 0; i < 26; i++) await make.person(team.id, { family_name: `Pagesearch${String(i).padStart(2, '0')}` });
    const v = await worker();
    const sent = await v.post('/people/search', { query: 'pagesearch' });
    const address = String(sent.headers.location);
    const first = html(await v.get(address));
    expect(first('table tbody tr').length).toBe(25);
    expect(first('caption').text()).toContain('26 results, showing 1 to 25');
    expect(first('.govuk-pagination__next a').attr('href')).toBe(`${address}?page=2`);
    const second = html(await v.get(`${address}?page=2`));
    expect(second('table tbody tr').length).toBe(1);
    expect(second('table tbody tr').text()).toContain('Pagesearch25');
    expect(second('.govuk-pagination__prev a').attr('href')).toBe(address);
    expect(html(await v.get(`${address}?page=5`))('caption').text()).toContain('showing 26 to 26');
    const audited = await t.database.db.selectFrom('audit_events').select('after').where('action', '=', 'people.searched').orderBy('seq', 'desc').limit(3).execute();
    expect(audited.map((a) => (a.after as { page: number }).page)).toEqual([2, 2, 1]);
    // Someone else, given the address, is sent back to search for themselves.
    const colleague = await make.staff('social-worker', [team.id]);
    const other = new Visitor(t.app);
    await other.signIn(colleague.email, FACTORY_PASSWORD);
    const theirs = await other.get(address);
    expect(theirs.statusCode).toBe(303);
    expect(theirs.headers.location).toBe('/people');
    expect(html(await other.get('/people'))('.govuk-notification-banner').text()).toContain('That search has ended. Search again');
  });

  it('edits a record, recording before and after in the audit trail', async () => {
    const v = await worker();
    const person = await make.person(team.id, { phone: '01632 960111', gender: 'Female' });
    const form = html(await v.get(`/people/${person.id}/edit`));
    const values = formValues(form);
    expect(values.version).toBe(String(person.version));
    const saved = await v.post(`/people/${person.id}/edit`, { ...values, phone: '07700 900 555' });
    expect(saved.statusCode).toBe(303);
    const entry = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('person_id', '=', person.id)
      .where('action', '=', 'person.updated')
      .executeTakeFirstOrThrow();
    expect(entry.before).toEqual({ phone: person.phone });
    expect(entry.after).toEqual({ phone: '07700 900 555' });
    expect(entry.actor).toBe(staff.get('social-worker')!.email);
  });

  it('stops the second of two concurrent edits and shows the first one’s change', async () => {
    const a = await worker();
    const b = await as('team-manager');
    const person = await make.person(team.id);
    const base = {
      client_type: person.client_type,
      given_name: person.given_name,
      family_name: person.family_name,
      team_id: person.team_id,
      version: String(person.version),
    };
    // Both opened the form at the same version.
    const first = await a.post(`/people/${person.id}/edit`, { ...base, preferred_name: 'Jacko' });
    expect(first.statusCode).toBe(303);
    const second = await b.post(`/people/${person.id}/edit`, { ...base, preferred_name: 'J' });
    expect(second.statusCode).toBe(409);
    expect(errorSummary(second)[0]).toMatch(/Someone else changed this record while you were editing it/);
    expect(html(second)('#preferred_name').val()).toBe('Jacko');
    const stored = await t.database.db.selectFrom('people').select(['preferred_name', 'version']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ preferred_name: 'Jacko', version: person.version + 1 });
  });

  it('closes a record with a reason and never deletes it', async () => {
    const v = await worker();
    const person = await make.person(team.id);
    // An open service, as a migration or an agreed plan would make it: it ends with the record.
    await t.database.db.insertInto('cld_events').values({ event_reference: `CLOSE-${person.id.slice(0, 8)}`, person_id: person.id, event_type: 'Service', start_date: '2024-01-01', service_type: 'Long term support: Community', source: 'migrated', updated_at: new Date() }).execute();
    const missing = await v.post(`/people/${person.id}/close`, { version: String(person.version), closure_reason: '' });
    expect(errorSummary(missing)).toEqual(['Enter why the record is being closed']);
    const closed = await v.post(`/people/${person.id}/close`, { version: String(person.version), closure_reason: 'Moved to another council' });
    expect(closed.statusCode).toBe(303);
    const service = await t.database.db.selectFrom('cld_events').select(['end_date', 'outcome']).where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(service.outcome).toBe('NFA: Support ended for other reason');
    expect(service.end_date).not.toBeNull();
    const page = await v.get(`/people/${person.id}`);
    expect(html(page)('.govuk-warning-text').text()).toContain('Moved to another council');
    expect(html(page)('a[href$="/edit"]').length).toBe(0);
    const list = html(await v.get('/people'));
    expect(list('table tbody th a').map((_, a) => list(a).text()).get()).not.toContain(listed(person));
    const withClosed = html(await v.get('/people?closed=yes'));
    expect(withClosed('table tbody th a').map((_, a) => withClosed(a).text()).get()).toContain(listed(person));
  });

  it('adds and ends a representative, and links a carer both ways', async () => {
    const v = await worker();
    const priya = await make.person(team.id);
    const bad = await v.post(`/people/${priya.id}/representatives/new`, { name: '' });
    expect(errorSummary(bad)).toEqual(['Select the kind of representative', 'Enter the representative’s name']);
    const added = await v.post(`/people/${priya.id}/representatives/new`, { kind: 'advocate', name: 'Ravi Advocate', relationship: '', phone: '', email: '', address: '' });
    expect(added.statusCode).toBe(303);
    const rep = await t.database.db.selectFrom('representatives').selectAll().where('person_id', '=', priya.id).executeTakeFirstOrThrow();
    const ended = await v.post(`/people/${priya.id}/representatives/${rep.id}/end`, { ended_reason: 'No longer needed' });
    expect(ended.statusCode).toBe(303);

    const carer = await make.person(team.id, { client_type: 'Unpaid carer' });
    const notCarer = await make.person(team.id);
    const refused = await v.post(`/people/${priya.id}/carers/new`, { carer_reference: notCarer.reference });
    expect(errorSummary(refused)[0]).toMatch(/is not recorded as an unpaid carer/);
    const tooMany = await v.post(`/people/${priya.id}/carers/new`, { carer_reference: carer.reference, relationship: 'Neighbour', hours_caring_per_week: '200' });
    expect(errorSummary(tooMany)).toEqual(['The hours of care a week must be 168 or fewer (there are 168 hours in a week)']);
    const linked = await v.post(`/people/${priya.id}/carers/new`, { carer_reference: carer.reference, relationship: 'Neighbour', hours_caring_per_week: '35' });
    expect(linked.statusCode).toBe(303);
    expect(html(await v.get(`/people/${priya.id}`))('table:contains("Hours of care a week") td').text()).toContain('35');
    expect(html(await v.get(`/people/${priya.id}`))('body').text()).toContain(`${carer.given_name} ${carer.family_name}`);
    const carerPage = html(await v.get(`/people/${carer.id}`));
    expect(carerPage('h2:contains("Cares for")').length).toBe(1);
    expect(carerPage('body').text()).toContain(`${priya.given_name} ${priya.family_name}`);
  });

  it('records the details the statutory return needs, checked against the CLD lists, and audits them', async () => {
    const v = await worker();
    const person = await make.person(team.id, { date_of_birth: '1940-03-01' });
    const form = html(await v.get(`/people/${person.id}/statutory-details`));
    expect(form('h1').text()).toBe('Details for the statutory return');
    expect(form('select[name="accommodation_status"] option').length).toBe(23);
    const version = String(form('input[name="version"]').val());
    const bad = await v.post(`/people/${person.id}/statutory-details`, { version, 'date_of_death-day': '1', 'date_of_death-month': '1', 'date_of_death-year': '1930', gp_practice_code: '81001', accommodation_status: 'Owner Occupier', dementia: 'Maybe' });
    expect(errorSummary(bad)).toEqual([
      'Enter the GP practice code as a letter and five digits, like A81001',
      'Select where the person lives from the list',
      'Select whether the person has dementia',
    ]);
    const before = await v.post(`/people/${person.id}/statutory-details`, { version, 'date_of_death-day': '1', 'date_of_death-month': '1', 'date_of_death-year': '1930' });
    expect(errorSummary(before)).toEqual(['The date of death must be after the date of birth']);
    const saved = await v.post(`/people/${person.id}/statutory-details`, {
      version,
      'date_of_death-day': '2', 'date_of_death-month': '11', 'date_of_death-year': '2026',
      gp_practice_code: 'a81001',
      accommodation_status: 'Owner occupier or shared ownership scheme',
      employment_status: 'Not in paid employment: Not actively seeking work or retired',
      has_unpaid_carer: 'Yes', dementia: 'No', client_funding_status: 'Joint client and social care funded',
    });
    expect(saved.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('people').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ date_of_death: '2026-11-02', gp_practice_code: 'A81001', accommodation_status: 'Owner occupier or shared ownership scheme', has_unpaid_carer: 'Yes', dementia: 'No', visual_impairment: null, client_funding_status: 'Joint client and social care funded' });
    const page = html(await v.get(`/people/${person.id}`));
    expect(page('h2:contains("For the statutory return") + dl').text()).toContain('2 November 2026');
    const audit = await t.database.db.selectFrom('audit_events').select(['after']).where('action', '=', 'person.statutory-details-updated').where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ date_of_death: '2026-11-02', gp_practice_code: 'A81001' });
    expect((await (await as('analyst')).get(`/people/${person.id}/statutory-details`)).statusCode).toBe(403);
  });

  it('a manager sees the record history; a worker cannot', async () => {
    const v = await worker();
    const created = await v.post('/people/new', newPerson({ given_name: 'Historic', team_id: team.id }));
    const person = { id: String(created.headers.location).split('/').pop()! };
    await v.get(`/people/${person.id}`);
    expect((await v.get(`/people/${person.id}/history`)).statusCode).toBe(403);
    const m = await as('team-manager');
    const page = await m.get(`/people/${person.id}/history`);
    expect(page.statusCode).toBe(200);
    const $ = html(page);
    const rows = $('table tbody tr').map((_, tr) => $(tr).text().replace(/\s+/g, ' ')).get();
    // Names, not e-mail addresses; events in words, not codes.
    const workerName = (await t.database.db.selectFrom('staff_users').select('display_name').where('id', '=', staff.get('social-worker')!.id).executeTakeFirstOrThrow()).display_name;
    expect(rows.some((r) => r.includes(workerName) && r.includes('Opened the record'))).toBe(true);
    expect(rows.some((r) => r.includes(workerName) && r.includes('Created the record'))).toBe(true);
    expect(rows.join(' ')).not.toContain(staff.get('social-worker')!.email);
    expect(rows.join(' ')).not.toMatch(/person\.(viewed|created)/);

    // Changes only leaves the reads out; a kind and dates narrow it; a bad date is named.
    const changes = html(await m.get(`/people/${person.id}/history?changes=only`));
    const changeRows = changes('table tbody tr').map((_, tr) => changes(tr).text()).get();
    expect(changeRows.length).toBeGreaterThan(0);
    expect(changeRows.join(' ')).not.toContain('Opened the record');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10).split('-');
    const future = html(await m.get(`/people/${person.id}/history?from-day=${Number(tomorrow[2])}&from-month=${Number(tomorrow[1])}&from-year=${tomorrow[0]}`));
    expect(future('main').text()).toContain('Nothing in the history matches');
    const bad = await m.get(`/people/${person.id}/history?from-day=31&from-month=2&from-year=2026`);
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad)).toEqual(['The from date must be a real date']);
    const money = html(await m.get(`/people/${person.id}/history?kind=money`));
    expect(money('main').text()).toContain('Nothing in the history matches');
  });

  it('pages a long history, keeping the filter in each page’s link', async () => {
    const person = await make.person(team.id);
    const m = await as('team-manager');
    for (let i = 0; i < 60; i++) await m.get(`/people/${person.id}`);
    const first = html(await m.get(`/people/${person.id}/history?changes=only`));
    expect(first('main').text()).toContain('Nothing in the history matches'); // opened 60 times, never changed
    const all = html(await m.get(`/people/${person.id}/history`));
    expect(all('table tbody tr').length).toBe(50);
    expect(all('.govuk-pagination__next a').attr('href')).toBe(`/people/${person.id}/history?page=2`);
    const second = html(await m.get(`/people/${person.id}/history?page=2`));
    // 60 opens and two reads of the history before this one: 62, so 12 on page 2.
    expect(second('table tbody tr').length).toBe(12);
    expect(second('.govuk-pagination__next').length).toBe(0);
    const kinds = html(await m.get(`/people/${person.id}/history?kind=record&changes=only`));
    expect(kinds('.govuk-pagination').length).toBe(0);
  });

  it('records every read of a person in the audit trail', async () => {
    const v = await worker();
    const person = await make.person(team.id);
    const count = async () =>
      (await t.database.db.selectFrom('audit_events').select('seq').where('person_id', '=', person.id).where('action', '=', 'person.viewed').execute()).length;
    const before = await count();
    await v.get(`/people/${person.id}`);
    await v.get(`/people/${person.id}/edit`);
    expect(await count()).toBe(before + 2);
  });

  it('an analyst sees aggregate figures with no names', async () => {
    const counted = await make.person(team.id, { primary_support_reason: 'Learning disability support' });
    const v = await as('analyst');
    const page = await v.get('/reports/people');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Learning disability support');
    expect(page.body).not.toContain(counted.family_name);
    expect((await v.get('/people')).statusCode).toBe(403);
  });
});
