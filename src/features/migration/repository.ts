import { sql } from 'kysely';
import type { LegacyEvent, LegacyPerson } from '../../domain/migration/legacy-rows.js';
import type { BudgetStatement, SupportLine } from '../../domain/planning/plan.js';
import type { Executor } from '../../web/route.js';

/**
 * What a migration from the council's previous system reads and writes: teams by name, people by
 * their previous reference, carer links, and migrated CLD events. Every query is here.
 */

export async function teamsNamed(db: Executor, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('name', 'in', names).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function insertTeams(db: Executor, names: string[]): Promise<{ id: string; name: string }[]> {
  if (names.length === 0) return [];
  return db.insertInto('teams').values(names.map((name) => ({ name }))).returning(['id', 'name']).execute();
}

export interface MigratedPerson {
  id: string;
  legacy_reference: string;
  migration_hash: string | null;
}

export async function migratedPeople(db: Executor): Promise<Map<string, MigratedPerson>> {
  const rows = await db.selectFrom('people').select(['id', 'legacy_reference', 'migration_hash']).where('legacy_reference', 'is not', null).execute();
  return new Map(rows.map((r) => [r.legacy_reference!, { id: r.id, legacy_reference: r.legacy_reference!, migration_hash: r.migration_hash }]));
}

/** A person's values as a migration stores them (and as the audit trail records them). */
export const migratedPersonValues = (p: LegacyPerson) => ({
  legacy_reference: p.ref,
  nhs_number: p.nhsNumber,
  given_name: p.givenName,
  family_name: p.familyName,
  date_of_birth: p.dateOfBirth,
  date_of_death: p.dateOfDeath,
  gender: p.gender,
  ethnicity: p.ethnicity,
  postcode: p.postcode,
  client_type: p.clientType,
  primary_support_reason: p.primarySupportReason,
});
const personColumns = (p: LegacyPerson, teamId: string, hash: string) => ({ ...migratedPersonValues(p), migration_hash: hash, team_id: teamId });

/** New people, each given a Selfdirect reference; returns their ids by previous reference. */
export async function insertMigratedPeople(db: Executor, people: { person: LegacyPerson; teamId: string; hash: string }[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < people.length; i += 500) {
    const rows = await db
      .insertInto('people')
      .values(people.slice(i, i + 500).map(({ person, teamId, hash }) => ({ ...personColumns(person, teamId, hash), reference: sql<string>`'AC-' || nextval('person_reference_seq')`, updated_at: new Date() })))
      .returning(['id', 'legacy_reference'])
      .execute();
    for (const r of rows) ids.set(r.legacy_reference!, r.id);
  }
  return ids;
}

/** A person whose row changed since the last import; returns the values before, for the audit trail. */
export async function updateMigratedPerson(db: Executor, id: string, person: LegacyPerson, teamId: string, hash: string) {
  const before = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await db
    .updateTable('people')
    .set({ ...personColumns(person, teamId, hash), updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
  return before;
}

export async function carerLinksBetween(db: Executor, carerIds: string[]) {
  if (carerIds.length === 0) return [];
  return db.selectFrom('carer_links').select(['id', 'carer_person_id', 'cared_for_person_id', 'relationship', 'hours_caring_per_week']).where('carer_person_id', 'in', carerIds).where('ended_on', 'is', null).execute();
}

export async function insertCarerLinks(db: Executor, links: { carer_person_id: string; cared_for_person_id: string; relationship: string | null; hours_caring_per_week: number | null }[]) {
  for (let i = 0; i < links.length; i += 500) await db.insertInto('carer_links').values(links.slice(i, i + 500)).execute();
}

export async function updateCarerLink(db: Executor, id: string, values: { relationship: string | null; hours_caring_per_week: number | null }) {
  await db.updateTable('carer_links').set(values).where('id', '=', id).execute();
}

/**
 * Inserts events, or updates a migrated event whose row changed since it was imported (by its
 * hash). Returns only what was written, each with whether it was new: an event imported before
 * with the same values is left alone and not returned.
 */
export async function upsertMigratedEvents(db: Executor, events: { event: LegacyEvent; personId: string; hash: string }[]) {
  if (events.length === 0) return [];
  const rows = events.map(({ event: e, personId, hash }) => ({
    event_reference: e.ref,
    person_id: personId,
    event_type: e.eventType,
    start_date: e.startDate,
    end_date: e.endDate,
    outcome: e.outcome,
    route_of_access: e.routeOfAccess,
    assessment_type: e.assessmentType,
    eligible_needs_identified: e.eligibleNeedsIdentified,
    service_type: e.serviceType,
    service_component: e.serviceComponent,
    delivery_mechanism: e.deliveryMechanism,
    unit_cost_pence: e.unitCostPence,
    cost_frequency: e.costFrequency,
    planned_hundredths_per_week: e.plannedHundredthsPerWeek,
    weekly_cost_pence: e.weeklyCostPence,
    provider_name: e.providerName,
    provider_cqc_location_id: e.providerCqcLocationId,
    review_reason: e.reviewReason,
    review_outcomes_achieved: e.reviewOutcomesAchieved,
    source: 'migrated' as const,
    migration_hash: hash,
    updated_at: new Date(),
  }));
  const updatable = Object.keys(rows[0]!).filter((c) => c !== 'event_reference' && c !== 'source') as (keyof (typeof rows)[number])[];
  return db
    .insertInto('cld_events')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('event_reference')
        .doUpdateSet((eb) => ({ ...Object.fromEntries(updatable.map((c) => [c, eb.ref(`excluded.${c}`)])), version: sql`cld_events.version + 1` }))
        .where('cld_events.source', '=', 'migrated')
        .where(sql<boolean>`cld_events.migration_hash IS DISTINCT FROM excluded.migration_hash`),
    )
    .returning(['event_reference', 'person_id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
}

/** The migrated services still open of these people: what carries on as their migrated plan. */
export async function openMigratedServicesOf(db: Executor, personIds: string[], serviceTypes: string[], today: string) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('cld_events')
    .select(['person_id', 'event_reference', 'description', 'start_date', 'service_component', 'delivery_mechanism', 'unit_cost_pence', 'cost_frequency', 'planned_hundredths_per_week', 'weekly_cost_pence', 'provider_name'])
    .where('person_id', 'in', personIds)
    .where('source', '=', 'migrated')
    .where('event_type', '=', 'Service')
    .where('service_type', 'in', serviceTypes)
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .where((eb) => eb.or([eb('cost_frequency', 'is', null), eb('cost_frequency', '<>', 'One-off')]))
    .orderBy('person_id')
    .orderBy('event_reference')
    .execute();
}

/** Each person's newest plan version: whether it is migrated, and its lines. */
export async function latestPlansOf(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, { id: string; plan_number: number; migrated: boolean; lines: SupportLine[] }>();
  const rows = await db
    .selectFrom('support_plans')
    .select(['id', 'person_id', 'plan_number', 'migrated', 'lines'])
    .where('person_id', 'in', personIds)
    .orderBy('plan_number', 'desc')
    .execute();
  const latest = new Map<string, { id: string; plan_number: number; migrated: boolean; lines: SupportLine[] }>();
  for (const r of rows) if (!latest.has(r.person_id)) latest.set(r.person_id, r);
  return latest;
}

export async function insertMigratedPlan(db: Executor, plan: { personId: string; planNumber: number; previousId: string | null; lines: SupportLine[]; statement: BudgetStatement; agreedOn: string; supportStartsOn: string }) {
  return db
    .insertInto('support_plans')
    .values({
      person_id: plan.personId,
      assessment_id: null,
      plan_number: plan.planNumber,
      previous_id: plan.previousId,
      status: 'agreed',
      lines: JSON.stringify(plan.lines),
      sign_off_level: 'worker',
      agreed_on: plan.agreedOn,
      agreed_at: new Date(),
      statement: JSON.stringify(plan.statement),
      support_starts_on: plan.supportStartsOn,
      created_by: null,
      migrated: true,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
