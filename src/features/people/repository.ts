import { type Kysely, sql } from 'kysely';
import type { Database, NewPerson, Person, PersonUpdate } from '../../db/schema.js';

type Db = Kysely<Database>;

/**
 * Queries about people. Every read that lists or finds people takes the team ids the user may see:
 * a person in another team is simply not found.
 */
export async function findPersonInTeams(db: Db, id: string, teamIds: string[]): Promise<Person | undefined> {
  if (!isUuid(id) || teamIds.length === 0) return undefined;
  return db.selectFrom('people').selectAll().where('id', '=', id).where('team_id', 'in', teamIds).executeTakeFirst();
}

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

export type SearchTerm =
  | { kind: 'nhs-number'; value: string }
  | { kind: 'postcode'; value: string }
  | { kind: 'reference'; value: string }
  | { kind: 'name'; words: string[] };

export async function searchPeople(db: Db, teamIds: string[], term: SearchTerm, limit = 50): Promise<PersonListing[]> {
  if (teamIds.length === 0) return [];
  let query = listingQuery(db, teamIds);
  switch (term.kind) {
    case 'nhs-number':
      query = query.where('people.nhs_number', '=', term.value);
      break;
    case 'reference':
      query = query.where('people.reference', '=', term.value);
      break;
    case 'postcode':
      query = query.where(sql<string>`replace(people.postcode, ' ', '')`, 'like', `${term.value.replace(/ /g, '')}%`);
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
  return query.limit(limit).execute();
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
  return db.selectFrom('representatives').select(['name', 'kind']).where('person_id', '=', personId).where('ended_on', 'is', null).execute();
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

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
