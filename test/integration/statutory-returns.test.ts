import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands.js';
import type { Kysely } from 'kysely';
import type { Database, NewPerson } from '../../src/db/schema.js';
import { CLD_COLUMNS } from '../../src/domain/cld/extract.js';
import { ascofForPeriods, ascofReport, writeCldExtract } from '../../src/features/statutory-returns/returns.js';
import { useEmbeddedCli } from '../helpers/cli.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

/**
 * The statutory returns from the register of CLD events, on each database: the extract's rows,
 * columns and checks, and ASCOF 3D and NI 130 from the same rows; then the two commands.
 */
const FROM = '2025-04-01';
const TO = '2026-03-31';

/** A small council: four people, a carer, and an event of each kind, one of them not valid. */
async function fill(db: Kysely<Database>) {
  const team = await db.insertInto('teams').values({ name: 'Returns team' }).returning('id').executeTakeFirstOrThrow();
  const person = (reference: string, values: Partial<NewPerson>) =>
    db
      .insertInto('people')
      .values({ reference, client_type: 'Service user', given_name: 'A', family_name: reference, date_of_birth: '1950-01-01', gender: 'Female', ethnicity: 'White: Irish', postcode: 'AT1 2AB', primary_support_reason: 'Physical support: Personal care support', team_id: team.id, updated_at: new Date(), ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
  const ann = await person('R-ANN', { nhs_number: '9434765919', legacy_reference: 'OLD-17' });
  const bob = await person('R-BOB', { date_of_birth: '1990-06-01' });
  const cat = await person('R-CAT', { date_of_death: '2026-01-10' });
  const dee = await person('R-DEE', { client_type: 'Unpaid carer', primary_support_reason: null });
  await db.insertInto('carer_links').values({ carer_person_id: dee.id, cared_for_person_id: ann.id, relationship: 'Daughter', hours_caring_per_week: 35 }).execute();
  const base = { description: null, updated_at: new Date() };
  const service = { event_type: 'Service', service_type: 'Long term support: Community', service_component: 'Home support or domiciliary care', unit_cost_pence: 2350, cost_frequency: 'Hourly', planned_hundredths_per_week: 750, weekly_cost_pence: 17625 };
  await db
    .insertInto('cld_events')
    .values([
      { ...base, ...service, event_reference: 'E-1', person_id: ann.id, start_date: '2024-05-01', delivery_mechanism: 'Direct payment', source: 'migrated' },
      { ...base, ...service, event_reference: 'E-2', person_id: bob.id, start_date: '2025-06-01', delivery_mechanism: 'CASSR commissioned support', source: 'migrated' },
      { ...base, ...service, event_reference: 'E-3', person_id: cat.id, start_date: '2024-01-01', delivery_mechanism: 'CASSR managed personal budget', source: 'migrated' },
      { ...base, event_reference: 'E-4', person_id: dee.id, event_type: 'Service', start_date: '2025-09-01', end_date: '2025-12-01', outcome: 'NFA: Support ended as planned', service_type: 'Unpaid carer support: Direct to unpaid carer', service_component: 'Direct payment', unit_cost_pence: 50000, cost_frequency: 'One-off', source: 'migrated' },
      { ...base, event_reference: 'E-5', person_id: ann.id, event_type: 'Request', start_date: '2025-04-10', end_date: '2025-04-10', outcome: 'Progress to assessment, review or reassessment', route_of_access: 'Community or other route', source: 'migrated' },
      { ...base, event_reference: 'E-6', person_id: bob.id, event_type: 'Assessment', start_date: '2025-05-01', end_date: '2025-05-20', outcome: 'Progress to support planning or services', assessment_type: 'Long term assessment', eligible_needs_identified: 'Yes', source: 'migrated' },
      // Invalid: a review with Release 1 wording and no reason.
      { ...base, event_reference: 'E-7', person_id: ann.id, event_type: 'Review', start_date: '2025-11-01', end_date: '2025-11-01', outcome: 'Continuation of support or services', review_outcomes_achieved: 'Fully achieved', delivery_mechanism: null, source: 'migrated' },
      // Outside the period: ended before it, and starting after it.
      { ...base, ...service, event_reference: 'E-8', person_id: bob.id, start_date: '2023-01-01', end_date: '2025-03-31', outcome: 'NFA: Support ended as planned', delivery_mechanism: 'Direct payment', source: 'migrated' },
      { ...base, ...service, event_reference: 'E-9', person_id: bob.id, start_date: '2026-04-01', delivery_mechanism: 'Direct payment', source: 'migrated' },
    ])
    .execute();
}

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase({ empty: true });
  await fill(database.db);
}, 60_000);
afterAll(async () => {
  await database?.close();
});

describe('the CLD extract', () => {
  it('has one row per event open in the period, with the specification’s columns and the person on each', async () => {
    let text = '';
    const extract = await writeCldExtract(database.db, { laCode: 'E06000999', from: FROM, to: TO }, (t) => void (text += t));
    const [header, ...lines] = text.trimEnd().split('\r\n');
    expect(header).toBe(CLD_COLUMNS.join(','));
    expect(extract.rows).toBe(7);
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [CLD_COLUMNS[i], v])));
    expect(rows.map((r) => r.Event_Reference)).toEqual(['E-1', 'E-2', 'E-3', 'E-4', 'E-5', 'E-6', 'E-7']);
    expect(rows[0]).toMatchObject({ LA_Code: 'E06000999', NHS_Number: '9434765919', LA_Person_Unique_Identifier: 'OLD-17', Client_Type: 'Service user', Unit_Cost: '23.50', Planned_units_per_week: '7.5', Delivery_Mechanism: 'Direct payment' });
    expect(rows[1]).toMatchObject({ NHS_Number: '', LA_Person_Unique_Identifier: 'R-BOB' });
    expect(rows[2]).toMatchObject({ Date_of_Death: '2026-01-10', Event_End_Date: '' });
    expect(rows[3]).toMatchObject({ Client_Type: 'Unpaid carer', Total_Hrs_Caring_per_week: '35', No_of_adults_being_cared_for: '1', Adult_1_Linked_Person_ID: '9434765919' });
    expect(extract.invalid.map((i) => [i.eventReference, i.failures.map((f) => f.column)])).toEqual([['E-7', ['Review_Reason']]]);
    expect(extract.summary.Review_Reason).toEqual({ 'Passed: Blank (Not Mandatory)': 6, 'Failed: Blank (Mandatory)': 1 });
  });
});

describe('ASCOF 3D and NI 130 from the register', () => {
  it('counts clients at the period end and carers during it', async () => {
    const { report, detail } = await ascofReport(database.db, FROM, TO, 250_000);
    const m = (id: string, group = 'Total') => report.measures.find((x) => x.id === id && x.group === group);
    // Ann (DP, 65+) and Bob (commissioned, 18–64); Cat died before the period end.
    expect(m('3D-1a')).toEqual({ id: '3D-1a', group: 'Total', numerator: 1, denominator: 2, outcome: 50 });
    expect(m('3D-2a', '18 to 64')).toMatchObject({ numerator: 0, denominator: 1, outcome: 0 });
    expect(m('3D-2a', '65 and above')).toMatchObject({ numerator: 1, denominator: 1, outcome: 100 });
    // Dee: a carer's break paid as a direct payment in the year.
    expect(m('3D-2b')).toMatchObject({ numerator: 1, denominator: 1, outcome: 100 });
    expect(detail.clients.map((c) => c.personId).sort()).toEqual(['9434765919', 'R-BOB']);
    expect(report.ni130).toEqual({ people: 2, population18Plus: 250_000, per100k: 0.8 });
  });
});

describe('ASCOF for several periods from one read', () => {
  it('gives each period the same figures as working it out alone', async () => {
    const periods = [{ from: '2024-04-01', to: '2025-03-31' }, { from: FROM, to: TO }, { from: '2025-01-01', to: '2025-12-31' }];
    const together = await ascofForPeriods(database.db, periods);
    for (const [i, period] of periods.entries()) expect(together[i]!.measures).toEqual((await ascofReport(database.db, period.from, period.to, null)).report.measures);
  });
});

describe('selfdirect report (embedded database)', () => {
  const { dataDir, err } = useEmbeddedCli({ COUNCIL_LA_CODE: 'E06000999', POPULATION_18_PLUS: '250000' }, fill);

  it('refuses an extract with invalid events, naming each, and writes nothing; --allow-invalid writes it', async () => {
    const file = path.join(dataDir, 'cld.csv');
    expect(await run(['report', 'cld', '--from', FROM, '--to', TO, '--out', file])).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(err.join('')).toContain('Review E-7 (person OLD-17): Review_Reason: Review_Reason is required');
    expect(err.join('')).toContain('1 of 7 events cannot be reported validly: nothing was written');
    expect(await run(['report', 'cld', '--from', FROM, '--to', TO, '--out', file, '--allow-invalid'])).toBe(0);
    expect(readFileSync(file, 'utf8').trimEnd().split('\r\n')).toHaveLength(8);
  });

  it('writes ASCOF 3D and NI 130 exactly as the formats README says', async () => {
    const file = path.join(dataDir, 'ascof.json');
    expect(await run(['report', 'ascof', '--from', FROM, '--to', TO, '--out', file])).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(report)).toEqual(['period', 'measures', 'unknownDeliveryMechanism', 'ni130']);
    expect(report.period).toEqual({ from: FROM, to: TO });
    expect(report.measures).toHaveLength(12);
    expect(Object.keys(report.measures[0])).toEqual(['id', 'group', 'numerator', 'denominator', 'outcome']);
    expect(report.ni130).toEqual({ people: 2, population18Plus: 250000, per100k: 0.8 });
  });

  it('refuses dates that are not dates, and a period that ends before it starts', async () => {
    await expect(run(['report', 'cld', '--from', '2025-02-30', '--to', TO, '--out', 'x'])).rejects.toThrow(/--from must be a date written YYYY-MM-DD/);
    await expect(run(['report', 'ascof', '--from', TO, '--to', FROM, '--out', 'x'])).rejects.toThrow(/--to must not be before --from/);
    await expect(run(['report', 'salt'])).rejects.toThrow(/Usage: selfdirect report cld\|ascof/);
  });
});
