import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Kysely, type Transaction, sql } from 'kysely';
import { compileScheme, explain } from '../../domain/ras/pricing.js';
import { validateScheme } from '../../domain/ras/scheme.js';
import { projectRoot } from '../../root.js';
import { recordAudit } from '../../features/audit/audit-trail.js';
import { DEMO_PASSWORD, hashPassword } from '../../features/auth/passwords.js';
import { insertPerson } from '../../features/people/repository.js';
import { nhsCheckDigit } from '../../domain/people/nhs-number.js';
import type { Database, Role } from '../schema.js';
import { randomUUID } from 'node:crypto';
import { movement } from '../../domain/direct-payments/ledger.js';
import { paymentsDue } from '../../domain/direct-payments/schedule.js';
import { budgetStatement, planCost, type SupportLine } from '../../domain/planning/plan.js';
import { reviewsAfterSignOff } from '../../domain/planning/journey.js';
import { addDays } from '../../domain/directory/checks.js';
import { assessedNeeds } from '../../domain/planning/needs.js';
import { documentOf } from '../../features/schemes/document.js';
import { seedChargingRules, seedFinancialAssessments } from './charging.js';
import { seedCasework } from './casework.js';
import { seedPortal } from './portal.js';
import { seedStatutoryHistory } from './statutory.js';

/**
 * Anytown Council's demo data: two teams, one sign-in for each role, and fictional people.
 * NHS numbers are in the 999 range the NHS keeps for testing; phone numbers are Ofcom's drama
 * numbers; postcodes use the fictional AT area.
 */
export const DEMO_SIGN_INS: { email: string; name: string; role: Role; teams: string[] }[] = [
  { email: 'worker@anytown.example', name: 'Sam Worker', role: 'social-worker', teams: ['North Locality Team'] },
  { email: 'manager@anytown.example', name: 'Morgan Manager', role: 'team-manager', teams: ['North Locality Team'] },
  { email: 'panel@anytown.example', name: 'Pat Panel', role: 'panel-member', teams: [] },
  { email: 'finance@anytown.example', name: 'Fran Finance', role: 'finance-officer', teams: [] },
  { email: 'analyst@anytown.example', name: 'Alex Analyst', role: 'analyst', teams: [] },
  { email: 'admin@anytown.example', name: 'Ada Admin', role: 'administrator', teams: [] },
  { email: 'worker.south@anytown.example', name: 'Sol Southworker', role: 'social-worker', teams: ['South Locality Team'] },
];

const TEAMS = ['North Locality Team', 'South Locality Team'];

type DemoPerson = {
  given: string;
  family: string;
  preferred?: string;
  dob: string;
  type: 'Service user' | 'Unpaid carer';
  psr: string;
  gender: string;
  /** Null for Jack: not recorded, so the return's data-quality page has something to show. */
  ethnicity: string | null;
  street: string;
  postcode: string;
  team: 0 | 1;
};

const PEOPLE: DemoPerson[] = [
  { given: 'Margaret', family: 'Ashworth', preferred: 'Peggy', dob: '1938-05-14', type: 'Service user', psr: 'Physical support: Personal care support', gender: 'Female', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '12 Mill Lane', postcode: 'AT1 2AB', team: 0 },
  { given: 'Derek', family: 'Ashworth', dob: '1940-11-02', type: 'Unpaid carer', psr: 'Social support: Support to unpaid carer', gender: 'Male', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '12 Mill Lane', postcode: 'AT1 2AB', team: 0 },
  { given: 'Priya', family: 'Banerjee', dob: '1991-03-27', type: 'Service user', psr: 'Learning disability support', gender: 'Female', ethnicity: 'Asian or Asian British: Indian', street: '4 Orchard Close', postcode: 'AT2 5QD', team: 0 },
  { given: 'Anil', family: 'Banerjee', dob: '1960-07-19', type: 'Unpaid carer', psr: 'Social support: Support to unpaid carer', gender: 'Male', ethnicity: 'Asian or Asian British: Indian', street: '4 Orchard Close', postcode: 'AT2 5QD', team: 0 },
  { given: 'Thomas', family: 'Clarke', preferred: 'Tom', dob: '1952-01-08', type: 'Service user', psr: 'Support with memory and cognition', gender: 'Male', ethnicity: 'White: Irish', street: 'Flat 3, 20 Station Road', postcode: 'AT1 4HT', team: 0 },
  { given: 'Grace', family: 'Okafor', dob: '1985-09-30', type: 'Service user', psr: 'Mental health support', gender: 'Female', ethnicity: 'Black, Black British, Caribbean or African: African', street: '88 Queen Street', postcode: 'AT3 1NP', team: 0 },
  { given: 'William', family: 'Evans', dob: '1947-12-12', type: 'Service user', psr: 'Sensory support: Support for visual impairment', gender: 'Male', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '2 Church Walk', postcode: 'AT2 8LS', team: 0 },
  { given: 'Fatima', family: 'Hussain', dob: '1979-04-05', type: 'Service user', psr: 'Physical support: Access and mobility only', gender: 'Female', ethnicity: 'Asian or Asian British: Pakistani', street: '15 Park View', postcode: 'AT1 9EW', team: 0 },
  { given: 'Jack', family: 'Nowak', dob: '1999-06-21', type: 'Service user', psr: 'Learning disability support', gender: 'Male', ethnicity: null,  street: '7 Willow Court', postcode: 'AT3 6RB', team: 0 },
  { given: 'Eileen', family: 'Roberts', dob: '1935-02-17', type: 'Service user', psr: 'Physical support: Personal care support', gender: 'Female', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '31 High Street', postcode: 'AT2 3FG', team: 0 },
  { given: 'Daniel', family: 'Stewart', dob: '1972-10-10', type: 'Service user', psr: 'Social support: Substance misuse support', gender: 'Male', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: 'No fixed abode', postcode: 'ZZ99 3VZ', team: 0 },
  { given: 'Chloe', family: 'Taylor', dob: '2004-08-03', type: 'Service user', psr: 'Sensory support: Support for hearing impairment', gender: 'Female', ethnicity: 'Mixed or multiple ethnic groups: White and Black Caribbean', street: '9 Brook Street', postcode: 'AT1 7UX', team: 0 },
  { given: 'Robert', family: 'Whitfield', dob: '1944-03-29', type: 'Service user', psr: 'Support with memory and cognition', gender: 'Male', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '5 Elm Grove', postcode: 'AT6 2DP', team: 1 },
  { given: 'Aisha', family: 'Mensah', dob: '1988-12-01', type: 'Service user', psr: 'Mental health support', gender: 'Female', ethnicity: 'Black, Black British, Caribbean or African: African', street: '40 River Road', postcode: 'AT7 4JQ', team: 1 },
  { given: 'Owen', family: 'Pritchard', dob: '1958-07-07', type: 'Service user', psr: 'Physical support: Personal care support', gender: 'Male', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '18 Hill Crescent', postcode: 'AT6 9BZ', team: 1 },
  { given: 'Helen', family: 'Pritchard', dob: '1961-01-23', type: 'Unpaid carer', psr: 'Social support: Support to unpaid carer', gender: 'Female', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', street: '18 Hill Crescent', postcode: 'AT6 9BZ', team: 1 },
];

/** Valid NHS numbers from the 999 test range, one per index. */
export function demoNhsNumber(index: number): string {
  for (let n = 999_000_000 + index * 10; ; n++) {
    const nine = String(n);
    const check = nhsCheckDigit(nine);
    if (check !== null) return nine + check;
  }
}

export async function hasAnyStaff(db: Kysely<Database>): Promise<boolean> {
  return Boolean(await db.selectFrom('staff_users').select('id').limit(1).executeTakeFirst());
}

/** Loads the demo data into an empty database, in one transaction. */
export async function seedDemo(db: Kysely<Database>): Promise<{ loaded: boolean }> {
  if (await hasAnyStaff(db)) return { loaded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const system = { id: null, label: 'system: demo data' };
  await db.transaction().execute(async (trx) => {
    const teamIds: string[] = [];
    for (const name of TEAMS) {
      const team = await trx.insertInto('teams').values({ name }).returning('id').executeTakeFirstOrThrow();
      teamIds.push(team.id);
      await recordAudit(trx, system, { action: 'team.created', subjectType: 'team', subjectId: team.id, after: { name } });
    }
    for (const signIn of DEMO_SIGN_INS) {
      const user = await trx
        .insertInto('staff_users')
        .values({ email: signIn.email, display_name: signIn.name, role: signIn.role, password_hash: passwordHash, is_demo: true, updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const team of signIn.teams) await trx.insertInto('staff_user_teams').values({ user_id: user.id, team_id: teamIds[TEAMS.indexOf(team)]! }).execute();
      await recordAudit(trx, system, { action: 'staff-user.created', subjectType: 'staff-user', subjectId: user.id, after: { email: signIn.email, role: signIn.role } });
    }
    const ids: string[] = [];
    for (const [index, p] of PEOPLE.entries()) {
      const fields = {
        client_type: p.type,
        given_name: p.given,
        family_name: p.family,
        preferred_name: p.preferred ?? null,
        date_of_birth: p.dob,
        nhs_number: demoNhsNumber(index),
        address_line_1: p.street,
        address_line_2: null,
        town: p.postcode.startsWith('ZZ') ? null : 'Anytown',
        postcode: p.postcode,
        phone: `01632 960${String(100 + index).padStart(3, '0')}`,
        email: null,
        gender: p.gender,
        ethnicity: p.ethnicity,
        primary_support_reason: p.psr,
        team_id: teamIds[p.team]!,
      };
      const person = await insertPerson(trx, { ...fields, updated_at: new Date() });
      ids.push(person.id);
      await recordAudit(trx, system, { action: 'person.created', subjectType: 'person', subjectId: person.id, personId: person.id, after: fields });
    }
    const links: [number, number, string][] = [
      [0, 1, 'Husband'],
      [2, 3, 'Father'],
      [14, 15, 'Wife'],
    ];
    for (const [caredFor, carer, relationship] of links) {
      const link = await trx
        .insertInto('carer_links')
        .values({ cared_for_person_id: ids[caredFor]!, carer_person_id: ids[carer]!, relationship })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const personId of [ids[caredFor]!, ids[carer]!]) {
        await recordAudit(trx, system, { action: 'carer-link.added', subjectType: 'carer-link', subjectId: link.id, personId, after: { relationship } });
      }
    }
    const representative = await trx
      .insertInto('representatives')
      .values({ person_id: ids[4]!, kind: 'authorised-person', name: 'Susan Clarke', relationship: 'Daughter', phone: '07700 900123', email: 'susan.clarke@example.com', address: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, system, { action: 'representative.added', subjectType: 'representative', subjectId: representative.id, personId: ids[4]!, after: { kind: 'authorised-person', name: 'Susan Clarke' } });
    const worker = await trx.selectFrom('staff_users').select('id').where('email', '=', 'worker@anytown.example').executeTakeFirstOrThrow();
    await seedPortal(trx, system, ids[0]!, worker.id);
    await seedSchemesAndAssessments(trx, system, ids, worker.id);
    await seedDirectory(trx, system);
    await seedPlans(trx, system, ids, worker.id);
    const finance = await trx.selectFrom('staff_users').select('id').where('role', '=', 'finance-officer').executeTakeFirstOrThrow();
    await seedFinancialAssessments(trx, system, await seedChargingRules(trx, system), ids, worker.id, finance.id);
    await seedStatutoryHistory(trx, system, ids, worker.id);
    const manager = await trx.selectFrom('staff_users').select('id').where('email', '=', 'manager@anytown.example').executeTakeFirstOrThrow();
    await seedCasework(trx, system, ids, worker.id, manager.id);
  });
  return { loaded: true };
}

export const DEMO_SCHEMES = ['anytown-adults.ras.json', 'anytown-carers.ras.json'];

/** Both Anytown schemes, imported and published: the demo's and the large council's. */
export async function publishDemoSchemes(trx: Transaction<Database>, system: { id: null; label: string }) {
  const rows: Record<string, string> = {};
  for (const file of DEMO_SCHEMES) {
    const text = readFileSync(path.join(projectRoot, 'src/db/seed/schemes', file), 'utf8').trim();
    const result = validateScheme(JSON.parse(text));
    if (!result.ok) throw new Error(`Demo scheme ${file} is not valid`);
    const s = result.scheme;
    const row = await trx
      .insertInto('ras_schemes')
      .values({ scheme_id: s.id, version: s.version, title: s.title, kind: s.kind, effective_from: s.effectiveFrom, status: 'published', document: text, imported_by: system.label, published_at: new Date(), published_by: system.label })
      .returning('id')
      .executeTakeFirstOrThrow();
    rows[s.kind] = row.id;
    await recordAudit(trx, system, { action: 'scheme.imported', subjectType: 'ras-scheme', subjectId: row.id, after: { scheme_id: s.id, version: s.version } });
    await recordAudit(trx, system, { action: 'scheme.published', subjectType: 'ras-scheme', subjectId: row.id, after: { scheme_id: s.id, version: s.version } });
  }
  const adult = await trx.selectFrom('ras_schemes').select(['id', 'document', 'scheme_id', 'version']).where('id', '=', rows.adult!).executeTakeFirstOrThrow();
  const carer = await trx.selectFrom('ras_schemes').select(['id', 'document', 'scheme_id', 'version']).where('id', '=', rows.carer!).executeTakeFirstOrThrow();
  return { adult, carer };
}

/** Both Anytown schemes, published; completed assessments for some people, one of them for the panel. */
async function seedSchemesAndAssessments(trx: Transaction<Database>, system: { id: null; label: string }, people: string[], workerId: string) {
  const { adult, carer } = await publishDemoSchemes(trx, system);
  const parse = (doc: unknown) => compileScheme(JSON.parse(typeof doc === 'string' ? doc : JSON.stringify(doc)));
  const compiledAdult = parse(adult.document);
  const compiledCarer = parse(carer.document);
  const all = (answer: string, overrides: Record<string, string> = {}) => ({ ...Object.fromEntries(compiledAdult.questionIds.map((q) => [q, answer])), ...overrides });
  const completed: { person: number; kind: 'adult' | 'carer'; answers: Record<string, string>; group: string | null }[] = [
    { person: 0, kind: 'adult', answers: all('b', { 'pc-wash': 'c', 'carer-sustain': 'b' }), group: 'physical-sensory' }, // Margaret
    { person: 4, kind: 'adult', answers: all('d', { 'carer-sustain': 'd' }), group: 'memory-cognition' }, // Thomas: panel review
    { person: 2, kind: 'adult', answers: all('c', { 'carer-sustain': 'c' }), group: 'learning-disability' }, // Priya
    { person: 1, kind: 'carer', answers: { 'cr-hours': 'c', 'cr-nights': 'b', 'wb-health': 'b', 'wb-life': 'c' }, group: null }, // Derek, carer
  ];
  for (const a of completed) {
    const scheme = a.kind === 'adult' ? adult : carer;
    const e = explain(a.kind === 'adult' ? compiledAdult : compiledCarer, a.answers, a.group);
    const row = await trx
      .insertInto('assessments')
      .values({
        person_id: people[a.person]!,
        kind: a.kind,
        scheme_row_id: scheme.id,
        scheme_id: scheme.scheme_id,
        scheme_version: scheme.version,
        status: 'completed',
        answers: JSON.stringify(a.answers),
        group_id: a.group,
        points: e.totalPoints,
        weekly_pence: e.allocation.weeklyPence,
        annual_pence: e.allocation.annualPence,
        outcome: e.outcome,
        started_by: workerId,
        completed_by: workerId,
        completed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, system, {
      action: 'assessment.completed',
      subjectType: 'assessment',
      subjectId: row.id,
      personId: people[a.person]!,
      after: { points: e.totalPoints, weekly_pence: e.allocation.weeklyPence, outcome: e.outcome },
    });
  }
}

/** Demo directory: checks dated relative to today, so the worklist always has something in it. */
async function seedDirectory(trx: Transaction<Database>, system: { id: null; label: string }) {
  const today = new Date().toISOString().slice(0, 10);
  const shift = (days: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const everything = ['description', 'services', 'areas', 'availability', 'contact_name', 'phone', 'email', 'website', 'rates'];
  const entries = [
    { kind: 'personal-assistant', name: 'Jo Bloggs', description: 'Personal care and help at home; experienced with dementia.', services: ['Personal care', 'Help at home'], areas: ['Northfield', 'Anytown Central'], availability: 'Weekday mornings', hourly_rate_pence: 1450, phone: '07700 900201', public_listing: true, public_fields: ['description', 'services', 'areas', 'availability', 'rates'], checks: [{ check_type: 'dbs', checked_on: shift(-365), dbs_level: 'enhanced-barred', certificate_number: '001234567890', outcome: 'clear' }, { check_type: 'right-to-work', checked_on: shift(-400) }] },
    { kind: 'personal-assistant', name: 'Sam Carter', description: 'Getting out and about, and support at work.', services: ['Getting out and about', 'Employment and volunteering support'], areas: ['Southgate'], availability: 'Evenings and weekends', hourly_rate_pence: 1375, phone: '07700 900202', public_listing: false, public_fields: [], checks: [{ check_type: 'dbs', checked_on: shift(-36 * 31), dbs_level: 'enhanced', certificate_number: '001234567891', outcome: 'clear' }, { check_type: 'right-to-work', checked_on: shift(-1200) }] },
    { kind: 'personal-assistant', name: 'Priti Shah', description: 'Night support and short breaks.', services: ['Night support', 'Short breaks and respite'], areas: ['Riverside', 'Hillcrest'], availability: 'Nights', hourly_rate_pence: 1600, email: 'priti.pa@example.com', public_listing: true, public_fields: ['description', 'services', 'areas', 'email'], checks: [{ check_type: 'dbs', checked_on: shift(-3000), dbs_level: 'enhanced-barred', certificate_number: '001234567892', outcome: 'clear', update_service: true }, { check_type: 'right-to-work', checked_on: shift(-3000) }] },
    { kind: 'provider', name: 'Anytown Home Care Ltd', description: 'Home care across the borough, seven days a week.', services: ['Personal care', 'Help at home', 'Meals'], areas: ['Anytown Central', 'Northfield', 'Southgate', 'Riverside', 'Hillcrest', 'Eastbrook'], availability: '7am to 10pm, every day', rates: '£24.50 an hour', cqc_location_id: '1-100000001', contract_status: 'contracted', phone: '01632 960500', website: 'https://anytown-home-care.example', public_listing: true, public_fields: everything, checks: [{ check_type: 'public-liability-insurance', checked_on: shift(-340), expires_on: shift(20), detail: 'Example Insurance plc' }] },
    { kind: 'provider', name: 'Riverside Day Centre', description: 'Day opportunities with transport.', services: ['Day opportunities', 'Getting out and about'], areas: ['Riverside'], availability: 'Weekdays', rates: '£48 a day', cqc_location_id: null, contract_status: 'preferred', phone: '01632 960600', public_listing: true, public_fields: ['description', 'services', 'areas', 'phone'], checks: [{ check_type: 'public-liability-insurance', checked_on: shift(-100), expires_on: shift(265) }] },
    { kind: 'provider', name: 'QuickCare Agency', description: 'Short-notice home care.', services: ['Personal care'], areas: ['Eastbrook'], availability: 'Any time', rates: '£27 an hour', cqc_location_id: '1-100000002', contract_status: 'spot', phone: '01632 960700', public_listing: false, public_fields: [], checks: [{ check_type: 'public-liability-insurance', checked_on: shift(-400), expires_on: shift(-35) }] },
    { kind: 'support-organisation', name: 'Anytown Independent Living Centre', description: 'Support planning and brokerage, run by disabled people.', services: ['Support planning', 'Support brokerage'], areas: ['Anytown Central', 'Northfield', 'Southgate', 'Riverside', 'Hillcrest', 'Eastbrook'], availability: 'Weekdays', functions: ['support-planning', 'support-brokerage'], phone: '01632 960800', public_listing: true, public_fields: everything, checks: [{ check_type: 'accreditation', checked_on: shift(-200), expires_on: shift(530), accreditation_status: 'accredited' }] },
    { kind: 'support-organisation', name: 'Care Match Brokers', description: 'Finds and arranges care.', services: ['Care brokerage'], areas: ['Southgate', 'Eastbrook'], availability: 'Weekdays', functions: ['care-brokerage'], phone: '01632 960900', public_listing: false, public_fields: [], checks: [{ check_type: 'accreditation', checked_on: shift(-800), expires_on: shift(-70), accreditation_status: 'accredited' }] },
  ] as const;
  for (const e of entries) {
    const { checks, ...fields } = e;
    const entry = await trx
      .insertInto('directory_entries')
      .values({
        reference: sql<string>`'DIR-' || nextval('directory_reference_seq')`,
        contact_name: null,
        email: null,
        website: null,
        address: null,
        postcode: null,
        hourly_rate_pence: null,
        rates: null,
        cqc_location_id: null,
        contract_status: null,
        functions: [],
        phone: null,
        ...fields,
        services: [...fields.services],
        areas: [...fields.areas],
        public_fields: [...fields.public_fields],
        ...('functions' in fields ? { functions: [...fields.functions] } : {}),
        consent_recorded_on: fields.public_listing ? shift(-30) : null,
        updated_at: new Date(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, system, { action: 'directory.entry-created', subjectType: 'directory-entry', subjectId: entry.id, after: { name: e.name, kind: e.kind } });
    for (const c of checks) {
      await trx.insertInto('directory_checks').values({ ...c, entry_id: entry.id, recorded_by: system.label } as never).execute();
    }
  }
}

/**
 * Margaret's plan, agreed 7 weeks ago, so her light-touch review is due: a direct payment for a
 * personal assistant and council-commissioned home care, with her husband's unpaid support. A
 * safeguarding concern on Priya's record shows the banner.
 */
async function seedPlans(trx: Transaction<Database>, system: { id: null; label: string }, people: string[], workerId: string) {
  const today = new Date().toISOString().slice(0, 10);
  const agreedOn = addDays(today, -49);
  const margaret = people[0]!;
  const assessment = await trx.selectFrom('assessments').selectAll().where('person_id', '=', margaret).executeTakeFirstOrThrow();
  const scheme = documentOf(await trx.selectFrom('ras_schemes').select('document').where('id', '=', assessment.scheme_row_id).executeTakeFirstOrThrow());
  const needs = assessedNeeds(scheme, assessment.answers).map((n) => n.id);
  const entry = async (name: string) => (await trx.selectFrom('directory_entries').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const outcomes = [
    { id: '6f1c8a52-0000-4000-8000-000000000001', text: 'I want to stay in my own home with Derek', needs: needs.slice(0, 3) },
    { id: '6f1c8a52-0000-4000-8000-000000000002', text: 'I want to get to the garden centre on Saturdays', needs: needs.filter((n) => n === 'mobility' || n === 'relationships') },
  ];
  const base = { outcomes: [] as string[], paysRelativeInHousehold: false, relativeDecision: null, fundingStream: 'social-care' as const };
  const lines: SupportLine[] = [
    { ...base, id: '6f1c8a52-0000-4000-8000-000000000011', description: 'Help to get up, washed and dressed', directoryEntryId: await entry('Jo Bloggs'), providerName: 'Jo Bloggs', providerKind: 'personal-assistant', frequency: 'hours-a-week', quantityHundredths: 700, unitCostPence: 1450, needs: needs.filter((_, i) => i % 2 === 0), outcomes: [outcomes[0]!.id], management: 'direct-payment', employerInsurance: 'Example Mutual, policy EL-1001', payrollArrangement: 'Anytown Payroll Service' },
    { ...base, id: '6f1c8a52-0000-4000-8000-000000000012', description: 'Evening visit: meal and medicines', directoryEntryId: await entry('Anytown Home Care Ltd'), providerName: 'Anytown Home Care Ltd', providerKind: 'organisation', frequency: 'visits-a-week', quantityHundredths: 300, unitCostPence: 1225, needs: needs.filter((_, i) => i % 2 === 1), outcomes: [outcomes[0]!.id], management: 'council-commissioned', employerInsurance: null, payrollArrangement: null },
  ];
  const contribution = 2000;
  const statement = budgetStatement({ lines, contributionWeeklyPence: contribution, paymentFrequency: 'four-weekly' });
  const cost = planCost(lines);
  const indicative = assessment.weekly_pence ?? 0;
  const level = cost.weeklyPence > indicative ? 'manager' : 'worker';
  const plan = await trx
    .insertInto('support_plans')
    .values({
      person_id: margaret,
      assessment_id: assessment.id,
      plan_number: 1,
      status: 'agreed',
      important_to_me: 'Staying at home with Derek, my garden, and seeing my grandchildren on Sundays.',
      staying_well: 'I do my exercises from the physio every morning and Derek and I walk to the shop.',
      contingency: 'If Jo cannot come, Derek calls Anytown Home Care on 01632 960500, who cover at short notice.',
      prevention_advice: 'Falls prevention class at the leisure centre; a pendant alarm from the council’s telecare service.',
      outcomes: JSON.stringify(outcomes),
      unpaid_support: JSON.stringify([{ id: '6f1c8a52-0000-4000-8000-000000000021', who: 'Derek (husband)', what: 'Shopping, cooking lunch and company every day', needs }]),
      lines: JSON.stringify(lines),
      contribution_weekly_pence: contribution,
      payment_frequency: 'four-weekly',
      difference_reason: cost.weeklyPence > indicative ? 'Evening visits are needed for medicines, which Derek cannot manage' : null,
      sign_off_level: level,
      submitted_at: new Date(`${agreedOn}T10:00:00Z`),
      submitted_by: workerId,
      agreed_on: agreedOn,
      agreed_at: new Date(`${agreedOn}T11:00:00Z`),
      agreed_by: workerId,
      indicative_weekly_pence: indicative,
      statement: JSON.stringify(statement),
      support_starts_on: addDays(agreedOn, 14),
      created_by: workerId,
      updated_at: new Date(`${agreedOn}T11:00:00Z`),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sign_off_decisions')
    .values({ plan_id: plan.id, decision: 'agreed', level, weekly_cost_pence: cost.weeklyPence, annual_cost_pence: cost.annualPence, indicative_weekly_pence: indicative, reasons: 'Meets Margaret’s assessed needs within her budget.', decided_by: workerId })
    .execute();
  await trx
    .insertInto('reviews')
    .values(reviewsAfterSignOff(agreedOn, true).map((r) => ({ person_id: margaret, plan_id: plan.id, kind: r.kind, due_from: r.dueFrom, due_by: r.dueBy })))
    .execute();
  await recordAudit(trx, system, { action: 'plan.agreed', subjectType: 'support-plan', subjectId: plan.id, personId: margaret, after: { weekly_cost_pence: cost.weeklyPence } });
  await seedDirectPayment(trx, system, { personId: margaret, planId: plan.id, netWeeklyPence: statement.directPayment!.netWeeklyPence, startOn: addDays(agreedOn, 14), today, workerId });
  const concern = await trx
    .insertInto('safeguarding_concerns')
    .values({ person_id: people[2]!, raised_on: addDays(today, -10), concern: 'Money may be being taken from Priya’s purse by a visitor.', action_taken: 'Referred to the safeguarding adults team; visits by that person stopped.', recorded_by: workerId, updated_at: new Date(), category: 'financial', risk: 'medium', section_42: 'yes', stage: 'section-42-enquiry', who_told: 'Priya’s father, Anil; the police' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, system, { action: 'safeguarding.recorded', subjectType: 'safeguarding-concern', subjectId: concern.id, personId: people[2]! });
}

/**
 * Margaret's direct payment: 4-weekly to a prepaid card since support started, her personal
 * assistant paid from it, a cash withdrawal flagged, and more left unspent than the council lets
 * an account keep, so the finance officer's reclaim journey has something to find.
 */
async function seedDirectPayment(trx: Transaction<Database>, system: { id: null; label: string }, input: { personId: string; planId: string; netWeeklyPence: number; startOn: string; today: string; workerId: string }) {
  const finance = await trx.selectFrom('staff_users').select('id').where('email', '=', 'finance@anytown.example').executeTakeFirstOrThrow();
  const startOn = addDays(input.startOn, -140); // five periods earlier than her support started, so the account has history
  const agreement = await trx
    .insertInto('dp_agreements')
    .values({ reference: sql<string>`'DP-' || nextval('dp_reference_seq')`, person_id: input.personId, plan_id: input.planId, recipient_kind: 'person', recipient_name: 'Margaret Ashworth', account_kind: 'prepaid-card', account_details: 'CARD-4417', prepaid_card_choice: 'accepted', start_on: startOn, net_weekly_pence: input.netWeeklyPence, frequency: 'four-weekly', contingency_pence: 10_000, created_by: finance.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  const suspension = { fromOn: addDays(startOn, 60), toOn: addDays(startOn, 62) };
  await trx.insertInto('dp_suspensions').values({ agreement_id: agreement.id, from_on: suspension.fromOn, to_on: suspension.toOn, reason: 'In hospital for three nights' }).execute();
  await trx.insertInto('dp_audits').values({ agreement_id: agreement.id, due_on: addDays(input.today, 14) }).execute();
  const run = await trx.insertInto('payment_runs').values({ run_on: input.today, status: 'confirmed', created_by: finance.id, confirmed_at: new Date(), confirmed_by: finance.id }).returning('id').executeTakeFirstOrThrow();
  const due = paymentsDue({ startOn, endOn: null, netWeeklyPence: input.netWeeklyPence, frequency: 'four-weekly', suspensions: [suspension] }, input.today);
  const ledger = (transaction: string, postedOn: string, kind: 'payment' | 'spend', amount: number, source: string, line: string | null) =>
    movement(kind, amount).map((e) => ({ transaction_id: transaction, agreement_id: agreement.id, posted_on: postedOn, account: e.account, amount_pence: e.amountPence, kind, source, plan_line_id: line }));
  let total = 0;
  for (const [i, p] of due.entries()) {
    const payment = await trx.insertInto('dp_payments').values({ run_id: run.id, agreement_id: agreement.id, period_start: p.periodStart, period_end: p.periodEnd, days: p.days, amount_pence: p.amountPence }).returning('id').executeTakeFirstOrThrow();
    total += p.amountPence;
    await trx.insertInto('ledger_entries').values(ledger(randomUUID(), p.periodStart, 'payment', p.amountPence, `payment:${payment.id}`, null)).execute();
    const rows = [
      { id: `IN-${i}`, on: p.periodStart, amount: p.amountPence, who: 'Anytown Council', what: 'Direct payment', mcc: null, line: null, by: 'council-payment' as const, flags: [] },
      { id: `PA-${i}`, on: addDays(p.periodStart, 7), amount: -15_000, who: 'Jo Bloggs', what: 'Wages', mcc: null, line: '6f1c8a52-0000-4000-8000-000000000011', by: 'payee' as const, flags: [] },
      ...(i === 2 ? [{ id: 'ATM-1', on: addDays(p.periodStart, 9), amount: -4_000, who: 'Cash machine, High Street', what: 'Cash', mcc: '6011', line: null, by: 'none' as const, flags: ['cash-withdrawal'] }] : []),
    ];
    for (const r of rows) {
      if (r.on > input.today) continue;
      const line = await trx
        .insertInto('statement_lines')
        .values({ agreement_id: agreement.id, account_ref: agreement.reference, transaction_id: r.id, posted_on: r.on, amount_pence: r.amount, counterparty: r.who, description: r.what, merchant_category_code: r.mcc, plan_line_id: r.line, matched_by: r.by, dp_payment_id: r.by === 'council-payment' ? payment.id : null, flags: r.flags, imported_by: finance.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (r.by !== 'council-payment') await trx.insertInto('ledger_entries').values(ledger(randomUUID(), r.on, 'spend', -r.amount, `statement:${line.id}`, r.line)).execute();
    }
  }
  await trx.updateTable('payment_runs').set({ payment_count: due.length, total_pence: total }).where('id', '=', run.id).execute();
  await recordAudit(trx, system, { action: 'direct-payment.agreed', subjectType: 'dp-agreement', subjectId: agreement.id, personId: input.personId, after: { reference: agreement.reference } });
}
