import { sql } from 'kysely';
import { type HistoryKind, actionPatternsOf } from '../../domain/audit/history.js';
import type { Executor } from '../../web/route.js';

/** A person's record history from the audit trail: filtered, a page at a time, with who did it by name. */
export interface HistoryFilter {
  changesOnly: boolean;
  kind: HistoryKind | null;
  from: string | null;
  to: string | null;
}

export async function personHistoryPage(db: Executor, personId: string, filter: HistoryFilter, page: { limit: number; offset: number }) {
  let base = db.selectFrom('audit_events').where('audit_events.person_id', '=', personId);
  if (filter.changesOnly) {
    // The reads: opening, viewing, searching (as isRead in src/domain/audit/history.ts says).
    for (const pattern of ['%viewed', '%.opened', '%searched%', '%listed', '%looked-up%']) base = base.where('audit_events.action', 'not like', pattern);
  }
  if (filter.kind) {
    const { prefixes, exact, excludeExact } = actionPatternsOf(filter.kind);
    base = base.where((eb) => eb.or([...prefixes.map((p) => eb('audit_events.action', 'like', `${p}%`)), ...(exact.length ? [eb('audit_events.action', 'in', exact)] : [])]));
    if (excludeExact.length) base = base.where('audit_events.action', 'not in', excludeExact);
  }
  if (filter.from) base = base.where('audit_events.occurred_at', '>=', sql<Date>`(${filter.from}::date::timestamp AT TIME ZONE 'Europe/London')`);
  if (filter.to) base = base.where('audit_events.occurred_at', '<', sql<Date>`((${filter.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London')`);
  const [entries, count] = await Promise.all([
    base
      .leftJoin('staff_users', 'staff_users.id', 'audit_events.actor_id')
      .leftJoin('portal_accounts', 'portal_accounts.id', 'audit_events.actor_id')
      .select(['audit_events.seq', 'audit_events.occurred_at', 'audit_events.actor', 'audit_events.action', 'audit_events.subject_type', 'audit_events.subject_id', 'audit_events.before', 'audit_events.after', 'audit_events.reason', 'staff_users.display_name as staff_name', 'portal_accounts.display_name as portal_name'])
      .orderBy('audit_events.seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { entries, total: Number(count.total) };
}
export type HistoryEntry = Awaited<ReturnType<typeof personHistoryPage>>['entries'][number];

/** The plan numbers of a person's plans, so "Agreed the support plan" can say which version. */
export async function planNumbersOf(db: Executor, personId: string) {
  const rows = await db.selectFrom('support_plans').select(['id', 'plan_number']).where('person_id', '=', personId).execute();
  return new Map(rows.map((r) => [r.id, r.plan_number]));
}
