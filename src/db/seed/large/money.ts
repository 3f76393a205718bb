import { type Kysely, type Transaction, sql } from 'kysely';
import { addDays } from '../../../domain/directory/checks.js';
import type { AuditRecord } from '../../../features/audit/audit-trail.js';
import type { Database } from '../../schema.js';
import { bulkInsert } from './bulk.js';
import type { HistoryRows } from './histories.js';
import type { SeededRandom } from './random.js';

/**
 * Direct payments at the size of the largest council: each account paid every four weeks by the
 * council-wide payment run, its statement showing the payment in and the personal assistant's
 * wages out, and the double-entry ledger of both (src/domain/direct-payments/ledger.ts: a payment
 * moves money from `council` to `account`, spending from `account` to `spend`). The accounts and
 * the plan versions they pay for are decided here; the millions of payments, statement lines and
 * ledger entries are made by the database from them in a few statements. Ids there are derived
 * from the rows they belong to, so the same seed gives the same accounts.
 */

export interface PayingPerson {
  personId: string;
  name: string;
  agreed: HistoryRows['agreedForPayment'];
}

/** The payment runs: every 28 days up to today, `periods` of them. */
export function runDates(today: string, periods: number): string[] {
  const first = addDays(today, -28 * (periods - 1));
  return Array.from({ length: periods }, (_, i) => addDays(first, 28 * i));
}

const firstRunFrom = (runs: string[], day: string) => runs.find((r) => r >= day) ?? null;

export async function seedDirectPayments(trx: Transaction<Database>, rnd: SeededRandom, input: { today: string; payers: PayingPerson[]; runs: string[]; financeId: string; audits: AuditRecord[]; progress?: (step: string) => void }) {
  const progress = input.progress ?? (() => {});
  const { runs, today, financeId } = input;
  const runRows = runs.map((runOn) => ({ id: rnd.uuid(), run_on: runOn, status: 'confirmed', created_by: financeId, confirmed_at: `${runOn}T12:00:00Z`, confirmed_by: financeId, created_at: `${runOn}T09:00:00Z` }));
  await bulkInsert(trx, 'payment_runs', runRows);
  const agreements: Record<string, unknown>[] = [];
  const variations: Record<string, unknown>[] = [];
  const audits: Record<string, unknown>[] = [];
  const segments: Record<string, unknown>[] = [];
  let reference = 1001;
  for (const payer of input.payers) {
    // Each version pays from the first run on or after its support starts (the earliest from the first run on record).
    const versions = payer.agreed.map((v) => ({ ...v, from: firstRunFrom(runs, v.supportStartsOn < runs[0]! ? runs[0]! : v.supportStartsOn) ?? addDays(runs.at(-1)!, 28) }));
    const startOn = versions[0]!.from;
    if (startOn > today) continue;
    const opening = versions.filter((v) => v.from <= startOn).at(-1)!;
    const later = versions.filter((v) => v.from > startOn);
    const id = rnd.uuid();
    const ref = `DP-${reference++}`;
    agreements.push({ id, reference: ref, person_id: payer.personId, plan_id: opening.planId, recipient_kind: 'person', recipient_name: payer.name, account_kind: 'prepaid-card', account_details: `CARD-${rnd.int(1000, 9999)}`, prepaid_card_choice: 'accepted', start_on: startOn, net_weekly_pence: opening.netWeeklyPence, frequency: 'four-weekly', contingency_pence: 0, created_by: financeId, created_at: `${startOn}T09:00:00Z` });
    audits.push({ action: 'direct-payment.agreed', subjectType: 'dp-agreement', subjectId: id, personId: payer.personId, after: { reference: ref } });
    let previous = opening;
    for (const v of later) {
      variations.push({ id: rnd.uuid(), agreement_id: id, from_on: v.from, plan_id: v.planId, previous_plan_id: previous.planId, net_weekly_pence: v.netWeeklyPence, previous_weekly_pence: previous.netWeeklyPence, created_by: financeId });
      previous = v;
    }
    const paid = [opening, ...later];
    paid.forEach((v, i) => segments.push({ agreement_id: id, account_ref: ref, from_on: v.from, to_on: paid[i + 1]?.from ?? null, net_weekly_pence: v.netWeeklyPence, assistant_line_id: v.assistantLineId, assistant_name: v.assistantName }));
  }
  await bulkInsert(trx, 'dp_agreements', agreements);
  await bulkInsert(trx, 'dp_variations', variations);
  await sql`SELECT setval('dp_reference_seq', ${reference}, false)`.execute(trx);
  // The annual audit each account has coming up: its start's anniversary next on or after 20 days ago.
  await sql`
    INSERT INTO dp_audits (agreement_id, due_on)
    SELECT id, (start_on + make_interval(years => greatest(1, ceil((${today}::date - 20 - start_on) / 365.25)::int)))::date
    FROM dp_agreements`.execute(trx);
  progress('direct payment accounts');
  await moneyFromSegments(trx, segments, today, progress);
  for (const run of runRows) {
    audits.push({ action: 'payment-run.confirmed', subjectType: 'payment-run', subjectId: run.id, after: { run_on: run.run_on } });
  }
  input.audits.push(...(audits as unknown as AuditRecord[]));
}

/** A v4-shaped UUID from a text, so rows made by the database have ids as stable as the rest. */
const seedUuid = (text: ReturnType<typeof sql>) => sql`(substr(md5(${text}), 1, 12) || '4' || substr(md5(${text}), 14, 3) || '8' || substr(md5(${text}), 18, 15))::uuid`;

async function moneyFromSegments(trx: Transaction<Database>, segments: Record<string, unknown>[], today: string, progress: (step: string) => void) {
  await sql`CREATE TEMP TABLE seed_dp_segments (agreement_id uuid, account_ref text, from_on date, to_on date, net_weekly_pence bigint, assistant_line_id text, assistant_name text) ON COMMIT DROP`.execute(trx);
  for (let i = 0; i < segments.length; i += 2_000) {
    await sql`INSERT INTO seed_dp_segments SELECT * FROM json_populate_recordset(NULL::seed_dp_segments, ${JSON.stringify(segments.slice(i, i + 2_000))}::json)`.execute(trx);
  }
  // Every account is paid four weeks in advance by each run while its version is in force.
  await sql`
    INSERT INTO dp_payments (id, run_id, agreement_id, period_start, period_end, days, amount_pence)
    SELECT ${seedUuid(sql`'payment:' || s.agreement_id || r.run_on`)}, r.id, s.agreement_id, r.run_on, r.run_on + 27, 28, s.net_weekly_pence * 4
    FROM seed_dp_segments s JOIN payment_runs r ON r.run_on >= s.from_on AND (s.to_on IS NULL OR r.run_on < s.to_on)
    WHERE s.net_weekly_pence > 0`.execute(trx);
  progress('payments');
  await sql`UPDATE payment_runs r SET payment_count = t.n, total_pence = t.total FROM (SELECT run_id, count(*) AS n, sum(amount_pence) AS total FROM dp_payments GROUP BY run_id) t WHERE t.run_id = r.id`.execute(trx);
  // The statement: the payment in on the day, and the assistant's wages out a week later (90–99% of it).
  await sql`
    INSERT INTO statement_lines (id, agreement_id, account_ref, transaction_id, posted_on, amount_pence, counterparty, description, plan_line_id, matched_by, dp_payment_id, imported_by, imported_at)
    SELECT ${seedUuid(sql`'in:' || p.id`)}, p.agreement_id, s.account_ref, 'IN-' || p.period_start, p.period_start, p.amount_pence, 'Anytown Council', 'Direct payment', NULL, 'council-payment', p.id, r.created_by, p.period_start + 1
    FROM dp_payments p JOIN payment_runs r ON r.id = p.run_id JOIN seed_dp_segments s ON s.agreement_id = p.agreement_id AND p.period_start >= s.from_on AND (s.to_on IS NULL OR p.period_start < s.to_on)
    WHERE p.period_start <= ${today}::date
    UNION ALL
    SELECT ${seedUuid(sql`'out:' || p.id`)}, p.agreement_id, s.account_ref, 'PA-' || p.period_start, p.period_start + 7,
      -(p.amount_pence * (90 + abs(hashtext(p.id::text)) % 10) / 100), s.assistant_name, 'Wages', s.assistant_line_id, 'payee', NULL, r.created_by, p.period_start + 8
    FROM dp_payments p JOIN payment_runs r ON r.id = p.run_id JOIN seed_dp_segments s ON s.agreement_id = p.agreement_id AND p.period_start >= s.from_on AND (s.to_on IS NULL OR p.period_start < s.to_on)
    WHERE p.period_start + 7 <= ${today}::date`.execute(trx);
  progress('statements');
  // The ledger's own check that each transaction balances runs once a row at commit; a bulk load
  // by the tables' owner checks them all in one statement instead (the service's role cannot).
  const checkedHere = await withoutRowByRowBalanceCheck(trx);
  // The ledger: two entries a movement, each transaction summing to nothing.
  await sql`
    INSERT INTO ledger_entries (transaction_id, agreement_id, posted_on, account, amount_pence, kind, source, plan_line_id, recorded_at)
    SELECT ${seedUuid(sql`'payment:' || p.id`)}, p.agreement_id, p.period_start, e.account, e.sign * p.amount_pence, 'payment', 'payment:' || p.id, NULL, p.period_start
    FROM dp_payments p CROSS JOIN (VALUES ('account', 1), ('council', -1)) AS e(account, sign)
    UNION ALL
    SELECT ${seedUuid(sql`'spend:' || l.id`)}, l.agreement_id, l.posted_on, e.account, e.sign * -l.amount_pence, 'spend', 'statement:' || l.id, l.plan_line_id, l.imported_at
    FROM statement_lines l CROSS JOIN (VALUES ('account', -1), ('spend', 1)) AS e(account, sign)
    WHERE l.matched_by = 'payee'`.execute(trx);
  if (checkedHere) {
    const unbalanced = await unbalancedTransactions(trx);
    if (unbalanced > 0) throw new Error(`${unbalanced} ledger transactions do not balance`);
    await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_balance`.execute(trx);
  }
}

/** Turns the row-by-row balance check off for this load when the connection owns the table; says whether it did. */
async function withoutRowByRowBalanceCheck(trx: Transaction<Database>): Promise<boolean> {
  await sql`SAVEPOINT ledger_bulk_load`.execute(trx);
  try {
    await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_balance`.execute(trx);
    await sql`RELEASE SAVEPOINT ledger_bulk_load`.execute(trx);
    return true;
  } catch {
    await sql`ROLLBACK TO SAVEPOINT ledger_bulk_load`.execute(trx);
    return false;
  }
}

/** Whether the ledger balances: every transaction sums to nothing. */
export async function unbalancedTransactions(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount_pence) <> 0) t`.execute(db);
  return row.rows[0]!.n;
}
