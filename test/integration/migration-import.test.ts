import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands.js';
import { MIGRATION_FILES } from '../../src/domain/migration/legacy-rows.js';
import { importLegacyFolder } from '../../src/features/migration/import-legacy.js';
import { MigrationFolderError, checkMigrationFolder, formatMigrationProblem } from '../../src/features/migration/read-folder.js';
import { writeCldExtract } from '../../src/features/statutory-returns/returns.js';
import { Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { useEmbeddedCli } from '../helpers/cli.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** `selfdirect import legacy`: a selfdirect-migration/1 folder, all or nothing, idempotent, audited. */
type Rows = Record<string, string | undefined>[];
const dirs: string[] = [];

function folder(files: { people?: Rows; carers?: Rows; events?: Rows }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-migration-'));
  dirs.push(dir);
  for (const kind of ['people', 'carers', 'events'] as const) {
    const columns = MIGRATION_FILES[kind];
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = [columns.join(','), ...(files[kind] ?? []).map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))];
    writeFileSync(path.join(dir, `${kind}.csv`), `${lines.join('\r\n')}\r\n`);
  }
  return dir;
}

const person = (ref: string, over: Record<string, string> = {}) => ({
  person_ref: ref,
  nhs_number: '',
  given_name: 'Legacy',
  family_name: ref,
  date_of_birth: '1948-02-29',
  date_of_death: '',
  gender: 'Female',
  ethnicity: 'White: Irish',
  postcode: 'AT1 2AB',
  client_type: 'Service user',
  primary_support_reason: 'Physical support: Personal care support',
  team: 'Migrated North Team',
  ...over,
});
const serviceEvent = (ref: string, personRef: string, over: Record<string, string> = {}) => ({
  event_ref: ref,
  person_ref: personRef,
  event_type: 'Service',
  start_date: '2023-04-03',
  service_type: 'Long term support: Community',
  service_component: 'Home support or domiciliary care',
  delivery_mechanism: 'Direct payment',
  unit_cost_pence: '2200',
  cost_frequency: 'Hourly',
  planned_units_per_week: '10.5',
  weekly_cost_pence: '23100',
  provider_name: 'Anytown Care Ltd',
  provider_cqc_location_id: '1-101234567',
  ...over,
});

const good = {
  people: [person('LEG-1', { nhs_number: '943 476 5919' }), person('LEG-2', { client_type: 'Unpaid carer', primary_support_reason: '' }), person('LEG-3', { team: 'Migrated South Team', date_of_death: '2024-02-01' })],
  carers: [{ carer_ref: 'LEG-2', cared_for_ref: 'LEG-1', relationship: 'Husband', hours_caring_per_week: '50' }],
  events: [
    serviceEvent('OLD-S1', 'LEG-1'),
    { event_ref: 'OLD-R1', person_ref: 'LEG-1', event_type: 'Request', start_date: '2023-01-10', end_date: '2023-01-10', outcome: 'Progress to assessment, review or reassessment', route_of_access: 'Community or other route' },
    { event_ref: 'OLD-A1', person_ref: 'LEG-1', event_type: 'Assessment', start_date: '2023-02-01', end_date: '2023-03-01', outcome: 'Progress to support planning or services', assessment_type: 'Long term assessment', eligible_needs_identified: 'Yes' },
    { event_ref: 'OLD-V1', person_ref: 'LEG-1', event_type: 'Review', start_date: '2024-03-01', end_date: '2024-03-01', outcome: 'Continuation of support or services', review_reason: 'Planned review', review_outcomes_achieved: 'Partially achieved' },
    serviceEvent('OLD-S2', 'LEG-2', { service_type: 'Unpaid carer support: Direct to unpaid carer', service_component: 'Direct payment', delivery_mechanism: '', unit_cost_pence: '40000', cost_frequency: 'One-off', planned_units_per_week: '', weekly_cost_pence: '', provider_name: '', provider_cqc_location_id: '' }),
    serviceEvent('OLD-S3', 'LEG-3', { end_date: '2024-02-01', outcome: 'NFA: Deceased', delivery_mechanism: '' }),
  ],
};

let database: TestDatabase;
const who = { id: null, label: 'test: import legacy' };
const auditCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events`.execute(database.db)).rows[0]!.n);

beforeAll(async () => {
  database = await testDatabase({ empty: true });
}, 60_000);
afterAll(async () => {
  await database?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('importing a migration folder', () => {
  it('creates teams, people with their previous references, carer links and every event as given, audited', async () => {
    const summary = await importLegacyFolder(database.db, await checkMigrationFolder(folder(good)), who);
    expect(summary).toEqual({
      teamsCreated: ['Migrated North Team', 'Migrated South Team'],
      people: { created: 3, updated: 0, unchanged: 0 },
      carerLinks: { created: 1, updated: 0, unchanged: 0 },
      events: { created: 6, updated: 0, unchanged: 0 },
      plans: { created: 1, unchanged: 0 },
    });
    const ann = await database.db.selectFrom('people').selectAll().where('legacy_reference', '=', 'LEG-1').executeTakeFirstOrThrow();
    expect(ann).toMatchObject({ nhs_number: '9434765919', date_of_birth: '1948-02-29', client_type: 'Service user' });
    expect(ann.reference).toMatch(/^AC-\d+$/);
    const s1 = await database.db.selectFrom('cld_events').selectAll().where('event_reference', '=', 'OLD-S1').executeTakeFirstOrThrow();
    expect(s1).toMatchObject({ person_id: ann.id, unit_cost_pence: 2200, planned_hundredths_per_week: 1050, weekly_cost_pence: 23100, provider_cqc_location_id: '1-101234567', source: 'migrated' });
    const actions = (await database.db.selectFrom('audit_events').select(['action', 'person_id']).execute()).map((a) => a.action);
    expect(actions.filter((a) => a === 'person.migrated')).toHaveLength(3);
    expect(actions.filter((a) => a === 'cld-events.migrated')).toHaveLength(3);
    expect(actions).toContain('migration.imported');
    expect(actions.filter((a) => a === 'team.created')).toHaveLength(2);
  });

  it('carries on the open community services as a migrated agreed plan, with a review due and the services reported once', async () => {
    const ann = await database.db.selectFrom('people').select('id').where('legacy_reference', '=', 'LEG-1').executeTakeFirstOrThrow();
    const plan = await database.db.selectFrom('support_plans').selectAll().where('person_id', '=', ann.id).executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ migrated: true, status: 'agreed', assessment_id: null, plan_number: 1, support_starts_on: '2023-04-03' });
    expect(plan.lines).toEqual([expect.objectContaining({ id: 'OLD-S1', management: 'direct-payment', frequency: 'hours-a-week', quantityHundredths: 1050, unitCostPence: 2200, providerName: 'Anytown Care Ltd' })]);
    expect(plan.statement).toMatchObject({ weekly: { costPence: 23100, councilPence: 23100 }, directPayment: { netWeeklyPence: 23100 } });
    const review = await database.db.selectFrom('reviews').select(['kind', 'status']).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    expect(review).toEqual({ kind: 'annual', status: 'scheduled' });
    const services = await database.db.selectFrom('cld_events').select('event_reference').where('person_id', '=', ann.id).where('event_type', '=', 'Service').execute();
    expect(services.map((s) => s.event_reference)).toEqual(['OLD-S1']);
    // The carer's one-off break and the closed service of the person who died carry on as nothing.
    expect(await database.db.selectFrom('support_plans').select('id').where('person_id', '!=', ann.id).execute()).toEqual([]);
  });

  it('puts migrated events in the CLD extract with their references and values', async () => {
    let text = '';
    await writeCldExtract(database.db, { laCode: 'E06000999', from: '2023-04-01', to: '2024-03-31' }, (t) => void (text += t));
    const lines = text.trimEnd().split('\r\n');
    const s1 = lines.find((l) => l.includes(',OLD-S1,'))!;
    expect(s1).toContain(',9434765919,LEG-1,');
    expect(s1).toContain(',Long term support: Community,Home support or domiciliary care,Direct payment,1-101234567,');
    expect(s1.endsWith(',22.00,Hourly,10.5')).toBe(true);
    expect(lines.find((l) => l.includes(',OLD-S2,'))).toContain(',Unpaid carer,,AT1 2AB,');
  });

  it('changes nothing when the same folder is imported again', async () => {
    const before = await auditCount();
    const summary = await importLegacyFolder(database.db, await checkMigrationFolder(folder(good)), who);
    expect(summary).toEqual({ teamsCreated: [], people: { created: 0, updated: 0, unchanged: 3 }, carerLinks: { created: 0, updated: 0, unchanged: 1 }, events: { created: 0, updated: 0, unchanged: 6 }, plans: { created: 0, unchanged: 1 } });
    expect(await auditCount()).toBe(before);
  });

  it('updates what a changed row made, and audits before and after', async () => {
    const changed = {
      ...good,
      people: [person('LEG-1', { nhs_number: '9434765919', postcode: 'AT9 9ZZ' }), ...good.people.slice(1)],
      carers: [{ ...good.carers[0]!, hours_caring_per_week: '60' }],
      events: [serviceEvent('OLD-S1', 'LEG-1', { end_date: '2024-06-30', outcome: 'NFA: Support ended as planned' }), ...good.events.slice(1), serviceEvent('OLD-S4', 'LEG-1', { start_date: '2024-07-01' })],
    };
    const preview = await importLegacyFolder(database.db, await checkMigrationFolder(folder(changed)), who, { preview: true });
    expect(preview.events).toEqual({ created: 1, updated: 1, unchanged: 5 });
    const stillOld = await database.db.selectFrom('cld_events').select('end_date').where('event_reference', '=', 'OLD-S1').executeTakeFirstOrThrow();
    expect(stillOld.end_date).toBeNull();

    const summary = await importLegacyFolder(database.db, await checkMigrationFolder(folder(changed)), who);
    expect(summary).toEqual({ teamsCreated: [], people: { created: 0, updated: 1, unchanged: 2 }, carerLinks: { created: 0, updated: 1, unchanged: 0 }, events: { created: 1, updated: 1, unchanged: 5 }, plans: { created: 1, unchanged: 0 } });
    // The open services changed (one ended, one began): a new migrated version carries on the new one.
    const legacyAnn = await database.db.selectFrom('people').select('id').where('legacy_reference', '=', 'LEG-1').executeTakeFirstOrThrow();
    const plans = await database.db.selectFrom('support_plans').select(['plan_number', 'migrated', 'status', 'lines', 'assessment_id']).where('person_id', '=', legacyAnn.id).orderBy('plan_number').execute();
    expect(plans.map((p) => [p.plan_number, p.migrated, p.status, p.assessment_id, p.lines.map((l) => l.id)])).toEqual([
      [1, true, 'agreed', null, ['OLD-S1']],
      [2, true, 'agreed', null, ['OLD-S4']],
    ]);
    const ann = await database.db.selectFrom('people').select(['id', 'postcode']).where('legacy_reference', '=', 'LEG-1').executeTakeFirstOrThrow();
    expect(ann.postcode).toBe('AT9 9ZZ');
    const audit = await database.db.selectFrom('audit_events').select(['before', 'after']).where('action', '=', 'person.migration-updated').executeTakeFirstOrThrow();
    expect(audit).toEqual({ before: { postcode: 'AT1 2AB' }, after: { postcode: 'AT9 9ZZ' } });
    const events = await database.db.selectFrom('audit_events').select('after').where('action', '=', 'cld-events.migrated').where('person_id', '=', ann.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(events.after).toEqual({ created: ['OLD-S4'], updated: ['OLD-S1'] });
  });
});

describe('a folder with bad rows', () => {
  it('is refused whole, naming every bad row by file, line and column', async () => {
    const dir = folder({
      people: [
        person('B-1', { nhs_number: '9434765918' }),
        person('B-1'),
        person('B-2', { client_type: 'Service User', ethnicity: 'White', date_of_birth: '1950-13-01', team: '' }),
        person('B-3', { date_of_death: '1940-01-01', postcode: 'NOT A POSTCODE', gender: 'female' }),
        person('B-4'),
      ],
      carers: [
        { carer_ref: 'B-4', cared_for_ref: 'B-1', hours_caring_per_week: '200' },
        { carer_ref: 'NOBODY', cared_for_ref: 'B-4' },
      ],
      events: [
        serviceEvent('E-1', 'B-1', { end_date: '2023-01-01' }),
        serviceEvent('E-1', 'B-4', { service_type: '', planned_units_per_week: '1.234', weekly_cost_pence: '-5', delivery_mechanism: 'CASSR Managed Personal Budget' }),
        { event_ref: 'E-2', person_ref: 'GHOST', event_type: 'Request', start_date: '2023-01-01', service_type: 'Long term support: Community', route_of_access: 'Community or other route' },
        { event_ref: 'SD-1', person_ref: 'B-4', event_type: 'Meeting', start_date: '' },
      ],
    });
    const error = await checkMigrationFolder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFolderError);
    const lines = (error as MigrationFolderError).problems.map(formatMigrationProblem);
    expect(lines).toEqual([
      'people.csv, line 2, nhs_number: "9434765918" is not a valid NHS number: expected 10 digits passing the modulus 11 check, or empty',
      'people.csv, line 3, person_ref: "B-1" is already on line 2: each person once',
      'people.csv, line 4, date_of_birth: "1950-13-01" is not a date written YYYY-MM-DD',
      'people.csv, line 4, ethnicity: "White" is not a CLD Release 2 Ethnicity (the values are case-sensitive)',
      'people.csv, line 4, client_type: "Service User" is Release 1 wording: use "Service user"',
      'people.csv, line 4, team: is empty: expected the name of the team that supports the person',
      'people.csv, line 5, date_of_death: 1940-01-01 is before the date of birth, 1948-02-29',
      'people.csv, line 5, gender: "female" is not a CLD Release 2 Gender: expected one of "Male", "Female", "Other", "Unknown"',
      'people.csv, line 5, postcode: "NOT A POSTCODE" is not a UK postcode or pseudo-postcode',
      'carers.csv, line 2, hours_caring_per_week: must be from 0 to 168 hours a week',
      'carers.csv, line 2, carer_ref: B-4 is a "Service user" in people.csv: a carer’s client_type is "Unpaid carer" or "Unpaid carer known by association"',
      'carers.csv, line 3, carer_ref: "NOBODY" is not a person_ref in people.csv',
      'events.csv, line 2, end_date: 2023-01-01 is before the start date, 2023-04-03',
      'events.csv, line 3, service_type: is empty: expected a CLD Release 2 Service_Type',
      'events.csv, line 3, delivery_mechanism: "CASSR Managed Personal Budget" is Release 1 wording: use "CASSR managed personal budget"',
      'events.csv, line 3, planned_units_per_week: "1.234" is not a number with at most two decimal places',
      'events.csv, line 3, weekly_cost_pence: must be 0 or more pence',
      'events.csv, line 3, event_ref: "E-1" is used by an earlier row: each event once',
      'events.csv, line 4, service_type: must be empty for a Request event',
      'events.csv, line 4, person_ref: "GHOST" is not a person_ref in people.csv',
      'events.csv, line 5, event_ref: must not start "SD-": Selfdirect’s own event references do',
      'events.csv, line 5, event_type: "Meeting" is not a CLD Release 2 Event_Type: expected one of "Request", "Assessment", "Service", "Review"',
      'events.csv, line 5, start_date: is empty: expected a date written YYYY-MM-DD',
    ]);
  });

  it('names a missing file, a missing or unknown column, and a row of the wrong length', async () => {
    const dir = folder({ people: [person('H-1')] });
    unlinkSync(path.join(dir, 'carers.csv'));
    writeFileSync(path.join(dir, 'events.csv'), 'event_ref,person_ref,event_kind\r\nE,H-1,Service\r\n');
    const problems = ((await checkMigrationFolder(dir).catch((e: unknown) => e)) as MigrationFolderError).problems.map(formatMigrationProblem);
    expect(problems[0]).toBe('carers.csv: is missing from the folder');
    expect(problems).toContain('events.csv, line 1, event_type: is missing from the header');
    expect(problems.some((p) => p.startsWith('events.csv, line 1, event_kind: is not a column of events.csv'))).toBe(true);
    writeFileSync(path.join(dir, 'carers.csv'), 'carer_ref,cared_for_ref,relationship,hours_caring_per_week\r\nH-1,H-1\r\n');
    const again = ((await checkMigrationFolder(dir).catch((e: unknown) => e)) as MigrationFolderError).problems.map(formatMigrationProblem);
    expect(again).toContain('carers.csv, line 2: has 2 fields; expected 4, one for each column of the header');
  });
});

describe('selfdirect import legacy (embedded database)', () => {
  const { out, err } = useEmbeddedCli();

  it('previews, imports, and refuses a bad folder naming its rows', async () => {
    const dir = folder(good);
    expect(await run(['import', 'legacy', dir, '--preview'])).toBe(0);
    expect(out.join('')).toContain('The import would make these changes (nothing was changed):');
    expect(await run(['import', 'legacy', dir])).toBe(0);
    expect(out.join('')).toContain('Imported:\n  teams created: Migrated North Team, Migrated South Team\n  people: 3 new, 0 changed, 0 unchanged\n  carer links: 1 new, 0 changed, 0 unchanged\n  events: 6 new, 0 changed, 0 unchanged\n');
    const bad = folder({ ...good, events: [serviceEvent('X', 'NOBODY')] });
    expect(await run(['import', 'legacy', bad])).toBe(1);
    expect(err.join('')).toContain('events.csv, line 2, person_ref: "NOBODY" is not a person_ref in people.csv\nThe migration folder has 1 problem; nothing was imported.');
    await expect(run(['import', 'legacy'])).rejects.toThrow(/Usage: selfdirect import legacy DIR/);
  });
});

describe('bringing records in on the web', () => {
  const csv = (kind: 'people' | 'carers' | 'events', rows: Rows) => {
    const columns = MIGRATION_FILES[kind];
    return `${[columns.join(','), ...rows.map((row) => columns.map((c) => row[c] ?? '').join(','))].join('\r\n')}\r\n`;
  };
  const files = (f: { people: Rows; carers: Rows; events: Rows }) => ({
    people: { name: 'people.csv', content: csv('people', f.people) },
    carers: { name: 'carers.csv', content: csv('carers', f.carers) },
    events: { name: 'events.csv', content: csv('events', f.events) },
  });

  it('shows an administrator what an import will do, then imports it; a bad file is named row by row', async () => {
    const t = await testApp();
    try {
      const make = factories(t.database.db);
      const admin = await make.staff('administrator');
      const v = new Visitor(t.app);
      await v.signIn(admin.email, FACTORY_PASSWORD);
      expect(html(await v.get('/admin/migration'))('h1').text()).toBe('Bring records in from the previous system');
      const web = { people: [person('WEB-1', { team: 'Web Migrated Team' })], carers: [], events: [serviceEvent('WEB-E1', 'WEB-1')] };

      const bad = await v.postFiles('/admin/migration', {}, files({ ...web, events: [serviceEvent('WEB-E1', 'NOBODY'), serviceEvent('WEB-E2', 'NOBODY')] }));
      expect(bad.statusCode).toBe(400);
      expect(errorSummary(bad)).toEqual(['events.csv, line 2, person_ref: "NOBODY" is not a person_ref in people.csv', 'events.csv, line 3, person_ref: "NOBODY" is not a person_ref in people.csv']);
      expect(html(bad)('#events-error').text()).toContain('events.csv has 2 problems, listed at the top of the page');
      expect(await t.database.db.selectFrom('people').select('id').where('legacy_reference', '=', 'WEB-1').executeTakeFirst()).toBeUndefined();

      const preview = await v.postFiles('/admin/migration', {}, files(web));
      expect(preview.statusCode).toBe(200);
      const page = html(preview);
      expect(page('dl').text()).toContain('Web Migrated Team');
      expect(page('dl').text().replace(/\s+/g, ' ')).toContain('People 1 new, 0 changed, 0 unchanged');
      expect(await t.database.db.selectFrom('people').select('id').where('legacy_reference', '=', 'WEB-1').executeTakeFirst()).toBeUndefined();
      const staged = String(page('form[action="/admin/migration/import"] input[name="staged"]').val());
      expect(staged).toMatch(/^upload-\d+-migration-/);

      // Another administrator cannot import what this one uploaded.
      const other = new Visitor(t.app);
      await other.signIn((await make.staff('administrator')).email, FACTORY_PASSWORD);
      expect(errorSummary(await other.post('/admin/migration/import', { staged }))[0]).toMatch(/The uploaded files are no longer here/);

      const imported = await v.post('/admin/migration/import', { staged });
      expect(imported.statusCode).toBe(303);
      expect(html(await v.get('/admin/migration'))('.govuk-notification-banner').text()).toContain('Imported: 1 new people, 0 changed; 1 new events, 0 changed');
      const migrated = await t.database.db.selectFrom('people').select(['id', 'team_id']).where('legacy_reference', '=', 'WEB-1').executeTakeFirstOrThrow();
      // A worker of the team sees the arrangements that carry on, as a plan brought in.
      const teamWorker = new Visitor(t.app);
      await teamWorker.signIn((await make.staff('social-worker', [migrated.team_id])).email, FACTORY_PASSWORD);
      const record = html(await teamWorker.get(`/people/${migrated.id}`));
      const link = record('a:contains("Version 1 (brought in)")');
      expect(link.attr('href')).toMatch(/^\/plans\/[0-9a-f-]+\/migrated$/);
      const planPage = html(await teamWorker.get(String(link.attr('href'))));
      expect(planPage('h1').text()).toBe('Support plan version 1: brought in from the previous system');
      expect(planPage('main').text()).toContain('Anytown Care Ltd');
      expect((await teamWorker.get(String(link.attr('href')).replace('/migrated', ''))).statusCode).toBe(404);
      expect(errorSummary(await v.post('/admin/migration/import', { staged }))[0]).toMatch(/The uploaded files are no longer here/);
      expect((await (await (async () => {
        const worker = new Visitor(t.app);
        await worker.signIn((await make.staff('social-worker', [])).email, FACTORY_PASSWORD);
        return worker;
      })()).get('/admin/migration')).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});
