import { type Kysely, type Transaction, sql } from 'kysely';
import { addDays } from '../../../domain/directory/checks.js';
import { compileScheme } from '../../../domain/ras/pricing.js';
import { type AuditRecord, recordAudits } from '../../../features/audit/audit-trail.js';
import { DEMO_PASSWORD, hashPassword } from '../../../features/auth/passwords.js';
import { documentOf } from '../../../features/schemes/document.js';
import type { Database, Role } from '../../schema.js';
import { demoNhsNumber, hasAnyStaff, publishDemoSchemes } from '../demo.js';
import { bulkInsert } from './bulk.js';
import { type PersonFacts, type SchemeInUse, type Setting, historyOf } from './histories.js';
import { type PayingPerson, runDates, seedDirectPayments } from './money.js';
import { SeededRandom } from './random.js';
import { ETHNICITIES, FAMILY_NAMES, GIVEN_NAMES, TEAM_PLACES } from './words.js';

/**
 * A big council for measuring Selfdirect at the size of England's largest (issue 19):
 * `selfdirect seed-demo --size large`. Everything goes in through the same tables and rules as
 * the app's own commands — schemes priced by the RAS, plans that pass their checks, reviews the
 * journey rules schedule, a balanced ledger, and an audit entry for each record made — in one
 * transaction, from a seed, so the same seed gives the same council.
 */
export interface CouncilSize {
  people: number;
  /** Of those, how many records are open. */
  open: number;
  teams: number;
  workersPerTeam: number;
  directory: number;
  directPayments: number;
  /** Years of assessments, plans and reviews; and of direct payment statements. */
  years: number;
  paymentYears: number;
}

export const SIZES: Record<'small' | 'large', CouncilSize> = {
  small: { people: 240, open: 160, teams: 4, workersPerTeam: 2, directory: 60, directPayments: 60, years: 10, paymentYears: 5 },
  large: { people: 60_000, open: 40_000, teams: 20, workersPerTeam: 8, directory: 5_000, directPayments: 15_000, years: 10, paymentYears: 5 },
};

/** Sign-ins for every role, all with the demo password. */
export const LARGE_SIGN_INS = { worker: 'worker1@largecouncil.example', manager: 'manager1@largecouncil.example', panel: 'panel1@largecouncil.example', finance: 'finance1@largecouncil.example', analyst: 'analyst1@largecouncil.example', admin: 'admin1@largecouncil.example' };

const SYSTEM = { id: null, label: 'system: large council data' };
const AUDITS_PER_CALL = 5_000;
const PEOPLE_PER_BATCH = 2_000;

export async function seedLargeCouncil(db: Kysely<Database>, size: CouncilSize, options: { seed?: number; today?: string; progress?: (step: string) => void } = {}): Promise<{ loaded: boolean; counts: Record<string, number> }> {
  const progress = options.progress ?? (() => {});
  if (await hasAnyStaff(db)) return { loaded: false, counts: {} };
  const rnd = new SeededRandom(options.seed ?? 20261206);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    // Where each person is in the steps is worked out once, at the end, not for each statement.
    await sql`SELECT set_config('selfdirect.bulk_load', 'on', true)`.execute(trx);
    const audits: AuditRecord[] = [];
    const { teams, workers, financeId } = await seedStaff(trx, rnd, size, passwordHash, audits);
    const published = await publishDemoSchemes(trx, SYSTEM);
    const inUse = (row: typeof published.adult): SchemeInUse => {
      const document = documentOf(row);
      return { row, document, compiled: compileScheme(document) };
    };
    const directory = await seedDirectory(trx, rnd, size, today, audits);
    await flushAudits(trx, audits, counts);
    const setting: Setting = { today, schemes: { adult: inUse(published.adult), carer: inUse(published.carer) }, ...directory };
    progress('staff, schemes and directory');
    const payers = await seedPeople(trx, rnd, size, setting, teams, workers, audits, counts);
    progress('people, assessments, plans and reviews');
    await seedDirectPayments(trx, rnd, { today, payers, runs: runDates(today, Math.round((size.paymentYears * 365) / 28)), financeId, audits, progress });
    progress('direct payments, statements and the ledger');
    await flushAudits(trx, audits, counts);
    progress('the audit trail');
    await sql`SELECT set_config('selfdirect.bulk_load', 'off', true)`.execute(trx);
    // Statistics first (PGlite has no autovacuum; PostgreSQL's has not run yet): without them the
    // planner treats every table as empty and one refresh of everyone takes minutes, not seconds.
    await sql`ANALYZE`.execute(trx);
    await sql`SELECT refresh_person_journeys(ARRAY(SELECT id FROM people))`.execute(trx);
    await sql`ANALYZE person_journeys`.execute(trx);
    progress('where everyone is in the steps');
  });
  progress('committed (the ledger and journeys checked)');
  return { loaded: true, counts };
}

/** Appends the entries gathered so far to the audit trail, in order, and empties the list. */
async function flushAudits(trx: Transaction<Database>, audits: AuditRecord[], counts: Record<string, number>) {
  for (let i = 0; i < audits.length; i += AUDITS_PER_CALL) await recordAudits(trx, SYSTEM, audits.slice(i, i + AUDITS_PER_CALL));
  counts.audit_events = (counts.audit_events ?? 0) + audits.length;
  audits.length = 0;
}

async function seedStaff(trx: Transaction<Database>, rnd: SeededRandom, size: CouncilSize, passwordHash: string, audits: AuditRecord[]) {
  const teams = Array.from({ length: size.teams }, (_, i) => ({ id: rnd.uuid(), name: `${TEAM_PLACES[i % TEAM_PLACES.length]}${i >= TEAM_PLACES.length ? ` ${Math.floor(i / TEAM_PLACES.length) + 1}` : ''} Team` }));
  await bulkInsert(trx, 'teams', teams);
  const staff: { id: string; email: string; display_name: string; role: Role; password_hash: string; is_demo: boolean }[] = [];
  const memberships: { user_id: string; team_id: string }[] = [];
  const workers = new Map<string, string[]>();
  const add = (role: Role, email: string, teamIds: string[] = []) => {
    const id = rnd.uuid();
    staff.push({ id, email, display_name: `${rnd.pick(GIVEN_NAMES)} ${rnd.pick(FAMILY_NAMES)}`, role, password_hash: passwordHash, is_demo: true });
    for (const team_id of teamIds) memberships.push({ user_id: id, team_id });
    return id;
  };
  let worker = 0;
  teams.forEach((team, t) => {
    workers.set(team.id, Array.from({ length: size.workersPerTeam }, () => add('social-worker', `worker${++worker}@largecouncil.example`, [team.id])));
    add('team-manager', `manager${t + 1}@largecouncil.example`, [team.id]);
  });
  const others = Math.max(4, Math.round(size.teams * 2));
  const financeIds: string[] = [];
  for (let i = 1; i <= others; i++) {
    const role = (['panel-member', 'finance-officer', 'analyst', 'administrator'] as const)[i % 4]!;
    const prefix = { 'panel-member': 'panel', 'finance-officer': 'finance', analyst: 'analyst', administrator: 'admin' }[role];
    const id = add(role, `${prefix}${Math.ceil(i / 4)}@largecouncil.example`);
    if (role === 'finance-officer') financeIds.push(id);
  }
  await bulkInsert(trx, 'staff_users', staff);
  await bulkInsert(trx, 'staff_user_teams', memberships);
  for (const t of teams) audits.push({ action: 'team.created', subjectType: 'team', subjectId: t.id, after: { name: t.name } });
  for (const s of staff) audits.push({ action: 'staff-user.created', subjectType: 'staff-user', subjectId: s.id, after: { email: s.email, role: s.role } });
  return { teams, workers, financeId: financeIds[0]! };
}

async function seedDirectory(trx: Transaction<Database>, rnd: SeededRandom, size: CouncilSize, today: string, audits: AuditRecord[]) {
  const entries: Record<string, unknown>[] = [];
  const checks: Record<string, unknown>[] = [];
  const assistants: { id: string; name: string }[] = [];
  const providers: { id: string; name: string }[] = [];
  for (let i = 0; i < size.directory; i++) {
    const id = rnd.uuid();
    const assistant = i % 5 < 3;
    const name = assistant ? `${rnd.pick(GIVEN_NAMES)} ${rnd.pick(FAMILY_NAMES)}` : `${rnd.pick(TEAM_PLACES)} ${rnd.pick(['Home Care', 'Care Services', 'Support', 'Living'])} ${i}`;
    entries.push({ id, reference: `DIR-${1001 + i}`, kind: assistant ? 'personal-assistant' : 'provider', name, services: assistant ? ['Personal care', 'Help at home'] : ['Personal care', 'Help at home', 'Meals'], areas: [rnd.pick(TEAM_PLACES)], hourly_rate_pence: assistant ? rnd.int(1300, 1600) : null, rates: assistant ? null : '£24 an hour', contract_status: assistant ? null : rnd.pick(['contracted', 'preferred', 'spot']), updated_at: new Date().toISOString() });
    if (assistant) {
      assistants.push({ id, name });
      checks.push({ entry_id: id, check_type: 'dbs', dbs_level: 'enhanced-barred', certificate_number: String(1_000_000_000 + i).padStart(12, '0'), checked_on: addDays(today, -rnd.int(30, 330)), outcome: 'clear', recorded_by: SYSTEM.label });
      checks.push({ entry_id: id, check_type: 'right-to-work', checked_on: addDays(today, -rnd.int(30, 1000)), recorded_by: SYSTEM.label });
    } else {
      providers.push({ id, name });
      checks.push({ entry_id: id, check_type: 'public-liability-insurance', checked_on: addDays(today, -rnd.int(10, 300)), expires_on: addDays(today, rnd.int(30, 360)), detail: 'Example Insurance plc', recorded_by: SYSTEM.label });
    }
    audits.push({ action: 'directory.entry-created', subjectType: 'directory-entry', subjectId: id, after: { name, kind: assistant ? 'personal-assistant' : 'provider' } });
  }
  await bulkInsert(trx, 'directory_entries', entries);
  await bulkInsert(trx, 'directory_checks', checks);
  await sql`SELECT setval('directory_reference_seq', ${1001 + size.directory}, false)`.execute(trx);
  return { assistants, providers };
}

const UNIT_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

async function seedPeople(trx: Transaction<Database>, rnd: SeededRandom, size: CouncilSize, setting: Setting, teams: { id: string }[], workers: Map<string, string[]>, audits: AuditRecord[], counts: Record<string, number>): Promise<PayingPerson[]> {
  const { today } = setting;
  // People go in a batch at a time, with their histories and audit entries, so memory stays bounded.
  let people: Record<string, unknown>[] = [];
  let links: Record<string, unknown>[] = [];
  const empty = () => ({ person_allocations: [] as Record<string, unknown>[], assessments: [] as Record<string, unknown>[], support_plans: [] as Record<string, unknown>[], sign_off_decisions: [] as Record<string, unknown>[], reviews: [] as Record<string, unknown>[], cld_events: [] as Record<string, unknown>[] });
  let tables = empty();
  const flush = async () => {
    await bulkInsert(trx, 'people', people);
    await bulkInsert(trx, 'carer_links', links);
    for (const [table, rows] of Object.entries(tables)) {
      await bulkInsert(trx, table as keyof typeof tables, rows);
      counts[table] = (counts[table] ?? 0) + rows.length;
    }
    counts.people = (counts.people ?? 0) + people.length;
    await flushAudits(trx, audits, counts);
    people = [];
    links = [];
    tables = empty();
  };
  const payers: PayingPerson[] = [];
  const recentServiceUser = new Map<string, string>();
  const dpShare = size.directPayments / (size.open * 0.85);
  // The adult scheme's groups, each with the primary support reasons it prices.
  const allocation = setting.schemes.adult.document.allocation;
  const groups: [string | null, readonly string[]][] = allocation.type === 'rate' ? allocation.groups.map((g) => [g.id, g.primarySupportReasons]) : [[null, ['Physical support: Personal care support']]];
  for (let i = 0; i < size.people; i++) {
    const id = rnd.uuid();
    const team = rnd.pick(teams);
    const carer = rnd.chance(0.12);
    const open = i % size.people < size.open;
    const [group, reasons]: [string | null, readonly string[]] = carer ? [null, ['Social support: Support to unpaid carer']] : rnd.pick(groups);
    const given = rnd.pick(GIVEN_NAMES);
    const family = rnd.pick(FAMILY_NAMES);
    const startsOn = addDays(today, -rnd.int(open ? 120 : 400, size.years * 365));
    const closesOn = open ? null : addDays(startsOn, rnd.int(180, Math.max(181, Math.round((Date.parse(today) - Date.parse(startsOn)) / 86_400_000) - 30)));
    const closedBecause = closesOn ? rnd.pick(['Moved out of the area', 'Died', 'No longer needs support']) : null;
    const directPayment = open && !carer && payers.length < size.directPayments && rnd.chance(dpShare);
    // A postcode's unit letters never use C, I, K, M, O or V (src/domain/people/postcode.ts).
    const postcode = `AT${rnd.int(1, 9)} ${rnd.int(1, 9)}${rnd.pick(UNIT_LETTERS)}${rnd.pick(UNIT_LETTERS)}`;
    people.push({
      id, reference: `AC-${1001 + i}`, client_type: carer ? 'Unpaid carer' : 'Service user', given_name: given, family_name: family,
      date_of_birth: addDays(today, -rnd.int(carer ? 25 * 365 : 18 * 365, 98 * 365)), nhs_number: demoNhsNumber(i), address_line_1: `${rnd.int(1, 200)} ${rnd.pick(FAMILY_NAMES)} Road`, town: 'Anytown', postcode,
      gender: rnd.pick(['Female', 'Male']), ethnicity: rnd.pick(ETHNICITIES), primary_support_reason: rnd.pick(reasons), team_id: team.id,
      closed_on: closesOn, closure_reason: closedBecause,
      created_at: `${startsOn}T09:00:00Z`, updated_at: `${startsOn}T09:00:00Z`,
    });
    audits.push({ action: 'person.created', subjectType: 'person', subjectId: id, personId: id, after: { reference: `AC-${1001 + i}` } });
    if (carer && recentServiceUser.has(team.id)) {
      const caredFor = recentServiceUser.get(team.id)!;
      links.push({ id: rnd.uuid(), cared_for_person_id: caredFor, carer_person_id: id, relationship: rnd.pick(['Wife', 'Husband', 'Daughter', 'Son', 'Partner', 'Friend']) });
      audits.push({ action: 'carer-link.added', subjectType: 'carer-link', subjectId: links.at(-1)!.id as string, personId: id });
    } else if (!carer) recentServiceUser.set(team.id, id);
    const facts: PersonFacts = { id, kind: carer ? 'carer' : 'adult', groupId: group, open, startsOn, closesOn, workerId: rnd.pick(workers.get(team.id)!), directPayment, clientType: carer ? 'Unpaid carer' : 'Service user', closedBecause };
    const history = historyOf(rnd, setting, facts);
    // Most open records have a worker allocated; the rest wait on the team's caseloads page.
    if (open && rnd.chance(0.9)) {
      const allocationId = rnd.uuid();
      tables.person_allocations.push({ id: allocationId, person_id: id, worker_id: facts.workerId, team_id: team.id, allocated_at: `${startsOn}T10:00:00Z`, allocated_by: facts.workerId });
      audits.push({ action: 'person.allocated', subjectType: 'person-allocation', subjectId: allocationId, personId: id, after: { worker_id: facts.workerId } });
    }
    tables.assessments.push(...history.assessments);
    tables.support_plans.push(...history.plans);
    tables.sign_off_decisions.push(...history.signOffs);
    tables.reviews.push(...history.reviews);
    tables.cld_events.push(...history.events);
    audits.push(...history.audits);
    if (directPayment && history.agreedForPayment.length > 0) payers.push({ personId: id, name: `${given} ${family}`, agreed: history.agreedForPayment });
    if (people.length === PEOPLE_PER_BATCH) await flush();
  }
  await flush();
  await sql`SELECT setval('person_reference_seq', ${1001 + size.people}, false)`.execute(trx);
  return payers;
}
