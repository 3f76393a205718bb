import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database, Person, Review } from '../../db/schema.js';
import { annualReviewAfter } from '../../domain/planning/journey.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { type StaffActor, has } from '../../policies/index.js';
import { inTeamWith } from '../../policies/people.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { isUuid } from '../people/repository.js';

export interface ReviewRecord {
  review: Review;
  person: Person;
  planNumber: number;
}

export interface ReviewInput {
  reviewedOn: string;
  working: string;
  notWorking: string | null;
  outcomesAchieved: string;
  result: 'no-change' | 'plan-revision' | 'reassessment';
}

/**
 * Reviews are scheduled when a plan is agreed (see the planning domain) and recorded here. A
 * review records what is working, what is not and the outcomes achieved, and ends in no change,
 * a plan revision or a reassessment. A review never changes a budget: a revision is a new draft
 * plan that goes through sign-off like any other.
 */
export function createReviewService(db: Kysely<Database>, startRevision: (trx: Transaction<Database>, actor: StaffActor, person: Person) => Promise<{ id: string }>) {
  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => db.transaction().execute(fn);

  async function accessible(trx: Kysely<Database>, actor: StaffActor, id: string, purpose: 'read' | 'write'): Promise<ReviewRecord> {
    if (!isUuid(id)) throw new NotFoundError('review');
    const review = await trx.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
    if (!review) throw new NotFoundError('review');
    const person = await trx.selectFrom('people').selectAll().where('id', '=', review.person_id).executeTakeFirstOrThrow();
    const allowed = purpose === 'write' ? inTeamWith(actor, 'people:write', person) && has(actor, 'plans:write') : inTeamWith(actor, 'people:read', person);
    if (!allowed) throw new NotFoundError('review');
    const plan = await trx.selectFrom('support_plans').select('plan_number').where('id', '=', review.plan_id).executeTakeFirstOrThrow();
    return { review, person, planNumber: plan.plan_number };
  }

  return {
    /** Refuses (not found) unless the actor may record this review: for the form's POST, before reading the form. */
    async access(actor: StaffActor, id: string): Promise<ReviewRecord> {
      return accessible(db, actor, id, 'write');
    },

    async view(actor: StaffActor, id: string): Promise<ReviewRecord> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'read');
        await recordAudit(trx, auditActor(actor), { action: 'review.viewed', subjectType: 'review', subjectId: id, personId: record.person.id });
        return record;
      });
    },

    /** Records a review. An annual review (or any review, if no annual one is waiting) schedules the next within 12 months. */
    async record(actor: StaffActor, id: string, version: number, input: ReviewInput): Promise<{ revisionId: string | null }> {
      return tx(async (trx) => {
        const { review, person } = await accessible(trx, actor, id, 'write');
        if (review.status !== 'scheduled') throw new ConflictError('This review has already been recorded or was cancelled');
        if (person.closed_on) throw new ConflictError('This record is closed');
        const updated = await trx
          .updateTable('reviews')
          .set({
            status: 'completed',
            reviewed_on: input.reviewedOn,
            working: input.working,
            not_working: input.notWorking,
            outcomes_achieved: input.outcomesAchieved,
            result: input.result,
            recorded_at: new Date(),
            recorded_by: actor.id,
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .where('version', '=', version)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new ConflictError('Someone else recorded this review while you were working on it');
        const annualWaiting = await trx.selectFrom('reviews').select('id').where('person_id', '=', person.id).where('status', '=', 'scheduled').where('kind', '=', 'annual').executeTakeFirst();
        if (review.kind === 'annual' || !annualWaiting) {
          const next = annualReviewAfter(input.reviewedOn);
          await trx.insertInto('reviews').values({ person_id: person.id, plan_id: review.plan_id, kind: 'annual', due_from: next.dueFrom, due_by: next.dueBy }).execute();
        }
        const revision = input.result === 'plan-revision' ? await startRevision(trx, actor, person) : null;
        await recordAudit(trx, auditActor(actor), {
          action: 'review.recorded',
          subjectType: 'review',
          subjectId: id,
          personId: person.id,
          after: { kind: review.kind, reviewed_on: input.reviewedOn, result: input.result, revision_id: revision?.id ?? null },
        });
        return { revisionId: revision?.id ?? null };
      });
    },

    /** A person's reviews, soonest first, for their page. */
    async forPerson(actor: StaffActor, person: Person) {
      if (!inTeamWith(actor, 'people:read', person)) throw new NotFoundError('person');
      return db.selectFrom('reviews').selectAll().where('person_id', '=', person.id).where('status', '<>', 'cancelled').orderBy('due_by', 'desc').execute();
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
