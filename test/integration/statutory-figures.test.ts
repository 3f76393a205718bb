import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';
import { figuresFor, spans, workOutAskedFigures } from '../../src/features/statutory-returns/kept-figures.js';
import { keepFigures, registerChanges } from '../../src/features/statutory-returns/figures-repository.js';

/**
 * The statutory returns' figures are kept (ADR 0018): at a large council the pages read figures a
 * job worked out, never the whole register on a visit. Here every period is left to the job
 * (STATUTORY_WORK_OUT_NOW_UP_TO=0), as at the largest council.
 */
let t: TestApp;
let make: ReturnType<typeof factories>;
let analyst: Visitor;
let person: { id: string };
const LA = { laCode: 'E06000999' };

const service = { event_type: 'Service', start_date: '2025-05-01', service_type: 'Long term support: Community', service_component: 'Direct payment', delivery_mechanism: 'Direct payment', unit_cost_pence: 1500, cost_frequency: 'Hourly', planned_hundredths_per_week: 500, source: 'migrated' as const, updated_at: new Date() };

beforeAll(async () => {
  t = await testApp({ env: { STATUTORY_WORK_OUT_NOW_UP_TO: '0' } });
  make = factories(t.database.db);
  const team = await make.team();
  const staff = await make.staff('analyst');
  person = await make.person(team.id, { date_of_birth: '1950-01-01' });
  await t.database.db.insertInto('cld_events').values({ ...service, event_reference: 'KEPT-1', person_id: person.id }).execute();
  analyst = new Visitor(t.app);
  await analyst.signIn(staff.email, FACTORY_PASSWORD);
});
afterAll(async () => t?.close());

const clientsWithDirectPayments = (page: ReturnType<typeof html>) => page('table:contains("ASCOF 3D, Financial year") tr:contains("3D-2a") td:contains("Total")').parent().find('td').eq(1).text();

describe('kept statutory figures', () => {
  it('says the figures are being worked out until the job has worked them out, then shows them with when', async () => {
    let page = html(await analyst.get('/reports/statutory?period=2025'));
    expect(page('.govuk-inset-text').text()).toContain('These figures are being worked out');
    expect(page('table:contains("ASCOF 3D, Financial year")').length).toBe(0);
    expect(page('h2:contains("NI 130")').length).toBe(0);
    expect(page('body').text()).toContain('8 of the last 8 quarters are still being worked out');
    const quality = html(await analyst.get('/reports/statutory/data-quality?period=2025'));
    expect(quality('.govuk-inset-text').text()).toContain('These figures are being worked out');
    expect(quality('table').length).toBe(0);

    const done = await workOutAskedFigures(t.database.db, LA);
    // The year, and the 12 months to each of the last 8 quarters' ends: the year is one of them.
    expect(done.ascof).toBe(8);
    expect(done.quality).toBe(1);
    page = html(await analyst.get('/reports/statutory?period=2025'));
    expect(page('.govuk-inset-text:contains("worked out")').length).toBe(0);
    expect(page('p:contains("Worked out on")').text()).toContain('from the records as they are now');
    expect(page('table:contains("ASCOF 3D, Financial year")').length).toBe(1);
    expect(page('table:contains("Quarter ending")').length).toBe(1);
    expect(html(await analyst.get('/reports/statutory/data-quality?period=2025'))('p:contains("events to report")').length).toBe(1);
    // Nothing has changed: the next run has nothing to do.
    expect(await workOutAskedFigures(t.database.db, LA)).toEqual({ ascof: 0, quality: 0, forgotten: 0 });
  });

  it('marks the figures out of date when the register, a person or a carer link changes, and works them out again', async () => {
    const before = clientsWithDirectPayments(html(await analyst.get('/reports/statutory?period=2025')));
    const changes = await registerChanges(t.database.db);
    const other = await make.person((await make.team()).id, { date_of_birth: '1948-03-03' });
    // One statement of several rows is one change: the triggers are per statement, not per row.
    const afterPerson = await registerChanges(t.database.db);
    expect(afterPerson).toBeGreaterThan(changes);
    await t.database.db.insertInto('cld_events').values([{ ...service, event_reference: 'KEPT-2', person_id: other.id }, { ...service, event_reference: 'KEPT-3', person_id: other.id, start_date: '2025-06-01' }]).execute();
    expect(await registerChanges(t.database.db)).toBe(afterPerson + 1);

    let page = html(await analyst.get('/reports/statutory?period=2025'));
    expect(page('.govuk-inset-text').text()).toContain('Records have changed since then');
    expect(clientsWithDirectPayments(page)).toBe(before); // the kept figures, until the job runs
    expect((await workOutAskedFigures(t.database.db, LA)).ascof).toBe(8);
    page = html(await analyst.get('/reports/statutory?period=2025'));
    expect(page('.govuk-inset-text:contains("worked out")').length).toBe(0);
    expect(Number(clientsWithDirectPayments(page).replace(/,/g, ''))).toBe(Number(before.replace(/,/g, '')) + 1);

    await t.database.db.updateTable('people').set({ postcode: 'LS1 4AP' }).where('id', '=', other.id).execute();
    expect((await workOutAskedFigures(t.database.db, LA)).quality).toBe(1);
    await sql`UPDATE carer_links SET hours_caring_per_week = hours_caring_per_week WHERE false`.execute(t.database.db);
    expect((await workOutAskedFigures(t.database.db, LA)).quality).toBe(1); // a statement that changed nothing still counts: safe, not exact
  });

  it('works data quality out again when the LA code changes', async () => {
    expect((await workOutAskedFigures(t.database.db, LA)).quality).toBe(0);
    expect((await workOutAskedFigures(t.database.db, { laCode: 'E10000014' })).quality).toBe(1);
  });

  it('shows the latest figures for the same start while a longer period is worked out (the year to date moves on each day)', async () => {
    const db = t.database.db;
    const settings = { ...LA, workOutNowUpTo: 0 };
    await figuresFor(db, 'ascof', [{ from: '2026-04-01', to: '2026-11-30' }], settings);
    await workOutAskedFigures(db, LA);
    const [kept] = await figuresFor(db, 'ascof', [{ from: '2026-04-01', to: '2026-12-01' }], settings);
    expect(kept).toMatchObject({ period: { from: '2026-04-01', to: '2026-11-30' }, upToDate: false });
    expect(kept!.figures.measures.length).toBeGreaterThan(0);
  });

  it('works figures out during the visit only when few events are open in the periods', async () => {
    const db = t.database.db;
    const period = { from: '2025-05-01', to: '2025-05-31' };
    const [few] = await figuresFor(db, 'quality', [period], { ...LA, workOutNowUpTo: 1 });
    expect(few).toBeNull(); // more than one event is open in May 2025: left to the job
    const [now] = await figuresFor(db, 'quality', [period, period], { ...LA, workOutNowUpTo: 100_000 });
    expect(now).toMatchObject({ period, upToDate: true });
    expect(now!.figures.rows).toBeGreaterThanOrEqual(2);
  });

  it('never replaces figures with ones worked out from an older state of the register', async () => {
    const db = t.database.db;
    const period = { from: '2024-04-01', to: '2025-03-31' };
    const changes = await registerChanges(db);
    await keepFigures(db, 'ascof', [{ period, figures: { measures: [], unknownDeliveryMechanism: { clients: 7, carers: 0 } } }], changes, '');
    await keepFigures(db, 'ascof', [{ period, figures: { measures: [], unknownDeliveryMechanism: { clients: 1, carers: 0 } } }], changes - 1, '');
    const kept = await db.selectFrom('statutory_figures').select('figures').where('kind', '=', 'ascof').where('period_from', '=', period.from).where('period_to', '=', period.to).executeTakeFirstOrThrow();
    expect(kept.figures).toMatchObject({ unknownDeliveryMechanism: { clients: 7 } });
  });

  it('forgets figures nobody has asked for in five weeks', async () => {
    const later = new Date(Date.now() + 36 * 86_400_000);
    const done = await workOutAskedFigures(t.database.db, LA, later);
    expect(done.forgotten).toBeGreaterThan(0);
    expect(await t.database.db.selectFrom('statutory_figures').select('kind').execute()).toEqual([]);
  });
});

describe('spans', () => {
  it('groups periods so that one read of the register covers at most about three years', () => {
    const year = (y: number) => ({ from: `${y}-04-01`, to: `${y + 1}-03-31` });
    expect(spans([year(2024), year(2020), year(2021), year(2022)]).map((run) => run.map((p) => p.from.slice(0, 4)))).toEqual([['2020', '2021', '2022'], ['2024']]);
    expect(spans([])).toEqual([]);
  });
});
