import type { Insertable } from 'kysely';
import type { ConsentRecordsTable, PlanCopiesTable } from '../../db/schema-parts/casework.js';
import type { Executor } from '../../web/route.js';

/** consent_records and plan_copies: every query on them. The latest row of each stands. */
export async function latestConsentOf(db: Executor, personId: string) {
  return db.selectFrom('consent_records').innerJoin('staff_users', 'staff_users.id', 'consent_records.recorded_by').selectAll('consent_records').select('staff_users.display_name as recorded_by_name').where('person_id', '=', personId).orderBy('recorded_at', 'desc').limit(1).executeTakeFirst();
}

export async function insertConsent(db: Executor, row: Insertable<ConsentRecordsTable>) {
  return db.insertInto('consent_records').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function latestPlanCopyOf(db: Executor, planId: string) {
  return db.selectFrom('plan_copies').innerJoin('staff_users', 'staff_users.id', 'plan_copies.recorded_by').selectAll('plan_copies').select('staff_users.display_name as recorded_by_name').where('plan_id', '=', planId).orderBy('recorded_at', 'desc').limit(1).executeTakeFirst();
}

export async function insertPlanCopy(db: Executor, row: Insertable<PlanCopiesTable>) {
  return db.insertInto('plan_copies').values(row).returning('id').executeTakeFirstOrThrow();
}
