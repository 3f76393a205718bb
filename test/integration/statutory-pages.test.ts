import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLD_COLUMNS } from '../../src/domain/cld/extract.js';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** The statutory returns pages: ASCOF and its trend, the extract, data quality, and people lists. */
let t: TestApp;
let make: ReturnType<typeof factories>;
const staff = new Map<string, { id: string; email: string }>();
let ours: { id: string; reference: string };
let theirs: { id: string; reference: string };

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  const team = await make.team();
  const other = await make.team();
  staff.set('analyst', await make.staff('analyst'));
  staff.set('manager', await make.staff('team-manager', [team.id]));
  ours = await make.person(team.id, { date_of_birth: '1950-01-01' });
  theirs = await make.person(other.id, { date_of_birth: '1950-01-01' });
  const service = { event_type: 'Service', start_date: '2025-05-01', service_type: 'Long term support: Community', service_component: 'Direct payment', delivery_mechanism: 'Direct payment', unit_cost_pence: 1500, cost_frequency: 'Hourly', planned_hundredths_per_week: 500, source: 'migrated' as const, updated_at: new Date() };
  await t.database.db
    .insertInto('cld_events')
    .values([
      { ...service, event_reference: 'PAGES-1', person_id: ours.id },
      { ...service, event_reference: 'PAGES-2', person_id: theirs.id },
      // Invalid: a service with no component and Release 1 wording.
      { ...service, event_reference: 'PAGES-3', person_id: ours.id, service_component: null, delivery_mechanism: 'Direct Payment' },
    ])
    .execute();
});
afterAll(async () => t?.close());

async function as(who: string) {
  const v = new Visitor(t.app);
  await v.signIn(staff.get(who)!.email, FACTORY_PASSWORD);
  return v;
}

describe('statutory returns pages', () => {
  it('shows ASCOF 3D for the period with its trend by quarter, and offers the downloads', async () => {
    const v = await as('analyst');
    const response = await v.get('/reports/statutory?period=2025');
    expect(response.statusCode).toBe(200);
    const page = html(response);
    expect(page('h1').text()).toBe('Statutory returns');
    expect(page('select[name="period"] option[selected]').text()).toBe('Financial year 2025 to 26');
    expect(page('table').first().text()).toContain('3D-1a: Clients who receive self-directed support');
    expect(page('svg[role="img"] title').text()).toBe('ASCOF 3D by quarter');
    expect(page('table:contains("Quarter ending")').length).toBe(1);
    expect(page('a:contains("people counted")').length).toBe(0);
    expect(html(await v.get('/reports/statutory?period=nonsense'))('select[name="period"] option[selected]').length).toBe(1);
  });

  it('downloads the CLD extract, keeping who took it', async () => {
    const v = await as('analyst');
    const csv = await v.get('/reports/statutory/cld.csv?period=2025');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(CLD_COLUMNS.join(','));
    expect(csv.body).toContain(',PAGES-1,');
    const audit = await t.database.db.selectFrom('audit_events').select(['actor', 'after']).where('action', '=', 'cld.extracted').executeTakeFirstOrThrow();
    expect(audit.actor).toBe(staff.get('analyst')!.email);
    const json = await v.get('/reports/statutory/ascof.json?period=2025');
    expect(Object.keys(json.json())).toEqual(['period', 'measures', 'unknownDeliveryMechanism', 'ni130']);
  });

  it('lists what would fail validation, with where to fix it', async () => {
    const page = html(await (await as('analyst')).get('/reports/statutory/data-quality?period=2025'));
    const problems = page('table:contains("What to fix")').text();
    expect(problems).toContain('PAGES-3');
    expect(problems).toContain('Service_Component: Service_Component is required');
    expect(problems).toContain('Delivery_Mechanism: "Direct Payment" is Release 1 wording: use "Direct payment"');
    const counts = page('table:contains("Fields with problems") tr:contains("Delivery_Mechanism") td').map((_, td) => page(td).text()).get();
    expect(counts.at(-1)).toBe('1'); // Failed: Release 1
  });

  it('gives a manager the people counted in their own teams only; an analyst none', async () => {
    const manager = await as('manager');
    const page = html(await manager.get('/reports/statutory?period=2025'));
    expect(page('a:contains("3D-2a people counted")').length).toBe(1);
    const list = await manager.get('/reports/statutory/people.csv?period=2025&measure=3D-2a&part=numerator');
    expect(list.body).toContain(ours.reference);
    expect(list.body).not.toContain(theirs.reference);
    expect((await (await as('analyst')).get('/reports/statutory/people.csv?period=2025&measure=3D-2a&part=numerator')).statusCode).toBe(403);
  });
});
