import type { Executor } from '../../web/route.js';

/** The plan_agreements table: the person's answers to each agreed version of their plan, only ever added. */

export async function insertAgreement(db: Executor, a: { planId: string; personId: string; decision: 'agreed' | 'disagreed'; reasons: string | null; byAccount: string; asLabel: string }) {
  return db
    .insertInto('plan_agreements')
    .values({ plan_id: a.planId, person_id: a.personId, decision: a.decision, reasons: a.reasons, by_account: a.byAccount, as_label: a.asLabel })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The plan's standing with the person: their latest answer, if any. */
export async function latestAgreementOf(db: Executor, planId: string) {
  return db.selectFrom('plan_agreements').selectAll().where('plan_id', '=', planId).orderBy('decided_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}
