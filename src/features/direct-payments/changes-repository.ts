import { sql } from 'kysely';
import type { EndedBecause } from '../../db/schema.js';
import type { Executor } from '../../web/route.js';
import { updateAtVersion } from '../../db/versioned.js';

/** A direct payment's changes through a person's life: the dp_variations table, and ending or varying an agreement. */

/** The person's direct payments still paying on or after a day (no end, or an end after it). */
export async function agreementsPayingAfter(db: Executor, personId: string, day: string) {
  return db
    .selectFrom('dp_agreements')
    .selectAll()
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', day)]))
    .orderBy('start_on')
    .execute();
}

/** The last day each agreement has been paid for. */
export async function paidThrough(db: Executor, agreementIds: string[]): Promise<Map<string, string>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db.selectFrom('dp_payments').select(['agreement_id', (eb) => eb.fn.max('period_end').as('through')]).where('agreement_id', 'in', agreementIds).where('final_reconciliation_id', 'is', null).groupBy('agreement_id').execute();
  return new Map(rows.map((r) => [r.agreement_id, String(r.through)]));
}

/** Ends an agreement on a day, at the version read: false when it changed first. */
export async function endAgreementAtVersion(db: Executor, id: string, version: number, endOn: string, because: EndedBecause): Promise<boolean> {
  const updated = await db.updateTable('dp_agreements').set({ end_on: endOn, ended_because: because, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function variationById(db: Executor, id: string) {
  return db.selectFrom('dp_variations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agreements' variations, oldest first. */
export async function variationsOf(db: Executor, agreementIds: string[]) {
  if (agreementIds.length === 0) return [];
  return db.selectFrom('dp_variations').selectAll().where('agreement_id', 'in', agreementIds).orderBy('from_on').execute();
}

export async function insertVariation(db: Executor, v: { agreementId: string; fromOn: string; planId: string; previousPlanId: string; netWeeklyPence: number; previousWeeklyPence: number; createdBy: string }) {
  return db
    .insertInto('dp_variations')
    .values({ agreement_id: v.agreementId, from_on: v.fromOn, plan_id: v.planId, previous_plan_id: v.previousPlanId, net_weekly_pence: v.netWeeklyPence, previous_weekly_pence: v.previousWeeklyPence, created_by: v.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves an agreement to its new plan and weekly amount, at the version read: false when it changed first. */
export async function varyAgreementAtVersion(db: Executor, id: string, version: number, planId: string, netWeeklyPence: number): Promise<boolean> {
  const updated = await db.updateTable('dp_agreements').set({ plan_id: planId, net_weekly_pence: netWeeklyPence, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Direct payments still paying whose person has a later agreed plan with no direct payment (support
 * moved to council-arranged, say): each is to be ended, not left paying.
 */
export function paymentsReplacedByPlansWithout(db: Executor) {
  // The person's latest agreed version (kept with their journey, migration 0036), flagged there when
  // it has no direct payment in it, nothing pays for it and an open account pays for an earlier
  // version (migration 0039); here, each such account.
  return db
    .selectFrom('dp_agreements as a')
    .innerJoin('person_journeys as j', 'j.person_id', 'a.person_id')
    .innerJoin('support_plans as current', 'current.id', 'a.plan_id')
    .innerJoin('support_plans as later', 'later.id', 'j.agreed_plan_id')
    .innerJoin('people', 'people.id', 'a.person_id')
    .select(['a.id', 'a.reference', 'people.given_name', 'people.family_name', 'later.id as plan_id', 'later.plan_number', 'later.agreed_on', 'later.statement'])
    .where('j.direct_payment_to_end', '=', true)
    .whereRef('later.plan_number', '>', 'current.plan_number')
    // An end already set (today or later) is the officer's decision: no longer listed.
    .where('a.end_on', 'is', null)
    .orderBy('j.agreed_on')
    .orderBy('a.id');
}

/**
 * Reconciliation: the council's payments into the account that no statement shows, though
 * statements have been imported for days well after them (the window for a payment to arrive):
 * each is an exception to resolve (a payment returned by the bank, a wrong card number).
 */
export async function paymentsNotOnStatements(db: Executor, agreementId: string, windowDays: number) {
  const latest = await db.selectFrom('statement_lines').select(sql<string | null>`max(posted_on)`.as('day')).where('agreement_id', '=', agreementId).executeTakeFirstOrThrow();
  if (!latest.day) return [];
  return db
    .selectFrom('dp_payments')
    .innerJoin('payment_runs', 'payment_runs.id', 'dp_payments.run_id')
    .select(['dp_payments.id', 'dp_payments.period_start', 'payment_runs.run_on', sql<number>`dp_payments.amount_pence + dp_payments.adjustment_pence - dp_payments.netted_pence`.as('paid_pence')])
    .where('dp_payments.agreement_id', '=', agreementId)
    .where(sql<boolean>`dp_payments.amount_pence + dp_payments.adjustment_pence - dp_payments.netted_pence > 0`)
    .where(sql<boolean>`payment_runs.run_on <= ${latest.day}::date - ${windowDays}::int`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('statement_lines').select('statement_lines.id').whereRef('statement_lines.dp_payment_id', '=', 'dp_payments.id'))))
    .orderBy('dp_payments.period_start')
    .execute();
}

export async function suspensionById(db: Executor, id: string) {
  return db.selectFrom('dp_suspensions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a suspension on a day (the day before payments resume), at the version the officer saw. */
export async function endSuspensionAtVersion(db: Executor, id: string, version: number, toOn: string) {
  return updateAtVersion(db, 'dp_suspensions', id, version, { to_on: toOn });
}
