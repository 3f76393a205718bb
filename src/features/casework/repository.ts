import { sql } from 'kysely';
import type { CaseDocumentKind, CaseNoteKind } from '../../db/schema-parts/casework.js';
import type { Executor } from '../../web/route.js';

/** person_allocations, case_notes, case_documents, team_transfers and out_of_team_access: every query on them. */

/** Who the person is allocated to now, with their name. */
export async function currentAllocation(db: Executor, personId: string) {
  return db
    .selectFrom('person_allocations')
    .innerJoin('staff_users', 'staff_users.id', 'person_allocations.worker_id')
    .select(['person_allocations.id', 'person_allocations.worker_id', 'person_allocations.allocated_at', 'staff_users.display_name as worker_name'])
    .where('person_allocations.person_id', '=', personId)
    .where('person_allocations.ended_at', 'is', null)
    .executeTakeFirst();
}

/** Every allocation of the person, newest first, with who made it. */
export async function allocationHistory(db: Executor, personId: string) {
  return db
    .selectFrom('person_allocations')
    .innerJoin('staff_users as worker', 'worker.id', 'person_allocations.worker_id')
    .innerJoin('staff_users as by', 'by.id', 'person_allocations.allocated_by')
    .select(['person_allocations.id', 'person_allocations.allocated_at', 'person_allocations.ended_at', 'person_allocations.ended_reason', 'worker.display_name as worker_name', 'by.display_name as allocated_by_name'])
    .where('person_allocations.person_id', '=', personId)
    .orderBy('person_allocations.allocated_at', 'desc')
    .execute();
}

export async function endAllocation(db: Executor, personId: string, reason: string) {
  await db.updateTable('person_allocations').set({ ended_at: new Date(), ended_reason: reason }).where('person_id', '=', personId).where('ended_at', 'is', null).execute();
}

export async function insertAllocation(db: Executor, a: { personId: string; workerId: string; teamId: string; by: string }) {
  await db.insertInto('person_allocations').values({ person_id: a.personId, worker_id: a.workerId, team_id: a.teamId, allocated_by: a.by }).execute();
}

/** The active casework staff of a team: who a person there can be allocated to. */
export async function workersOf(db: Executor, teamId: string) {
  return db
    .selectFrom('staff_users')
    .innerJoin('staff_user_teams', 'staff_user_teams.user_id', 'staff_users.id')
    .select(['staff_users.id', 'staff_users.display_name', 'staff_users.role'])
    .where('staff_user_teams.team_id', '=', teamId)
    .where('staff_users.active', '=', true)
    .where('staff_users.role', 'in', ['social-worker', 'team-manager'])
    .orderBy('staff_users.display_name')
    .execute();
}

/** How many open records each worker of the teams holds (workers with none included). */
export async function caseloadsOf(db: Executor, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('staff_users')
    .innerJoin('staff_user_teams', 'staff_user_teams.user_id', 'staff_users.id')
    .innerJoin('teams', 'teams.id', 'staff_user_teams.team_id')
    .leftJoin('person_allocations', (join) => join.onRef('person_allocations.worker_id', '=', 'staff_users.id').onRef('person_allocations.team_id', '=', 'teams.id').on('person_allocations.ended_at', 'is', null))
    .select(['staff_users.id', 'staff_users.display_name', 'teams.id as team_id', 'teams.name as team_name', sql<number>`count(person_allocations.id)::int`.as('people')])
    .where('staff_user_teams.team_id', 'in', [...teamIds])
    .where('staff_users.active', '=', true)
    .where('staff_users.role', 'in', ['social-worker', 'team-manager'])
    .groupBy(['staff_users.id', 'staff_users.display_name', 'teams.id', 'teams.name'])
    .orderBy('teams.name')
    .orderBy('staff_users.display_name')
    .execute();
}

/** Open records in the teams with no allocated worker, oldest first, a page at a time. */
export async function unallocatedPeople(db: Executor, teamIds: readonly string[], page: { limit: number; offset: number }) {
  if (teamIds.length === 0) return { people: [], total: 0 };
  const base = db
    .selectFrom('people')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .where('people.team_id', 'in', [...teamIds])
    .where('people.closed_on', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('person_allocations').select('person_allocations.id').whereRef('person_allocations.person_id', '=', 'people.id').where('person_allocations.ended_at', 'is', null))));
  const [people, count] = await Promise.all([
    base.select(['people.id', 'people.reference', 'people.given_name', 'people.family_name', 'people.created_at', 'teams.name as team_name']).orderBy('people.created_at').orderBy('people.id').limit(page.limit).offset(page.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { people, total: Number(count.total) };
}

/** The open records allocated to a worker, by name. */
export async function peopleAllocatedTo(db: Executor, workerId: string) {
  return db
    .selectFrom('person_allocations')
    .innerJoin('people', 'people.id', 'person_allocations.person_id')
    .select(['people.id', 'people.reference', 'people.given_name', 'people.family_name', 'people.team_id', 'person_allocations.allocated_at'])
    .where('person_allocations.worker_id', '=', workerId)
    .where('person_allocations.ended_at', 'is', null)
    .where('people.closed_on', 'is', null)
    .orderBy('people.family_name')
    .orderBy('people.given_name')
    .execute();
}

export async function insertCaseNote(db: Executor, note: { personId: string; kind: CaseNoteKind; happenedAt: Date; withWhom: string | null; whatHappened: string; decided: string | null; correctsNoteId: string | null; writtenBy: string }) {
  return db
    .insertInto('case_notes')
    .values({ person_id: note.personId, kind: note.kind, happened_at: note.happenedAt, with_whom: note.withWhom, what_happened: note.whatHappened, decided: note.decided, corrects_note_id: note.correctsNoteId, written_by: note.writtenBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function caseNoteById(db: Executor, id: string) {
  return db.selectFrom('case_notes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person's case notes, newest first, with who wrote them and the documents added with them. */
export async function caseNotesOf(db: Executor, personId: string) {
  return db
    .selectFrom('case_notes')
    .innerJoin('staff_users', 'staff_users.id', 'case_notes.written_by')
    .select(['case_notes.id', 'case_notes.kind', 'case_notes.happened_at', 'case_notes.with_whom', 'case_notes.what_happened', 'case_notes.decided', 'case_notes.corrects_note_id', 'case_notes.written_at', 'staff_users.display_name as written_by_name'])
    .where('case_notes.person_id', '=', personId)
    .orderBy('case_notes.happened_at', 'desc')
    .orderBy('case_notes.written_at', 'desc')
    .execute();
}

export async function insertCaseDocument(db: Executor, d: { personId: string; caseNoteId: string | null; kind: CaseDocumentKind; title: string; mediaType: string; content: Buffer; sha256: string; virusScan: 'clean' | 'not-configured'; uploadedBy: string }) {
  return db
    .insertInto('case_documents')
    .values({ person_id: d.personId, case_note_id: d.caseNoteId, kind: d.kind, title: d.title, media_type: d.mediaType, bytes: d.content.length, sha256: d.sha256, content: d.content, virus_scan: d.virusScan, uploaded_by: d.uploadedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The person's documents without their content, newest first. */
export async function caseDocumentsOf(db: Executor, personId: string) {
  return db
    .selectFrom('case_documents')
    .innerJoin('staff_users', 'staff_users.id', 'case_documents.uploaded_by')
    .select(['case_documents.id', 'case_documents.case_note_id', 'case_documents.kind', 'case_documents.title', 'case_documents.media_type', 'case_documents.bytes', 'case_documents.virus_scan', 'case_documents.uploaded_at', 'staff_users.display_name as uploaded_by_name'])
    .where('case_documents.person_id', '=', personId)
    .orderBy('case_documents.uploaded_at', 'desc')
    .execute();
}

export async function caseDocumentFile(db: Executor, id: string) {
  return db.selectFrom('case_documents').select(['id', 'person_id', 'title', 'media_type', 'content']).where('id', '=', id).executeTakeFirst();
}

export async function insertTransfer(db: Executor, t: { personId: string; fromTeamId: string; toTeamId: string; reason: string; by: string }) {
  await db.insertInto('team_transfers').values({ person_id: t.personId, from_team_id: t.fromTeamId, to_team_id: t.toTeamId, reason: t.reason, transferred_by: t.by }).execute();
}

export async function transfersOf(db: Executor, personId: string) {
  return db
    .selectFrom('team_transfers')
    .innerJoin('teams as from_team', 'from_team.id', 'team_transfers.from_team_id')
    .innerJoin('teams as to_team', 'to_team.id', 'team_transfers.to_team_id')
    .innerJoin('staff_users', 'staff_users.id', 'team_transfers.transferred_by')
    .select(['team_transfers.id', 'team_transfers.reason', 'team_transfers.transferred_at', 'from_team.name as from_team', 'to_team.name as to_team', 'staff_users.display_name as by_name'])
    .where('team_transfers.person_id', '=', personId)
    .orderBy('team_transfers.transferred_at', 'desc')
    .execute();
}

export async function allTeams(db: Executor) {
  return db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
}

export async function insertOutOfTeamAccess(db: Executor, a: { personId: string; userId: string; teamId: string; reason: string; expiresAt: Date }) {
  await db.insertInto('out_of_team_access').values({ person_id: a.personId, user_id: a.userId, team_id: a.teamId, reason: a.reason, expires_at: a.expiresAt }).execute();
}

/** A record found by its exact reference or NHS number, in any team: only what a duty worker needs to choose it. */
export async function findAnyPerson(db: Executor, term: { reference?: string; nhsNumber?: string }) {
  let query = db.selectFrom('people').innerJoin('teams', 'teams.id', 'people.team_id').select(['people.id', 'people.reference', 'people.given_name', 'people.family_name', 'people.date_of_birth', 'people.team_id', 'people.closed_on', 'teams.name as team_name']);
  if (term.reference) query = query.where('people.reference', '=', term.reference);
  else if (term.nhsNumber) query = query.where('people.nhs_number', '=', term.nhsNumber);
  else return undefined;
  return query.executeTakeFirst();
}

/** Out-of-team opening of the teams' people, newest first, a page at a time. */
export async function outOfTeamAccessTo(db: Executor, teamIds: readonly string[], page: { limit: number; offset: number }) {
  if (teamIds.length === 0) return { rows: [], total: 0 };
  const base = db.selectFrom('out_of_team_access').where('out_of_team_access.team_id', 'in', [...teamIds]);
  const [rows, count] = await Promise.all([
    base
      .innerJoin('people', 'people.id', 'out_of_team_access.person_id')
      .innerJoin('staff_users', 'staff_users.id', 'out_of_team_access.user_id')
      .innerJoin('teams', 'teams.id', 'out_of_team_access.team_id')
      .select(['out_of_team_access.id', 'out_of_team_access.reason', 'out_of_team_access.opened_at', 'out_of_team_access.expires_at', 'people.id as person_id', 'people.given_name', 'people.family_name', 'people.reference', 'staff_users.display_name as opened_by', 'staff_users.email as opened_by_email', 'teams.name as team_name'])
      .orderBy('out_of_team_access.opened_at', 'desc')
      .orderBy('out_of_team_access.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** Out-of-team openings of the teams' people in the last days: the managers' home notice. */
export async function recentOutOfTeamAccess(db: Executor, teamIds: readonly string[], since: Date) {
  if (teamIds.length === 0) return 0;
  const row = await db.selectFrom('out_of_team_access').select(sql<number>`count(*)::int`.as('n')).where('team_id', 'in', [...teamIds]).where('opened_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The person's direct payment accounts, for their timeline. */
export async function agreementsOfPerson(db: Executor, personId: string) {
  return db.selectFrom('dp_agreements').select(['id', 'reference', 'start_on', 'end_on', 'net_weekly_pence']).where('person_id', '=', personId).execute();
}
