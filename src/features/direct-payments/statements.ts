import { randomUUID } from 'node:crypto';
import type { DpAgreement, StatementLine } from '../../db/schema.js';
import { addDays } from '../../domain/directory/checks.js';
import { type Flag, type PlanPayee, councilPaymentWindow, flagsAfterOfficerMatch, matchTransaction } from '../../domain/direct-payments/matching.js';
import { ValidationError } from '../../errors.js';
import type { Context, Executor } from '../../web/route.js';
import type { StaffActor } from '../../policies/index.js';
import { readCsv } from '../../batch/csv.js';
import { exactHeader, scanCsv, wholeNumber } from '../analytics/files.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import type { HouseholdRelative } from '../../domain/direct-payments/household.js';
import { householdRelativesOf } from '../people/repository.js';
import { planLinesOf } from '../support-plans/repository.js';
import { allAgreements, councilPaymentMatching, insertStatementLineOnce, postMovement, returnedReclaimMatching, setStatementLineMatch } from './repository.js';

export const STATEMENT_COLUMNS = ['account_ref', 'transaction_id', 'posted_on', 'amount_pence', 'counterparty', 'description', 'merchant_category_code'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (d: string) => ISO_DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** Who the plan pays, for matching its spending: the plan's names for each line. */
export async function payeesOf(db: Executor, agreement: DpAgreement): Promise<PlanPayee[]> {
  const plan = await planLinesOf(db, agreement.plan_id);
  return plan.lines.map((l) => ({ lineId: l.id, description: l.description, names: [l.providerName], organisation: l.providerKind === 'organisation', paysRelativeInHousehold: l.paysRelativeInHousehold, relativeDecision: Boolean(l.relativeDecision) }));
}

type Row = { accountRef: string; transactionId: string; postedOn: string; amountPence: number; counterparty: string; description: string; mcc: string | null };

const rowOf = (f: string[]): Row => {
  const [accountRef, transactionId, postedOn, amountText, counterparty, description, mcc] = f as [string, string, string, string, string, string, string];
  return { accountRef, transactionId, postedOn, amountPence: Number(amountText), counterparty, description, mcc: mcc || null };
};

/** The rows of a file already checked, read again from disk: never all in memory at once. */
async function* rowsOf(file: string): AsyncGenerator<Row> {
  let header = true;
  for await (const batch of readCsv(file)) {
    for (const record of batch) {
      if (header) {
        header = false;
        continue;
      }
      yield rowOf(record.fields);
    }
  }
}

/**
 * Imports an account statement in two passes over the file on disk: the first checks every row
 * and refuses the file whole if any is bad (naming the first problems, counting the rest),
 * holding nothing but the transaction ids seen; the second, in one transaction, adds the rows not
 * seen before, matches them to the plan, flags them and posts their spending to the ledger.
 * Re-importing adds nothing. The file is checked before the transaction opens, so a large file
 * never holds the database while it is read.
 */
/** Who imports a statement: a member of staff, or a registered system through the API (ADR 0021). */
export type StatementImporter = { staff: StaffActor } | { client: { id: string; name: string } };

export async function importStatement(ctx: { db: Executor; today: string; actor?: StaffActor }, file: string, by: StatementImporter = { staff: ctx.actor! }) {
  const importedBy = 'staff' in by ? { staff: by.staff.id } : { client: by.client.id };
  const auditAs = 'staff' in by ? auditActor(by.staff) : { id: by.client.id, label: `api-client:${by.client.name}` };
  const agreements = new Map((await allAgreements(ctx.db)).map((a) => [a.reference, a]));
  const seen = new Set<string>();
  let rowCount = 0;
  await scanCsv(file, exactHeader(STATEMENT_COLUMNS), (f, line, problems) => {
    const before = problems.length;
    const [accountRef, transactionId, postedOn, amountText, , , mcc] = f as [string, string, string, string, string, string, string];
    if (!agreements.has(accountRef)) problems.push({ line, column: 'account_ref', message: `"${accountRef.slice(0, 40)}" is not a direct payment account reference` });
    if (!transactionId) problems.push({ line, column: 'transaction_id', message: 'is empty' });
    else if (seen.has(`${accountRef}|${transactionId}`)) problems.push({ line, column: 'transaction_id', message: `"${transactionId.slice(0, 40)}" appears more than once for this account` });
    if (!realDate(postedOn)) problems.push({ line, column: 'posted_on', message: `"${postedOn.slice(0, 40)}" is not a date like 2026-04-01` });
    else if (postedOn > ctx.today) problems.push({ line, column: 'posted_on', message: `${postedOn} is after today: a statement can only hold what has happened` });
    else if (agreements.has(accountRef) && postedOn < agreements.get(accountRef)!.start_on) {
      problems.push({ line, column: 'posted_on', message: `${postedOn} is before ${accountRef} started on ${agreements.get(accountRef)!.start_on}: check it is the right account` });
    }
    const amount = wholeNumber(amountText, Number.MIN_SAFE_INTEGER);
    if (amount === null || amount === 0) problems.push({ line, column: 'amount_pence', message: `"${amountText.slice(0, 40)}" is not a whole number of pence other than 0` });
    if (mcc !== '' && !/^\d{4}$/.test(mcc)) problems.push({ line, column: 'merchant_category_code', message: `"${mcc.slice(0, 40)}" is not a 4-digit merchant category code` });
    if (problems.length === before) {
      seen.add(`${accountRef}|${transactionId}`);
      rowCount++;
    }
  });
  seen.clear();
  return ctx.db.transaction().execute(async (trx) => {
    const payees = new Map<string, PlanPayee[]>();
    const relatives = new Map<string, HouseholdRelative[]>();
    let added = 0;
    let flagged = 0;
    let unmatched = 0;
    for await (const row of rowsOf(file)) {
      const agreement = agreements.get(row.accountRef)!;
      if (!payees.has(agreement.id)) {
        payees.set(agreement.id, await payeesOf(trx, agreement));
        relatives.set(agreement.id, await householdRelativesOf(trx, agreement.person_id));
      }
      let matchedBy: 'payee' | 'council-payment' | 'reclaim-return' | 'none' = 'none';
      let reclaimId: string | null = null;
      let lineId: string | null = null;
      let flags: Flag[] = [];
      let paymentId: string | null = null;
      if (row.amountPence > 0) {
        const payment = await councilPaymentMatching(trx, agreement.id, row.amountPence, councilPaymentWindow(row.postedOn, addDays));
        if (payment) {
          matchedBy = 'council-payment';
          paymentId = payment.id;
        }
      } else {
        // Money sent back to the council for a reclaim recorded as returned is that reclaim, not spending.
        const returned = await returnedReclaimMatching(trx, agreement.id, -row.amountPence, row.postedOn);
        if (returned) {
          matchedBy = 'reclaim-return';
          reclaimId = returned.id;
        } else {
          const match = matchTransaction(row, payees.get(agreement.id)!, relatives.get(agreement.id)!);
          lineId = match.lineId;
          flags = match.flags;
          matchedBy = lineId ? 'payee' : 'none';
        }
      }
      const inserted = await insertStatementLineOnce(trx, { agreementId: agreement.id, ...row, planLineId: lineId, matchedBy, paymentId, reclaimId, flags, importedBy });
      if (!inserted) continue;
      added++;
      if (flags.length) flagged++;
      if (row.amountPence < 0 && !lineId && matchedBy !== 'reclaim-return') unmatched++;
      // Money paid out is spending; money in that is not the council's payment is a refund (negative
      // spending). The council's payments and reclaims returned are in the ledger already.
      if (matchedBy !== 'council-payment' && matchedBy !== 'reclaim-return') await postMovement(trx, { agreementId: agreement.id, postedOn: row.postedOn, kind: 'spend', amountPence: -row.amountPence, source: `statement:${inserted.id}`, planLineId: lineId });
    }
    await recordAudit(trx, auditAs, { action: 'statement.imported', subjectType: 'statement', subjectId: randomUUID(), after: { rows: rowCount, added, flagged, unmatched } });
    return { rows: rowCount, added, alreadyImported: rowCount - added, flagged, unmatched };
  });
}

/** An officer matches a transaction to a plan line (or says it matches none). The ledger is untouched. */
export async function matchStatementLine(ctx: Context, found: { line: StatementLine; agreement: DpAgreement }, lineId: string | null) {
  const payees = await payeesOf(ctx.db, found.agreement);
  if (lineId && !payees.some((p) => p.lineId === lineId)) throw new ValidationError([{ field: 'line', message: 'Choose a line of the plan' }]);
  await setStatementLineMatch(ctx.db, found.line.id, lineId, flagsAfterOfficerMatch(found.line.flags as Flag[], lineId, found.line.merchant_category_code));
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'statement.matched', subjectType: 'statement-line', subjectId: found.line.id, personId: found.agreement.person_id, before: { plan_line_id: found.line.plan_line_id }, after: { plan_line_id: lineId } });
}
