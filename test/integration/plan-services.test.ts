import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_MECHANISMS } from '../../src/domain/cld/services.js';
import { recordPlanServices } from '../../src/features/statutory-returns/plan-services.js';
import { ascofReport } from '../../src/features/statutory-returns/returns.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';
import { factories } from '../helpers/factories.js';

/** Agreed plan lines as CLD services, across plan versions (issue 15, what to build 3). */
let database: TestDatabase;
let make: ReturnType<typeof factories>;
const who = { id: null, label: 'test' };
const settings = { deliveryMechanisms: DEFAULT_DELIVERY_MECHANISMS };

beforeAll(async () => {
  database = await testDatabase();
  make = factories(database.db);
}, 60_000);
afterAll(async () => database?.close());

const servicesOf = (personId: string) =>
  database.db.selectFrom('cld_events').select(['event_reference', 'start_date', 'end_date', 'outcome', 'description', 'delivery_mechanism', 'planned_hundredths_per_week', 'source_id']).where('person_id', '=', personId).where('event_type', '=', 'Service').orderBy('start_date').orderBy('description').execute();

describe('services from agreed plans', () => {
  it('starts a service for each social care line; a new version ends and starts only what changed', async () => {
    const team = await make.team();
    const staff = await make.staff('social-worker', [team.id]);
    const person = await make.person(team.id, { date_of_birth: '1950-01-01' });
    const assessment = await make.assessment(person, staff.id);
    const morning = make.line({ description: 'Morning visits', management: 'direct-payment' });
    const evening = make.line({ description: 'Evening visits', quantityHundredths: 300 });
    const health = make.line({ description: 'District nurse', fundingStream: 'health' });
    const v1 = await make.plan(person, assessment.id, staff.id, { status: 'agreed', lines: [morning, evening, health] });
    const first = await database.db.transaction().execute((trx) => recordPlanServices(trx, who, settings, person, { id: v1.id, lines: v1.lines, startsOn: '2025-06-02' }));
    expect(first.started).toHaveLength(2);
    expect((await servicesOf(person.id)).map((s) => [s.description, s.start_date, s.end_date, s.delivery_mechanism])).toEqual([
      ['Evening visits', '2025-06-02', null, 'CASSR managed personal budget'],
      ['Morning visits', '2025-06-02', null, 'Direct payment'],
    ]);

    // Version 2: the morning line renamed (the same service), the evening one increased.
    const v2 = await make.plan(person, assessment.id, staff.id, { status: 'agreed', lines: [{ ...morning, id: 'renamed', description: 'Mornings, 7 days' }, { ...evening, quantityHundredths: 400 }] });
    const second = await database.db.transaction().execute((trx) => recordPlanServices(trx, who, settings, person, { id: v2.id, lines: v2.lines, startsOn: '2025-10-06' }));
    expect(second.carriedOn).toHaveLength(1);
    expect(second.ended).toHaveLength(1);
    expect(second.started).toHaveLength(1);
    const after = await servicesOf(person.id);
    expect(after.map((s) => [s.description, s.start_date, s.end_date, s.outcome, s.planned_hundredths_per_week])).toEqual([
      ['Evening visits', '2025-06-02', '2025-10-05', 'Continuation of support or services', 300],
      ['Morning visits', '2025-06-02', null, null, 500],
      ['Evening visits', '2025-10-06', null, null, 400],
    ]);
    const audit = await database.db.selectFrom('audit_events').select('after').where('action', '=', 'cld-events.services').where('subject_id', '=', v2.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ ended: [second.ended[0]], carried_on: [second.carriedOn[0]] });

    // Agreeing the same plan again changes nothing.
    const again = await database.db.transaction().execute((trx) => recordPlanServices(trx, who, settings, person, { id: v2.id, lines: v2.lines, startsOn: '2025-10-06' }));
    expect(again).toEqual({ started: [], ended: [], carriedOn: expect.any(Array) });
  });

  it('carries on a migrated service the agreed plan continues, so the return reports it once', async () => {
    const team = await make.team();
    const staff = await make.staff('social-worker', [team.id]);
    const person = await make.person(team.id, { date_of_birth: '1950-01-01' });
    const assessment = await make.assessment(person, staff.id);
    const line = make.line({ description: 'Home care', management: 'council-commissioned', unitCostPence: 2000, quantityHundredths: 1000 });
    await database.db
      .insertInto('cld_events')
      .values({ event_reference: `LEGACY-${person.id.slice(0, 8)}`, person_id: person.id, event_type: 'Service', start_date: '2022-01-01', service_type: 'Long term support: Community', service_component: 'Home support or domiciliary care', delivery_mechanism: 'CASSR commissioned support', unit_cost_pence: 2000, cost_frequency: 'Hourly', planned_hundredths_per_week: 1000, source: 'migrated', updated_at: new Date() })
      .execute();
    const plan = await make.plan(person, assessment.id, staff.id, { status: 'agreed', lines: [line] });
    const result = await database.db.transaction().execute((trx) => recordPlanServices(trx, who, settings, person, { id: plan.id, lines: plan.lines, startsOn: '2026-01-05' }));
    expect(result).toEqual({ started: [], ended: [], carriedOn: [`LEGACY-${person.id.slice(0, 8)}`] });
    const { detail } = await ascofReport(database.db, '2025-04-01', '2026-03-31', null);
    expect(detail.clients.filter((c) => c.personId === person.reference)).toEqual([{ personId: person.reference, ageBand: '65 and above', rank: 5, setting: 'Long term support: Community', deliveryMechanism: 'CASSR commissioned support' }]);
  });
});
