import { type Kysely, sql } from 'kysely';
import type { Database, SafeguardingConcern } from '../../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { inTeamWith } from '../../policies/people.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { findPersonInTeams, isUuid } from '../people/repository.js';

export interface ConcernInput {
  raisedOn: string;
  concern: string;
  actionTaken: string;
}

/**
 * Safeguarding concerns on a person's record. Staff who can see the person see a banner with the
 * concern and the action taken while it is open. Every record, update and view is audited.
 */
export function createSafeguardingService(db: Kysely<Database>) {
  async function concernFor(actor: StaffActor, id: string) {
    if (!isUuid(id)) throw new NotFoundError('safeguarding concern');
    const concern = await db.selectFrom('safeguarding_concerns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!concern) throw new NotFoundError('safeguarding concern');
    const person = await findPersonInTeams(db, concern.person_id, actor.teamIds);
    if (!person || !inTeamWith(actor, 'people:write', person) || !has(actor, 'safeguarding:write')) throw new NotFoundError('safeguarding concern');
    return { concern, person };
  }

  return {
    /** Open concerns first, then closed ones: for the banner and the person's page. */
    async forPerson(actor: StaffActor, personId: string): Promise<SafeguardingConcern[]> {
      const person = await findPersonInTeams(db, personId, actor.teamIds);
      if (!person || !inTeamWith(actor, 'people:read', person)) return [];
      return db.selectFrom('safeguarding_concerns').selectAll().where('person_id', '=', personId).orderBy('status', 'desc').orderBy('raised_on', 'desc').execute();
    },

    async personFor(actor: StaffActor, personId: string) {
      if (!has(actor, 'safeguarding:write')) throw new ForbiddenError();
      const person = await findPersonInTeams(db, personId, actor.teamIds);
      if (!person || !inTeamWith(actor, 'people:write', person)) throw new NotFoundError('person');
      return person;
    },

    async record(actor: StaffActor, personId: string, input: ConcernInput) {
      const person = await this.personFor(actor, personId);
      return db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('safeguarding_concerns')
          .values({ person_id: person.id, raised_on: input.raisedOn, concern: input.concern, action_taken: input.actionTaken, recorded_by: actor.id, updated_at: new Date() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, auditActor(actor), { action: 'safeguarding.recorded', subjectType: 'safeguarding-concern', subjectId: created.id, personId: person.id, after: { raised_on: input.raisedOn } });
        return created;
      });
    },

    forUpdate: concernFor,

    /** Records further action, and closes the concern when it is resolved. */
    async update(actor: StaffActor, id: string, version: number, input: { actionTaken: string; closedOn: string | null }) {
      const { concern, person } = await concernFor(actor, id);
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('safeguarding_concerns')
          .set({ action_taken: input.actionTaken, status: input.closedOn ? 'closed' : 'open', closed_on: input.closedOn, updated_at: new Date(), version: sql`version + 1` })
          .where('id', '=', id)
          .where('version', '=', version)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw new ConflictError('Someone else updated this concern while you were working on it. Look at it again and make your change');
        await recordAudit(trx, auditActor(actor), {
          action: input.closedOn ? 'safeguarding.closed' : 'safeguarding.updated',
          subjectType: 'safeguarding-concern',
          subjectId: id,
          personId: person.id,
          before: { status: concern.status },
          after: { status: updated.status, closed_on: input.closedOn },
        });
        return updated;
      });
    },
  };
}

export type SafeguardingService = ReturnType<typeof createSafeguardingService>;
