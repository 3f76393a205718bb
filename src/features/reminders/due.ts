import { sql } from 'kysely';
import type { Executor } from '../../web/route.js';

/**
 * What is coming up for people who use My Selfdirect: the queries of the daily reminders. Only
 * people with an account that can read the part the reminder is about are asked for (the rest
 * have nobody to tell), and nothing already reminded (`reminders_sent`).
 */

const hasReader = (part: 'plan' | 'money') =>
  sql<boolean>`EXISTS (SELECT 1 FROM portal_grants g WHERE g.person_id = p.id AND g.withdrawn_at IS NULL AND (g.representative_id IS NULL OR ${part} = ANY(g.parts)))`;
const notSent = (kind: string, subject: ReturnType<typeof sql.ref>) =>
  sql<boolean>`NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.kind = ${kind} AND r.subject_id = ${subject} AND r.person_id = p.id)`;

/** Scheduled reviews that can start by `until` and are not overdue. */
export async function reviewsComingUp(db: Executor, today: string, until: string) {
  return db
    .selectFrom('reviews as v')
    .innerJoin('people as p', 'p.id', 'v.person_id')
    .select(['v.id as subjectId', 'p.id as personId', 'v.due_by as dueOn'])
    .where('v.status', '=', 'scheduled')
    .where('v.due_from', '<=', until)
    .where('v.due_by', '>=', today)
    .where('p.closed_on', 'is', null)
    .where(hasReader('plan'))
    .where(notSent('review-due', sql.ref('v.id')))
    .orderBy('v.due_by')
    .execute();
}

/** Annual checks of direct payment accounts due by `until`, on accounts still paying. */
export async function auditsComingUp(db: Executor, today: string, until: string) {
  return db
    .selectFrom('dp_audits as a')
    .innerJoin('dp_agreements as d', 'd.id', 'a.agreement_id')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .select(['a.id as subjectId', 'p.id as personId', 'a.due_on as dueOn'])
    .where('a.status', '=', 'due')
    .where('a.due_on', '<=', until)
    .where('a.due_on', '>=', today)
    .where((eb) => eb.or([eb('d.end_on', 'is', null), eb('d.end_on', '>=', today)]))
    .where('p.closed_on', 'is', null)
    .where(hasReader('money'))
    .where(notSent('audit-due', sql.ref('a.id')))
    .orderBy('a.due_on')
    .execute();
}

/**
 * The people whose agreed plan pays a personal assistant through a direct payment, for each of
 * these directory entries: they employ them, so they are told when a check runs out.
 */
export async function employersOf(db: Executor, entryIds: string[]) {
  if (entryIds.length === 0) return [];
  return db
    .selectFrom('person_journeys as j')
    .innerJoin('support_plans as s', 's.id', 'j.agreed_plan_id')
    .innerJoin('people as p', 'p.id', 'j.person_id')
    .select(['p.id as personId', sql<string>`l.value ->> 'directoryEntryId'`.as('entryId')])
    .innerJoin(sql<{ line: unknown }>`jsonb_array_elements(s.lines)`.as('l'), (join) => join.onTrue())
    .where(sql<string>`l.value ->> 'directoryEntryId'`, 'in', entryIds)
    .where(sql<string>`l.value ->> 'management'`, 'in', ['direct-payment', 'indirect-payment'])
    .where('p.closed_on', 'is', null)
    .where(hasReader('money'))
    .execute();
}

/** Records a reminder as sent; false when it already was (another run got there first). */
export async function markSent(db: Executor, kind: 'review-due' | 'audit-due' | 'check-expiry', subjectId: string, personId: string, today: string): Promise<boolean> {
  const rows = await db.insertInto('reminders_sent').values({ kind, subject_id: subjectId, person_id: personId, sent_on: today }).onConflict((oc) => oc.doNothing()).returning('kind').execute();
  return rows.length === 1;
}
