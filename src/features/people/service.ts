import type { Kysely, Transaction } from 'kysely';
import type { Database, Person } from '../../db/schema.js';
import { parseNhsNumber } from '../../domain/people/nhs-number.js';
import { parsePostcode } from '../../domain/people/postcode.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { inTeamWith } from '../../policies/people.js';
import { auditActor, personHistory, recordAudit } from '../audit/audit-trail.js';
import * as people from './repository.js';
import type { PersonForm } from './schemas.js';

export const PAGE_SIZE = 25;

/** Only the fields that changed, before and after: what the audit trail records for an edit. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if ((before[key] ?? null) !== (after[key] ?? null)) {
      was[key] = before[key] ?? null;
      now[key] = after[key] ?? null;
    }
  }
  return { before: was, after: now };
}

/** Turns what a member of staff typed in the search box into what to look for. */
export function interpretSearch(query: string): people.SearchTerm {
  const trimmed = query.trim();
  if (/^[0-9][0-9 -]{8,}[0-9]$/.test(trimmed)) {
    const nhs = parseNhsNumber(trimmed);
    if (nhs.ok) return { kind: 'nhs-number', value: nhs.value };
    return { kind: 'nhs-number', value: trimmed.replace(/[^0-9]/g, '') };
  }
  if (/^AC-?[0-9]+$/i.test(trimmed)) return { kind: 'reference', value: trimmed.toUpperCase().replace(/^AC-?/, 'AC-') };
  const postcode = parsePostcode(trimmed);
  if (postcode.ok) return { kind: 'postcode', value: postcode.value };
  if (/^[A-Z]{1,2}[0-9][0-9A-Z]?$/i.test(trimmed)) return { kind: 'postcode', value: trimmed.toUpperCase() };
  return { kind: 'name', words: trimmed.split(/\s+/).filter(Boolean) };
}

export function createPeopleService(db: Kysely<Database>) {
  async function inTransaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return db.transaction().execute(fn);
  }

  /** The person if the actor may act on them this way; otherwise not found, whether or not they exist. */
  async function personFor(trx: Kysely<Database>, actor: StaffActor, id: string, ability: 'people:read' | 'people:write' | 'people:history'): Promise<Person> {
    if (!has(actor, ability)) throw new ForbiddenError();
    const person = await people.findPersonInTeams(trx, id, actor.teamIds);
    if (!person || !inTeamWith(actor, ability, person)) throw new NotFoundError('person');
    return person;
  }

  return {
    async list(actor: StaffActor, options: { page: number; includeClosed: boolean }) {
      if (!has(actor, 'people:read')) throw new ForbiddenError();
      const page = Math.max(1, options.page);
      const result = await people.listPeople(db, actor.teamIds, {
        includeClosed: options.includeClosed,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return { ...result, page, pageSize: PAGE_SIZE };
    },

    /** The teams a member of staff works in, for choosing a person's team. */
    async teamsOf(actor: StaffActor) {
      if (actor.teamIds.length === 0) return [];
      return db.selectFrom('teams').select(['id', 'name']).where('id', 'in', actor.teamIds).orderBy('name').execute();
    },

    async search(actor: StaffActor, query: string) {
      if (!has(actor, 'people:read')) throw new ForbiddenError();
      const term = interpretSearch(query);
      return inTransaction(async (trx) => {
        const found = await people.searchPeople(trx, actor.teamIds, term);
        await recordAudit(trx, auditActor(actor), {
          action: 'people.searched',
          subjectType: 'search',
          subjectId: term.kind,
          after: { query, results: found.map((p) => p.id) },
        });
        return found;
      });
    },

    /** Opening a person's record is itself recorded. */
    async view(actor: StaffActor, id: string) {
      return inTransaction(async (trx) => {
        const person = await personFor(trx, actor, id, 'people:read');
        const [representatives, carerLinks] = await Promise.all([people.representativesOf(trx, id), people.carerLinksOf(trx, id)]);
        await recordAudit(trx, auditActor(actor), { action: 'person.viewed', subjectType: 'person', subjectId: id, personId: id });
        return { person, representatives, carerLinks };
      });
    },

    /** The record for an edit form: a read like any other. */
    async forEdit(actor: StaffActor, id: string) {
      return inTransaction(async (trx) => {
        const person = await personFor(trx, actor, id, 'people:write');
        await recordAudit(trx, auditActor(actor), { action: 'person.viewed', subjectType: 'person', subjectId: id, personId: id });
        return person;
      });
    },

    async create(actor: StaffActor, form: PersonForm): Promise<Person> {
      if (!has(actor, 'people:write') || !actor.teamIds.includes(form.team_id)) throw new ForbiddenError();
      return inTransaction(async (trx) => {
        await assertNhsNumberFree(trx, form.nhs_number, null);
        const person = await people.insertPerson(trx, { ...form, updated_at: new Date() });
        await recordAudit(trx, auditActor(actor), {
          action: 'person.created',
          subjectType: 'person',
          subjectId: person.id,
          personId: person.id,
          after: form,
        });
        return person;
      });
    },

    async update(actor: StaffActor, id: string, version: number, form: PersonForm): Promise<Person> {
      return inTransaction(async (trx) => {
        const current = await personFor(trx, actor, id, 'people:write');
        if (!actor.teamIds.includes(form.team_id)) throw new ValidationError([{ field: 'team_id', message: 'Select the team responsible for this person' }]);
        if (current.version !== version) throw new ConflictError();
        await assertNhsNumberFree(trx, form.nhs_number, id);
        const updated = await people.updatePersonAtVersion(trx, id, version, form);
        if (!updated) throw new ConflictError();
        const diff = changedFields(current, { ...form });
        await recordAudit(trx, auditActor(actor), { action: 'person.updated', subjectType: 'person', subjectId: id, personId: id, ...diff });
        return updated;
      });
    },

    /** Records are never deleted: they are closed with a date and a reason. */
    async close(actor: StaffActor, id: string, version: number, reason: string, today: string): Promise<Person> {
      return inTransaction(async (trx) => {
        const current = await personFor(trx, actor, id, 'people:write');
        if (current.closed_on) throw new ConflictError('This record is already closed');
        if (current.version !== version) throw new ConflictError();
        const updated = await people.updatePersonAtVersion(trx, id, version, { closed_on: today, closure_reason: reason });
        if (!updated) throw new ConflictError();
        await recordAudit(trx, auditActor(actor), {
          action: 'person.closed',
          subjectType: 'person',
          subjectId: id,
          personId: id,
          before: { closed_on: null, closure_reason: null },
          after: { closed_on: today, closure_reason: reason },
          reason,
        });
        return updated;
      });
    },

    async addRepresentative(
      actor: StaffActor,
      personId: string,
      representative: { kind: string; name: string; relationship: string | null; phone: string | null; email: string | null; address: string | null },
    ) {
      return inTransaction(async (trx) => {
        await personFor(trx, actor, personId, 'people:write');
        const row = await trx
          .insertInto('representatives')
          .values({ ...representative, kind: representative.kind as never, person_id: personId })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), {
          action: 'representative.added',
          subjectType: 'representative',
          subjectId: row.id,
          personId,
          after: representative,
        });
        return row;
      });
    },

    async endRepresentative(actor: StaffActor, personId: string, representativeId: string, reason: string, today: string) {
      return inTransaction(async (trx) => {
        await personFor(trx, actor, personId, 'people:write');
        const ended = await trx
          .updateTable('representatives')
          .set({ ended_on: today, ended_reason: reason })
          .where('id', '=', people.isUuid(representativeId) ? representativeId : '00000000-0000-0000-0000-000000000000')
          .where('person_id', '=', personId)
          .where('ended_on', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!ended) throw new NotFoundError('representative');
        await recordAudit(trx, auditActor(actor), {
          action: 'representative.ended',
          subjectType: 'representative',
          subjectId: representativeId,
          personId,
          after: { ended_on: today },
          reason,
        });
      });
    },

    /** Links an unpaid carer, who has a record of their own, to the person they care for. */
    async linkCarer(actor: StaffActor, personId: string, carerReference: string, relationship: string | null) {
      return inTransaction(async (trx) => {
        await personFor(trx, actor, personId, 'people:write');
        const carer = await people.findPersonByReference(trx, carerReference, actor.teamIds);
        if (!carer) {
          throw new ValidationError([{ field: 'carer_reference', message: 'No carer with that reference was found in your teams' }]);
        }
        if (carer.id === personId) throw new ValidationError([{ field: 'carer_reference', message: 'A person cannot be their own carer' }]);
        if (carer.client_type !== 'Carer') {
          throw new ValidationError([
            { field: 'carer_reference', message: `${carer.reference} is not recorded as a carer. Change their client type to Carer first` },
          ]);
        }
        const existing = await trx
          .selectFrom('carer_links')
          .select('id')
          .where('cared_for_person_id', '=', personId)
          .where('carer_person_id', '=', carer.id)
          .where('ended_on', 'is', null)
          .executeTakeFirst();
        if (existing) throw new ValidationError([{ field: 'carer_reference', message: `${carer.reference} is already linked as a carer` }]);
        const link = await trx
          .insertInto('carer_links')
          .values({ cared_for_person_id: personId, carer_person_id: carer.id, relationship })
          .returningAll()
          .executeTakeFirstOrThrow();
        for (const subject of [personId, carer.id]) {
          await recordAudit(trx, auditActor(actor), {
            action: 'carer-link.added',
            subjectType: 'carer-link',
            subjectId: link.id,
            personId: subject,
            after: { cared_for_person_id: personId, carer_person_id: carer.id, relationship },
          });
        }
        return link;
      });
    },

    async endCarerLink(actor: StaffActor, personId: string, linkId: string, reason: string, today: string) {
      return inTransaction(async (trx) => {
        await personFor(trx, actor, personId, 'people:write');
        const ended = await trx
          .updateTable('carer_links')
          .set({ ended_on: today, ended_reason: reason })
          .where('id', '=', people.isUuid(linkId) ? linkId : '00000000-0000-0000-0000-000000000000')
          .where((eb) => eb.or([eb('cared_for_person_id', '=', personId), eb('carer_person_id', '=', personId)]))
          .where('ended_on', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!ended) throw new NotFoundError('carer link');
        for (const subject of [ended.cared_for_person_id, ended.carer_person_id]) {
          await recordAudit(trx, auditActor(actor), {
            action: 'carer-link.ended',
            subjectType: 'carer-link',
            subjectId: linkId,
            personId: subject,
            after: { ended_on: today },
            reason,
          });
        }
      });
    },

    async history(actor: StaffActor, id: string) {
      return inTransaction(async (trx) => {
        const person = await personFor(trx, actor, id, 'people:history');
        const entries = await personHistory(trx, id);
        await recordAudit(trx, auditActor(actor), { action: 'person.history-viewed', subjectType: 'person', subjectId: id, personId: id });
        return { person, entries };
      });
    },

    /** Counts only: what an analyst may see. */
    async aggregate(actor: StaffActor) {
      if (!has(actor, 'reports:read')) throw new ForbiddenError();
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
    },
  };
}

async function assertNhsNumberFree(trx: Kysely<Database>, nhsNumber: string | null, exceptId: string | null) {
  if (!nhsNumber) return;
  let query = trx.selectFrom('people').select('id').where('nhs_number', '=', nhsNumber);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) {
    throw new ValidationError([{ field: 'nhs_number', message: 'Another record already has this NHS number. Search for it before creating a new record' }]);
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>;
