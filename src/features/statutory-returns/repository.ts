import { type Insertable, sql } from 'kysely';
import type { CldEventsTable } from '../../db/schema-parts/statutory.js';
import { isUnpaidCarer } from '../../domain/cld/code-lists.js';
import type { CldEventValues, CldPerson } from '../../domain/cld/extract.js';
import type { Executor } from '../../web/route.js';

/** The cld_events table, and what the return reads of people and carer links: every query is here. */

export interface ReportedEvent {
  person: CldPerson;
  event: CldEventValues;
}

const PAGE = 5_000;

/** An event (as `e`, with its person as `p`) open at any time in the period: started by its end, not ended — or the person died — before its start. */
const openIn = (from: string, to: string) => sql<boolean>`(e.start_date <= ${to} AND (LEAST(e.end_date, p.date_of_death) IS NULL OR LEAST(e.end_date, p.date_of_death) >= ${from}))`;

/**
 * Every event open at any time in the period (it started on or before `to` and did not end —
 * at its end date or the person's death, whichever is first — before `from`), with its person,
 * a page at a time in the order of event references so the memory held does not grow with the
 * size of the return.
 */
export async function* eventsOpenIn(db: Executor, from: string, to: string): AsyncGenerator<ReportedEvent[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('cld_events as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select([
        'e.event_reference',
        'e.event_type',
        'e.start_date',
        'e.end_date',
        'e.description',
        'e.outcome',
        'e.route_of_access',
        'e.assessment_type',
        'e.eligible_needs_identified',
        'e.method_of_assessment',
        'e.service_type',
        'e.service_component',
        'e.delivery_mechanism',
        'e.provider_cqc_location_id',
        'e.review_reason',
        'e.review_outcomes_achieved',
        'e.method_of_review',
        'e.unit_cost_pence',
        'e.cost_frequency',
        'e.planned_hundredths_per_week',
        'p.id as person_id',
        'p.nhs_number',
        'p.reference',
        'p.legacy_reference',
        'p.gp_practice_code',
        'p.gender',
        'p.ethnicity',
        'p.date_of_birth',
        'p.date_of_death',
        'p.client_type',
        'p.primary_support_reason',
        'p.postcode',
        'p.accommodation_status',
        'p.employment_status',
        'p.has_unpaid_carer',
        'p.autism_spectrum_disorder',
        'p.visual_impairment',
        'p.hearing_impairment',
        'p.dementia',
        'p.client_funding_status',
      ])
      .where(openIn(from, to))
      .where('e.event_reference', '>', after)
      .orderBy('e.event_reference')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.event_reference;
    const carers = await caringFor(db, [...new Set(rows.filter((r) => isUnpaidCarer(r.client_type)).map((r) => r.person_id))], from);
    yield rows.map((r) => ({
      person: {
        id: r.person_id,
        nhsNumber: r.nhs_number,
        laPersonId: r.legacy_reference ?? r.reference,
        gpPracticeCode: r.gp_practice_code,
        gender: r.gender,
        ethnicity: r.ethnicity,
        dateOfBirth: r.date_of_birth,
        dateOfDeath: r.date_of_death,
        clientType: r.client_type,
        primarySupportReason: r.primary_support_reason,
        postcode: r.postcode,
        accommodationStatus: r.accommodation_status,
        employmentStatus: r.employment_status,
        hasUnpaidCarer: r.has_unpaid_carer,
        autismSpectrumDisorder: r.autism_spectrum_disorder,
        visualImpairment: r.visual_impairment,
        hearingImpairment: r.hearing_impairment,
        dementia: r.dementia,
        clientFundingStatus: r.client_funding_status,
        hoursCaringPerWeek: carers.get(r.person_id)?.hours ?? null,
        caresFor: carers.get(r.person_id)?.caresFor ?? [],
      },
      event: {
        eventReference: r.event_reference,
        eventType: r.event_type,
        startDate: r.start_date,
        endDate: r.end_date,
        description: r.description,
        outcome: r.outcome,
        routeOfAccess: r.route_of_access,
        assessmentType: r.assessment_type,
        eligibleNeedsIdentified: r.eligible_needs_identified,
        methodOfAssessment: r.method_of_assessment,
        serviceType: r.service_type,
        serviceComponent: r.service_component,
        deliveryMechanism: r.delivery_mechanism,
        providerCqcLocationId: r.provider_cqc_location_id,
        reviewReason: r.review_reason,
        reviewOutcomesAchieved: r.review_outcomes_achieved,
        methodOfReview: r.method_of_review,
        unitCostPence: r.unit_cost_pence,
        costFrequency: r.cost_frequency,
        plannedHundredthsPerWeek: r.planned_hundredths_per_week,
      },
    }));
    if (rows.length < PAGE) return;
  }
}

/** Whether at most `limit` events are open in the period: the figures are quick enough to work out at once. */
export async function eventsOpenAtMost(db: Executor, from: string, to: string, limit: number): Promise<boolean> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('cld_events as e')
        .innerJoin('people as p', 'p.id', 'e.person_id')
        .select(sql<number>`1`.as('one'))
        .where(openIn(from, to))
        .limit(limit + 1)
        .as('open'),
    )
    .select((eb) => eb.fn.countAll<number>().as('events'))
    .executeTakeFirstOrThrow();
  return Number(row.events) <= limit;
}

/**
 * For each carer, the people they care for (links open at any time from `from`), as CLD ids, and
 * their hours of care a week in all (null when no link gives hours).
 */
async function caringFor(db: Executor, carerIds: string[], from: string): Promise<Map<string, { hours: number | null; caresFor: string[] }>> {
  const result = new Map<string, { hours: number | null; caresFor: string[] }>();
  if (carerIds.length === 0) return result;
  const links = await db
    .selectFrom('carer_links as l')
    .innerJoin('people as p', 'p.id', 'l.cared_for_person_id')
    .select(['l.carer_person_id', 'l.hours_caring_per_week', 'p.nhs_number', 'p.reference', 'p.legacy_reference'])
    .where('l.carer_person_id', 'in', carerIds)
    .where((eb) => eb.or([eb('l.ended_on', 'is', null), eb('l.ended_on', '>=', from)]))
    .orderBy('l.created_at')
    .execute();
  for (const link of links) {
    const entry = result.get(link.carer_person_id) ?? { hours: null, caresFor: [] };
    entry.caresFor.push(link.nhs_number ?? link.legacy_reference ?? link.reference);
    if (link.hours_caring_per_week !== null) entry.hours = (entry.hours ?? 0) + link.hours_caring_per_week;
    result.set(link.carer_person_id, entry);
  }
  return result;
}

/** A person's services still open, of the kinds a support plan makes, with what CLD reports of them. */
export async function openPlanServicesOf(db: Executor, personId: string, serviceTypes: string[]) {
  return db
    .selectFrom('cld_events')
    .select(['event_reference', 'start_date', 'service_type', 'service_component', 'delivery_mechanism', 'unit_cost_pence', 'cost_frequency', 'planned_hundredths_per_week', 'provider_cqc_location_id'])
    .where('person_id', '=', personId)
    .where('event_type', '=', 'Service')
    .where('end_date', 'is', null)
    .where('service_type', 'in', serviceTypes)
    .where('source', 'in', ['support-plan', 'migrated'])
    .execute();
}

export async function cqcLocationsOf(db: Executor, directoryEntryIds: string[]): Promise<Map<string, string | null>> {
  if (directoryEntryIds.length === 0) return new Map();
  const rows = await db.selectFrom('directory_entries').select(['id', 'cqc_location_id']).where('id', 'in', directoryEntryIds).execute();
  return new Map(rows.map((r) => [r.id, r.cqc_location_id]));
}

export async function insertCldEvents(db: Executor, events: Insertable<CldEventsTable>[]) {
  if (events.length > 0) await db.insertInto('cld_events').values(events).execute();
}

/** Ends open events: on `endOn`, or on the day they started when that is later. */
export async function endCldEvents(db: Executor, references: string[], endOn: string, outcome: string) {
  if (references.length === 0) return;
  await db
    .updateTable('cld_events')
    .set({ end_date: sql<string>`GREATEST(start_date, ${endOn}::date)`, outcome, updated_at: new Date(), version: sql`version + 1` })
    .where('event_reference', 'in', references)
    .where('end_date', 'is', null)
    .execute();
}

/** The day the services a plan started begin, once the worker records it. */
export async function moveServiceStarts(db: Executor, planId: string, startOn: string) {
  await db.updateTable('cld_events').set({ start_date: startOn, updated_at: new Date(), version: sql`version + 1` }).where('source', '=', 'support-plan').where('source_id', '=', planId).where('event_type', '=', 'Service').execute();
}

/** The first day any event starts: how far back the returns can be made. */
export async function firstEventDate(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('cld_events').select((eb) => eb.fn.min('start_date').as('first')).executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

/** People by their CLD ids, for the lists of people counted: only those in the given teams. */
export async function peopleInTeams(db: Executor, personIds: string[], teamIds: string[]) {
  if (personIds.length === 0 || teamIds.length === 0) return [];
  return db.selectFrom('people').select(['id', 'reference', 'given_name', 'family_name', 'team_id']).where('id', 'in', personIds).where('team_id', 'in', teamIds).execute();
}

/** A person's services still open, ended on a day (not before each started): when their record closes. */
export async function endOpenServicesOf(db: Executor, personId: string, endOn: string, outcome: string): Promise<string[]> {
  const rows = await db
    .updateTable('cld_events')
    .set({ end_date: sql<string>`GREATEST(start_date, ${endOn}::date)`, outcome, updated_at: new Date(), version: sql`version + 1` })
    .where('person_id', '=', personId)
    .where('event_type', '=', 'Service')
    .where('end_date', 'is', null)
    .returning('event_reference')
    .execute();
  return rows.map((r) => r.event_reference);
}
