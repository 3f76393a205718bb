import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalAssistantLegalCheck } from '../../src/domain/directory/checks.js';
import { checksOfEntries, entryById } from '../../src/features/directory/repository.js';
import { londonToday } from '../../src/web/format.js';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const entryNamed = (name: string) => t.database.db.selectFrom('directory_entries').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
const names = ($: ReturnType<typeof html>, selector = 'table tbody th a') => $(selector).map((_, a) => $(a).text().trim()).get();

async function signedIn(email: string, app = t) {
  const v = new Visitor(app.app);
  await v.signIn(email);
  return v;
}

/** The directory exactly as the demo data loads it: a database of its own, which no other test changes. */
describe('the demo directory, as loaded', () => {
  let loaded: TestApp;
  beforeAll(async () => {
    loaded = await testApp();
  });
  afterAll(async () => loaded?.close());

  it('filters by kind, service, area, availability and check status', async () => {
    const v = await signedIn(DEMO.worker, loaded);
    expect(names(html(await v.get('/directory')))).toHaveLength(8);
    expect(names(html(await v.get('/directory?kind=personal-assistant')))).toEqual(['Jo Bloggs', 'Priti Shah', 'Sam Carter']);
    expect(names(html(await v.get('/directory?service=Night+support')))).toEqual(['Priti Shah']);
    expect(names(html(await v.get('/directory?area=Riverside&kind=provider')))).toEqual(['Anytown Home Care Ltd', 'Riverside Day Centre']);
    expect(names(html(await v.get('/directory?status=not-met')))).toEqual(['Care Match Brokers', 'QuickCare Agency', 'Sam Carter']);
    expect(names(html(await v.get('/directory?status=due-soon')))).toEqual(['Anytown Home Care Ltd']);
    expect((await v.get('/directory?kind=nonsense')).statusCode).toBe(200);
  });

  it('marks an entry with an expired check clearly, and lists what is due on the worklist', async () => {
    const v = await signedIn(DEMO.worker, loaded);
    const sam = await loaded.database.db.selectFrom('directory_entries').selectAll().where('name', '=', 'Sam Carter').executeTakeFirstOrThrow();
    const page = html(await v.get(`/directory/${sam.id}`));
    expect(page('.govuk-warning-text').text()).toMatch(/Does not meet the council’s standard: The DBS check was due to be renewed on/);
    expect(page('.govuk-tag--red').length).toBeGreaterThan(0);
    const worklist = html(await v.get('/directory/checks-due'));
    const rows = worklist('table tbody tr').map((_, tr) => worklist(tr).text().replace(/\s+/g, ' ').trim()).get();
    expect(rows[0]).toMatch(/^(Care Match Brokers Accreditation|QuickCare Agency Public liability insurance|Sam Carter DBS check) .* Overdue$/);
    expect(rows.at(-1)).toMatch(/^Anytown Home Care Ltd Public liability insurance .* Due soon$/);
    expect(rows).toHaveLength(4);
  });
});

describe('the staff directory', () => {
  it('exposes the Legal check for a plan line paying a personal assistant', async () => {
    const directory = {
      checksOf: async (id: string) => ({ entry: (await entryById(t.database.db, id))!, checks: (await checksOfEntries(t.database.db, [id])).get(id)! }),
    };
    const sam = await entryNamed('Sam Carter');
    const { entry, checks } = await directory.checksOf(sam.id);
    const result = personalAssistantLegalCheck(entry.name, checks, londonToday());
    expect(result.ok).toBe(false);
    expect(result.reasons[0]).toMatch(/^Sam Carter: the DBS check was due to be renewed on \d+ \w+ \d{4}$/);
    const jo = await directory.checksOf((await entryNamed('Jo Bloggs')).id);
    expect(personalAssistantLegalCheck(jo.entry.name, jo.checks, londonToday())).toEqual({ ok: true, reasons: [] });
  });

  it('a manager adds a personal assistant and records a DBS check, with every problem named', async () => {
    const v = await signedIn(DEMO.manager);
    const bad = await v.post('/directory/new?kind=personal-assistant', { name: '', hourly_rate: 'lots', public_listing: 'yes', postcode: 'CR2 6CX' });
    expect(errorSummary(bad)).toEqual([
      // In the order of the form: the hourly rate comes before the contact details.
      'Enter the name',
      'Enter the hourly rate in pounds and pence, like 14.50',
      expect.stringMatching(/^Enter a real postcode/),
      'Enter the date they agreed to be listed in the public directory',
    ]);
    const created = await v.post('/directory/new?kind=personal-assistant', {
      name: 'Alex Morgan',
      services: ['Personal care', 'Night support'],
      areas: 'Eastbrook',
      hourly_rate: '15.25',
      accepting_new: 'yes',
      public_listing: 'yes',
      'consent_recorded_on-day': '1',
      'consent_recorded_on-month': '11',
      'consent_recorded_on-year': '2026',
      public_fields: ['services', 'areas'],
    });
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location);
    expect(html(await v.get(url))('.govuk-warning-text').text()).toContain('No DBS check is recorded');

    const noDecision = await v.post(`${url}/checks/new`, {
      check_type: 'dbs',
      'checked_on-day': '2',
      'checked_on-month': '11',
      'checked_on-year': '2026',
      dbs_level: 'enhanced-barred',
      certificate_number: '123412341234',
      outcome: 'information',
    });
    expect(errorSummary(noDecision)).toEqual(['Record the decision taken about the information on the certificate']);
    for (const check of <Record<string, string>[]>[
      { check_type: 'dbs', dbs_level: 'enhanced-barred', certificate_number: '123412341234', outcome: 'information', decision: 'Old caution, not relevant to the role' },
      { check_type: 'right-to-work' },
    ]) {
      const recorded = await v.post(`${url}/checks/new`, { ...check, 'checked_on-day': '2', 'checked_on-month': '11', 'checked_on-year': '2026' });
      expect(recorded.statusCode).toBe(303);
    }
    const page = html(await v.get(url));
    expect(page('.govuk-warning-text').length).toBe(0);
    expect(page('main').text()).toContain('information disclosed; decision: Old caution, not relevant to the role');
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'directory.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['directory.entry-created', 'directory.check-recorded']));
  });

  it('stops the second of two concurrent edits', async () => {
    const v = await signedIn(DEMO.manager);
    const entry = await entryNamed('QuickCare Agency');
    const form = { name: 'QuickCare Agency', services: 'Personal care', areas: 'Eastbrook', accepting_new: 'yes', contract_status: 'spot', version: String(entry.version) };
    expect((await v.post(`/directory/${entry.id}/edit`, { ...form, availability: 'Weekdays 9 to 4' })).statusCode).toBe(303);
    const second = await v.post(`/directory/${entry.id}/edit`, { ...form, availability: 'Weekends' });
    expect(second.statusCode).toBe(409);
    expect(html(second)('#availability').val()).toBe('Weekdays 9 to 4');
  });
});

describe('personal assistants proposed by a worker (issue 17)', () => {
  it('a worker proposes someone, naming every problem in one round; a manager approves and the entry appears for its checks', async () => {
    const worker = await signedIn(DEMO.worker);
    const list = html(await worker.get('/directory'));
    expect(list('main a').filter((_, a) => list(a).text() === 'Propose a personal assistant').attr('href')).toBe('/directory/proposals');
    expect((await worker.get('/directory/proposals/new')).statusCode).toBe(200);
    const bad = await worker.post('/directory/proposals/new', { name: '', hourly_rate: 'lots', reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad)).toEqual(['Enter their name', 'Enter the hourly rate in pounds and pence, like 14.50', 'Say why you are proposing them and what you know of their checks']);
    const sent = await worker.post('/directory/proposals/new', { name: 'Dana Proposed', phone: '07700 900 123', areas: ['Riverside'], services: ['Personal care'], hourly_rate: '13.75', reason: 'Has helped the family for a year; says she has an enhanced DBS from 2025' });
    expect(sent.statusCode).toBe(303);
    const proposalPath = sent.headers.location as string;
    expect((await worker.get(proposalPath)).body).toContain('Waiting for a manager');
    // Another worker cannot see it; the manager is told on their home page.
    const south = await signedIn(DEMO.southWorker);
    expect((await south.get(proposalPath)).statusCode).toBe(404);
    expect(html(await south.get('/directory/proposals'))('main').text()).not.toContain('Dana Proposed');
    const manager = await signedIn(DEMO.manager);
    const home = html(await manager.get('/'));
    expect(home('main a').filter((_, a) => home(a).text() === 'Decide on Dana Proposed').attr('href')).toBe(proposalPath);
    // The worker may not decide.
    expect((await worker.post(proposalPath, { decision: 'approve' })).statusCode).toBe(403);
    const approved = await manager.post(proposalPath, { decision: 'approve' });
    expect(approved.statusCode).toBe(303);
    const entry = await entryNamed('Dana Proposed');
    expect(approved.headers.location).toBe(`/directory/${entry.id}`);
    expect(entry).toMatchObject({ kind: 'personal-assistant', hourly_rate_pence: 1375, areas: ['Riverside'], services: ['Personal care'], public_listing: false });
    // Decided once: a second decision is told someone decided first.
    const again = await manager.post(proposalPath, { decision: 'decline', decision_reason: 'No' });
    expect(again.statusCode).toBe(409);
    expect(html(await worker.get(proposalPath))('main').text()).toContain(`Added to the directory as ${entry.reference} by`);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'directory.proposal-%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['directory.proposal-made', 'directory.proposal-approved']));
  });

  it('a manager declines with a reason the worker sees, and may not decide their own proposal', async () => {
    const worker = await signedIn(DEMO.worker);
    const path = (await worker.post('/directory/proposals/new', { name: 'Eli Declined', reason: 'Met once' })).headers.location as string;
    const manager = await signedIn(DEMO.manager);
    const noReason = await manager.post(path, { decision: 'decline' });
    expect(errorSummary(noReason)).toEqual(['Say why they are not being added, so the worker knows']);
    const none = await manager.post(path, {});
    expect(errorSummary(none)).toEqual(['Select whether to add them to the directory']);
    expect((await manager.post(path, { decision: 'decline', decision_reason: 'They have no DBS check and did not want one' })).headers.location).toBe('/directory/proposals');
    const seen = html(await worker.get(path))('main').text().replace(/\s+/g, ' ');
    expect(seen).toContain('Not added');
    expect(seen).toContain('Their reason: They have no DBS check and did not want one');
    const own = (await manager.post('/directory/proposals/new', { name: 'Own Proposal', reason: 'A neighbour' })).headers.location as string;
    expect(html(await manager.get(own))('form button').text()).not.toContain('Save decision');
    expect((await manager.post(own, { decision: 'approve' })).statusCode).toBe(404);
  });

  it('a plan line offers to propose a personal assistant who is not in the directory', async () => {
    const make = factories(t.database.db);
    const team = await make.team();
    const staff = await make.staff('social-worker', [team.id]);
    const person = await make.person(team.id);
    const plan = await make.plan(person, (await make.assessment(person, staff.id)).id, staff.id);
    const v = new Visitor(t.app);
    await v.signIn(staff.email, FACTORY_PASSWORD);
    const form = html(await v.get(`/plans/${plan.id}/lines/new`));
    expect(form('a[href="/directory/proposals/new"]').text()).toBe('Propose a personal assistant for the directory');
  });
});

describe('the public directory', () => {
  it('needs no sign-in and shows nothing of an entry that has not consented', async () => {
    const v = new Visitor(t.app);
    const page = html(await v.get('/find-support'));
    const listed = page('.govuk-summary-card__title').map((_, h) => page(h).text().trim()).get();
    expect(listed).toEqual(expect.arrayContaining(['Jo Bloggs', 'Priti Shah', 'Anytown Home Care Ltd', 'Riverside Day Centre', 'Anytown Independent Living Centre']));
    for (const hidden of ['Sam Carter', 'QuickCare Agency', 'Care Match Brokers']) {
      expect(page('main').text()).not.toContain(hidden);
      const entry = await entryNamed(hidden);
      const direct = await v.get(`/find-support/${entry.id}`);
      expect(direct.statusCode).toBe(404);
      expect(direct.body).not.toContain(hidden);
      expect(direct.body).not.toContain(entry.phone ?? 'no phone');
    }
  });

  it('shows only the details an entry agreed to show', async () => {
    const v = new Visitor(t.app);
    const jo = await entryNamed('Jo Bloggs'); // agreed: description, services, areas, availability, rates; not phone
    const page = html(await v.get(`/find-support/${jo.id}`));
    const text = page('main').text();
    expect(text).toContain('Personal care and help at home');
    expect(text).toContain('£14.50 an hour');
    expect(text).not.toContain(jo.phone!);
    expect(text).not.toContain('Telephone');
  });

  it('says how to get in touch: email and telephone as links, or the council when the entry showed neither', async () => {
    const v = new Visitor(t.app);
    const priti = await entryNamed('Priti Shah'); // agreed to show her email
    const page = html(await v.get(`/find-support/${priti.id}`));
    expect(page(`a[href="mailto:${priti.email}"]`).text()).toBe(priti.email!);
    expect(page('main').text()).toContain('How to get in touch');
    const jo = await entryNamed('Jo Bloggs');
    expect(html(await v.get(`/find-support/${jo.id}`))('main').text()).toMatch(/They have not said how to contact them here\. To get in touch, call 01632 960 000/);
    const provider = await t.database.db.selectFrom('directory_entries').select(['id', 'phone']).where('public_listing', '=', true).where(sql<boolean>`'phone' = ANY(public_fields)`).where('phone', 'is not', null).executeTakeFirst();
    if (provider) expect(html(await v.get(`/find-support/${provider.id}`))(`a[href^="tel:"]`).text()).toBe(provider.phone!);
  });

  it('a missing public entry’s page sends the public back to the directory, not to the staff sign-in', async () => {
    const v = new Visitor(t.app);
    const missing = await v.get('/find-support/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const $ = html(missing);
    expect($('main a').map((_, a) => $(a).attr('href')).get()).toEqual(['/find-support']);
    expect($('main').text()).toContain('Search the directory of support');
    expect(html(await v.get('/find-support/not-an-id'))('main a').attr('href')).toBe('/find-support');
  });

  it('searches by service and area', async () => {
    const v = new Visitor(t.app);
    const page = html(await v.get('/find-support?service=Support+planning&area=Southgate'));
    expect(page('.govuk-summary-card__title').map((_, h) => page(h).text().trim()).get()).toEqual(['Anytown Independent Living Centre']);
    const none = html(await v.get('/find-support?service=Meals&area=Eastbrook'));
    expect(none('h2').first().text()).toBe('1 result');
  });
});

describe('directory CSV', () => {
  it('exports, and importing the same file again changes nothing', async () => {
    const v = await signedIn(DEMO.admin);
    const exported = await v.get('/directory/export.csv');
    expect(exported.headers['content-type']).toContain('text/csv');
    const before = await t.database.db.selectFrom('audit_events').select('seq').execute();
    const again = await v.post('/directory/import', { csv: exported.body });
    expect(again.statusCode).toBe(303);
    expect(html(await v.get('/directory'))('.govuk-notification-banner').text()).toMatch(/0 added, 0 changed, \d+ unchanged/);
    const after = await t.database.db.selectFrom('audit_events').select('seq').execute();
    expect(after.length).toBe(before.length);
  });

  it('refuses a file with any bad row whole, naming each, and imports a good one in one go', async () => {
    const v = await signedIn(DEMO.admin);
    const exported = (await v.get('/directory/export.csv')).body.trimEnd().split('\n');
    const header = exported[0]!;
    const row = (ref: string, name: string, extra = '') => `${ref},personal-assistant,${name},,,,,,,,Personal care,Eastbrook,,yes,${extra},,,,,no,,`;
    const bad = [header, row('NEW-1', 'New Person'), row('NEW-2', ''), row('NEW-1', 'Twice'), row('NEW-3', 'Rate', 'much')].join('\n');
    const refused = await v.post('/directory/import', { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused)).toEqual(['line 3, column name: Enter the name', 'line 4, column reference: "NEW-1" is also on line 2', 'line 5, column hourly_rate: Enter the hourly rate in pounds and pence, like 14.50']);
    expect(await t.database.db.selectFrom('directory_entries').select('id').where('reference', '=', 'NEW-1').executeTakeFirst()).toBeUndefined();
    const good = [header, row('NEW-1', 'New Person', '12.00')].join('\n');
    expect((await v.post('/directory/import', { csv: good })).statusCode).toBe(303);
    expect(await entryNamed('New Person')).toMatchObject({ reference: 'NEW-1', hourly_rate_pence: 1200, kind: 'personal-assistant' });
  });

  it('imports an uploaded file, refusing one that is not UTF-8 or is larger than any directory', async () => {
    const v = await signedIn(DEMO.admin);
    await v.get('/directory/import');
    const exported = (await v.get('/directory/export.csv')).body.trimEnd().split('\n');
    const row = (ref: string, name: string) => `${ref},personal-assistant,${name},,,,,,,,Personal care,Eastbrook,,yes,12.00,,,,,no,,`;
    const uploaded = await v.postFiles('/directory/import/file', {}, { csv_file: { name: 'directory.csv', content: `${[exported[0], row('UP-1', 'Uploaded Person')].join('\n')}\n` } });
    expect(uploaded.statusCode).toBe(303);
    expect(await entryNamed('Uploaded Person')).toMatchObject({ reference: 'UP-1' });
    const latin1 = Buffer.from(`${[exported[0], row('UP-2', 'Zo\xeb Caf\xe9')].join('\n')}\n`, 'latin1');
    const refused = await v.postFiles('/directory/import/file', {}, { csv_file: { name: 'directory.csv', content: latin1 } });
    expect(errorSummary(refused)).toEqual(['The file is not UTF-8 text: it may have been saved as Latin-1 or Windows-1252. Save it as "CSV UTF-8" and upload it again']);
    const { DIRECTORY_UPLOAD_BYTES } = await import('../../src/features/directory/routes.js');
    const huge = await v.postFiles('/directory/import/file', {}, { csv_file: { name: 'directory.csv', content: Buffer.alloc(DIRECTORY_UPLOAD_BYTES + 1, 'x') } });
    expect(huge.statusCode).toBe(400);
    expect(html(huge)('main').text()).toMatch(/The file is larger than 16 MB, more than this kind of file ever is/);
    expect(errorSummary(await v.postFiles('/directory/import/file', {}, {}))).toEqual(['Choose the directory CSV file to upload']);
  });
});
