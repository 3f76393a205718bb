import { type HouseholdRelative, addressTextIsHousehold, sameHousehold } from '../../domain/direct-payments/household.js';
import { type Kysely, sql } from 'kysely';
import type { Database, NewPerson, Person, PersonUpdate } from '../../db/schema.js';
import type { SearchTerm } from '../../domain/people/search.js';
import { isUuid } from '../../db/ids.js';
import { pageOf } from '../../db/page-of.js';

type Db = Kysely<Database>;

/**
 * Queries about people. Every read that lists or finds people takes the team ids the user may see:
 * a person in another team is simply not found.
 */
/** A person by id, whoever holds them: for loading a record whose policy then decides. */
export async function personById(db: Db, id: string): Promise<Person | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonByReference(db: Db, reference: string, teamIds: string[]): Promise<Person | undefined> {
  if (teamIds.length === 0) return undefined;
  return db
    .selectFrom('people')
    .selectAll()
    .where('reference', '=', reference.trim().toUpperCase())
    .where('team_id', 'in', teamIds)
    .executeTakeFirst();
}

export interface PersonListing {
  id: string;
  reference: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  nhs_number: string | null;
  postcode: string | null;
  client_type: string;
  team_name: string;
  closed_on: string | null;
}

function listingQuery(db: Db, teamIds: string[]) {
  return db
    .selectFrom('people')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select([
      'people.id',
      'people.reference',
      'people.given_name',
      'people.family_name',
      'people.preferred_name',
      'people.date_of_birth',
      'people.nhs_number',
      'people.postcode',
      'people.client_type',
      'teams.name as team_name',
      'people.closed_on',
    ])
    .where('people.team_id', 'in', teamIds)
    .orderBy(sql`lower(people.family_name)`)
    .orderBy(sql`lower(people.given_name)`)
    .orderBy('people.reference');
}

export async function listPeople(db: Db, teamIds: string[], options: { includeClosed: boolean; limit: number; offset: number }) {
  if (teamIds.length === 0) return { people: [] as PersonListing[], total: 0 };
  let query = listingQuery(db, teamIds);
  let count = db.selectFrom('people').select(sql<number>`count(*)`.as('total')).where('team_id', 'in', teamIds);
  if (!options.includeClosed) {
    query = query.where('people.closed_on', 'is', null);
    count = count.where('closed_on', 'is', null);
  }
  const [people, totals] = await Promise.all([query.limit(options.limit).offset(options.offset).execute(), count.executeTakeFirstOrThrow()]);
  return { people, total: totals.total };
}


/** A page of the people in these teams a search finds, by name, and how many it finds in all. */
export async function searchPeople(db: Db, teamIds: string[], term: SearchTerm, page: { limit: number; offset: number }): Promise<{ people: PersonListing[]; total: number }> {
  if (teamIds.length === 0) return { people: [], total: 0 };
  let query = listingQuery(db, teamIds);
  switch (term.kind) {
    case 'nhs-number':
      query = query.where('people.nhs_number', '=', term.value);
      break;
    case 'reference':
      query = query.where('people.reference', '=', term.value);
      break;
    case 'postcode':
      query = query.where(sql<string>`replace(people.postcode, ' ', '')`, 'like', `${escapeLike(term.value.replace(/ /g, ''))}%`);
      break;
    case 'name':
      for (const word of term.words) {
        const pattern = `%${escapeLike(word.toLowerCase())}%`;
        query = query.where((eb) =>
          eb.or([
            eb(sql`lower(people.given_name)`, 'like', pattern),
            eb(sql`lower(people.family_name)`, 'like', pattern),
            eb(sql`lower(coalesce(people.preferred_name, ''))`, 'like', pattern),
          ]),
        );
      }
      break;
  }
  const { rows, total } = await pageOf(query, page);
  return { people: rows, total };
}

/** How long a kept search can be opened: a working day. */
const SEARCH_LASTS_HOURS = 12;

/** Keeps a search for its results pages, clearing the searcher's old ones. */
export async function keepSearch(db: Db, userId: string, query: string): Promise<string> {
  await db.deleteFrom('people_searches').where('searched_by', '=', userId).where('searched_at', '<', sql<Date>`now() - make_interval(hours => ${SEARCH_LASTS_HOURS})`).execute();
  const kept = await db.insertInto('people_searches').values({ searched_by: userId, query }).returning('id').executeTakeFirstOrThrow();
  return kept.id;
}

/** A kept search's query: only for the one who searched, and only within the working day. */
export async function keptSearch(db: Db, id: string, userId: string): Promise<string | undefined> {
  if (!isUuid(id)) return undefined;
  const found = await db
    .selectFrom('people_searches')
    .select('query')
    .where('id', '=', id)
    .where('searched_by', '=', userId)
    .where('searched_at', '>=', sql<Date>`now() - make_interval(hours => ${SEARCH_LASTS_HOURS})`)
    .executeTakeFirst();
  return found?.query;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function insertPerson(db: Db, person: Omit<NewPerson, 'reference'>): Promise<Person> {
  return db
    .insertInto('people')
    .values({ ...person, reference: sql<string>`'AC-' || nextval('person_reference_seq')` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates only when the version still matches; undefined means someone else changed it first. */
export async function updatePersonAtVersion(db: Db, id: string, version: number, changes: PersonUpdate): Promise<Person | undefined> {
  return db
    .updateTable('people')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function representativesOf(db: Db, personId: string) {
  return db.selectFrom('representatives').selectAll().where('person_id', '=', personId).orderBy('created_at').execute();
}

/** The person's current representatives' names and kinds. */
export async function activeRepresentativesOf(db: Db, personId: string) {
  return db.selectFrom('representatives').select(['id', 'name', 'kind']).where('person_id', '=', personId).where('ended_on', 'is', null).execute();
}

/** Carer links in both directions: the people who care for this person, and the people this person cares for. */
export async function carerLinksOf(db: Db, personId: string) {
  const base = db
    .selectFrom('carer_links')
    .innerJoin('people as carer', 'carer.id', 'carer_links.carer_person_id')
    .innerJoin('people as cared_for', 'cared_for.id', 'carer_links.cared_for_person_id')
    .select([
      'carer_links.id',
      'carer_links.relationship',
      'carer_links.hours_caring_per_week',
      'carer_links.ended_on',
      'carer_links.ended_reason',
      'carer_links.created_at',
      'carer.id as carer_id',
      'carer.reference as carer_reference',
      'carer.given_name as carer_given_name',
      'carer.family_name as carer_family_name',
      'carer.team_id as carer_team_id',
      'cared_for.id as cared_for_id',
      'cared_for.reference as cared_for_reference',
      'cared_for.given_name as cared_for_given_name',
      'cared_for.family_name as cared_for_family_name',
      'cared_for.team_id as cared_for_team_id',
    ])
    .orderBy('carer_links.created_at');
  const [carers, caresFor] = await Promise.all([
    base.where('carer_links.cared_for_person_id', '=', personId).execute(),
    base.where('carer_links.carer_person_id', '=', personId).execute(),
  ]);
  return { carers, caresFor };
}

/**
 * The person's close relatives who live with them (DP Regulations reg 3): people linked as carers
 * (either way) with a relationship and the same address, and family members representing them
 * whose address is the person's.
 */
export async function householdRelativesOf(db: Db, personId: string): Promise<HouseholdRelative[]> {
  const person = await db.selectFrom('people').select(['address_line_1', 'postcode']).where('id', '=', personId).executeTakeFirst();
  if (!person) return [];
  const home = { line1: person.address_line_1, postcode: person.postcode };
  const linkedOn = (mine: 'cared_for_person_id' | 'carer_person_id', theirs: 'cared_for_person_id' | 'carer_person_id') =>
    db
      .selectFrom('carer_links')
      .innerJoin('people as other', 'other.id', `carer_links.${theirs}`)
      .select(['carer_links.relationship', 'other.given_name', 'other.family_name', 'other.preferred_name', 'other.address_line_1', 'other.postcode'])
      .where(`carer_links.${mine}`, '=', personId)
      .where('carer_links.ended_on', 'is', null)
      .where('carer_links.relationship', 'is not', null)
      .execute();
  const linked = [...(await linkedOn('cared_for_person_id', 'carer_person_id')), ...(await linkedOn('carer_person_id', 'cared_for_person_id'))];
  const family = await db.selectFrom('representatives').select(['name', 'relationship', 'address']).where('person_id', '=', personId).where('kind', '=', 'family-member').where('ended_on', 'is', null).execute();
  return [
    ...linked
      .filter((o) => sameHousehold(home, { line1: o.address_line_1, postcode: o.postcode }))
      .map((o) => ({ names: [`${o.given_name} ${o.family_name}`, ...(o.preferred_name ? [`${o.preferred_name} ${o.family_name}`] : [])], relationship: o.relationship! })),
    ...family.filter((r) => addressTextIsHousehold(r.address, home)).map((r) => ({ names: [r.name], relationship: r.relationship ?? 'family member' })),
  ];
}

/** Team names, for the teams a member of staff works in. */
export async function teamsNamed(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

/** The records with this NHS number (one, unless two were made before the number was checked). */
export async function peopleWithNhsNumber(db: Db, nhsNumber: string): Promise<Person[]> {
  return db.selectFrom('people').selectAll().where('nhs_number', '=', nhsNumber).execute();
}

/** Whether another record already has this NHS number. */
export async function nhsNumberTaken(db: Db, nhsNumber: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('people').select('id').where('nhs_number', '=', nhsNumber);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

export async function insertRepresentative(db: Db, personId: string, r: { kind: string; name: string; relationship: string | null; phone: string | null; email: string | null; address: string | null }) {
  return db
    .insertInto('representatives')
    .values({ ...r, kind: r.kind as never, person_id: personId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Ends a current representative of the person: undefined when there is none with that id. */
export async function endRepresentativeOf(db: Db, personId: string, id: string, ended: { on: string; reason: string }) {
  if (!isUuid(id)) return undefined;
  return db.updateTable('representatives').set({ ended_on: ended.on, ended_reason: ended.reason }).where('id', '=', id).where('person_id', '=', personId).where('ended_on', 'is', null).returningAll().executeTakeFirst();
}

export async function currentCarerLink(db: Db, caredForId: string, carerId: string) {
  return db.selectFrom('carer_links').select('id').where('cared_for_person_id', '=', caredForId).where('carer_person_id', '=', carerId).where('ended_on', 'is', null).executeTakeFirst();
}

export async function insertCarerLink(db: Db, link: { caredForId: string; carerId: string; relationship: string | null; hoursCaringPerWeek: number | null }) {
  return db.insertInto('carer_links').values({ cared_for_person_id: link.caredForId, carer_person_id: link.carerId, relationship: link.relationship, hours_caring_per_week: link.hoursCaringPerWeek }).returningAll().executeTakeFirstOrThrow();
}

/** Ends a current carer link either side of the person: undefined when there is none with that id. */
export async function endCarerLinkOf(db: Db, personId: string, id: string, ended: { on: string; reason: string }) {
  if (!isUuid(id)) return undefined;
  return db
    .updateTable('carer_links')
    .set({ ended_on: ended.on, ended_reason: ended.reason })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('cared_for_person_id', '=', personId), eb('carer_person_id', '=', personId)]))
    .where('ended_on', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Open records counted by primary support reason and client type, and by team: no names. */
export async function openRecordCounts(db: Db) {
  const [bySupportReason, byTeam] = await Promise.all([
    db
      .selectFrom('people')
      .select(['primary_support_reason', 'client_type', (eb) => eb.fn.countAll<number>().as('people')])
      .where('closed_on', 'is', null)
      .groupBy(['primary_support_reason', 'client_type'])
      .orderBy('primary_support_reason')
      .execute(),
    db
      .selectFrom('people')
      .innerJoin('teams', 'teams.id', 'people.team_id')
      .select(['teams.name', (eb) => eb.fn.countAll<number>().as('people')])
      .where('people.closed_on', 'is', null)
      .groupBy('teams.name')
      .orderBy('teams.name')
      .execute(),
  ]);
  return { bySupportReason, byTeam };
}
