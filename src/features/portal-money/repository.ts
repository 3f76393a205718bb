import { sql } from 'kysely';
import type { ReceiptType } from '../../domain/documents/receipt.js';
import type { Executor } from '../../web/route.js';

/** The transaction_explanations table, and the person's own direct payment accounts as My Selfdirect reads them. */

/** A person's direct payment accounts, newest first. */
export async function accountsOfPerson(db: Executor, personId: string) {
  return db.selectFrom('dp_agreements').selectAll().where('person_id', '=', personId).orderBy('start_on', 'desc').execute();
}

/** The person's latest agreed plan, for what the council arranges. */
export async function latestAgreedPlanOf(db: Executor, personId: string) {
  return db.selectFrom('support_plans').select(['id', 'lines', 'plan_number']).where('person_id', '=', personId).where('status', '=', 'agreed').orderBy('plan_number', 'desc').limit(1).executeTakeFirst();
}

export async function insertExplanation(db: Executor, e: { statementLineId: string; personId: string; explanation: string | null; receipt: { bytes: Buffer; type: ReceiptType } | null; byAccount: string; asLabel: string }) {
  return db
    .insertInto('transaction_explanations')
    .values({ statement_line_id: e.statementLineId, person_id: e.personId, explanation: e.explanation, receipt: e.receipt?.bytes ?? null, receipt_type: e.receipt?.type ?? null, receipt_bytes: e.receipt?.bytes.length ?? null, by_account: e.byAccount, as_label: e.asLabel })
    .returning(['id', 'explained_at'])
    .executeTakeFirstOrThrow();
}

/** The explanations of these transactions, without the receipts' bytes, oldest first. */
export async function explanationsOf(db: Executor, statementLineIds: string[]) {
  if (statementLineIds.length === 0) return [];
  return db
    .selectFrom('transaction_explanations')
    .select(['id', 'statement_line_id', 'explanation', 'receipt_type', 'receipt_bytes', 'as_label', 'explained_at'])
    .where('statement_line_id', 'in', statementLineIds)
    .orderBy('explained_at')
    .execute();
}

export async function receiptOf(db: Executor, explanationId: string) {
  return db.selectFrom('transaction_explanations').select(['id', 'person_id', 'receipt', 'receipt_type', 'statement_line_id']).where('id', '=', explanationId).where('receipt', 'is not', null).executeTakeFirst();
}

/** An account's flagged transactions, newest first: the person's page reads only these, not years of statements. */
export async function flaggedLinesOf(db: Executor, agreementId: string) {
  return db
    .selectFrom('statement_lines')
    .select(['id', 'posted_on', 'counterparty', 'amount_pence', 'flags'])
    .where('agreement_id', '=', agreementId)
    .where(sql<boolean>`cardinality(flags) > 0`)
    .orderBy('posted_on', 'desc')
    .orderBy('transaction_id', 'desc')
    .execute();
}
