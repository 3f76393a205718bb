// Benchmark: monitoring 100,000 direct payment accounts with 100 statement transactions each on
// PostgreSQL 15: balances, surpluses and proposed reclaims for every account, as the accounts list
// computes them (`monitorAll`), against one hand-written SQL aggregate computing the same figures.
// PostgreSQL is at BENCH_DATABASE_URL (default: the local cluster CI starts); a database
// selfdirect_bench_dp is created, filled and dropped.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TITLE = 'Direct payments: monitoring every account';
const AS_OF = '2027-03-31';
const POLICY = { thresholdWeeks: 8, holidayAccrualPercent: 12.07, noticeWeeks: 1 };

/** One aggregate, written by hand: the reference. Same rules: balance − contingency − liabilities; above 8 weeks is proposed. */
const REFERENCE_SQL = `
WITH balances AS (
  SELECT agreement_id, sum(amount_pence) AS balance FROM ledger_entries
  WHERE account = 'account' AND posted_on <= $1 GROUP BY agreement_id
), pa_lines AS (
  SELECT a.id AS agreement_id, l->>'id' AS line_id,
         round((l->>'quantityHundredths')::numeric * (l->>'unitCostPence')::numeric / 100) AS weekly
  FROM dp_agreements a JOIN support_plans p ON p.id = a.plan_id, jsonb_array_elements(p.lines) l
  WHERE l->>'providerKind' = 'personal-assistant' AND l->>'fundingStream' = 'social-care'
    AND l->>'management' IN ('direct-payment', 'indirect-payment') AND l->>'frequency' <> 'one-off'
), pa_weekly AS (
  SELECT agreement_id, sum(weekly) AS weekly FROM pa_lines GROUP BY agreement_id
), pa_pay AS (
  SELECT s.agreement_id, -sum(s.amount_pence) AS pay FROM statement_lines s
  JOIN pa_lines pl ON pl.agreement_id = s.agreement_id AND pl.line_id = s.plan_line_id
  WHERE s.posted_on > ($1::date - interval '12 months') AND s.posted_on <= $1 GROUP BY s.agreement_id
), surplus AS (
  SELECT a.id, coalesce(b.balance, 0) AS balance,
         greatest(0, coalesce(b.balance, 0) - a.contingency_pence
           - round(greatest(0, coalesce(pp.pay, 0)) * ${Math.round(POLICY.holidayAccrualPercent * 100)} / 10000.0)
           - coalesce(pw.weekly, 0) * ${POLICY.noticeWeeks}) AS surplus,
         a.net_weekly_pence * ${POLICY.thresholdWeeks} AS threshold
  FROM dp_agreements a
  LEFT JOIN balances b ON b.agreement_id = a.id
  LEFT JOIN pa_weekly pw ON pw.agreement_id = a.id
  LEFT JOIN pa_pay pp ON pp.agreement_id = a.id
)
SELECT id, balance::bigint, surplus::bigint, (CASE WHEN surplus > threshold THEN surplus - threshold ELSE 0 END)::bigint AS proposed FROM surplus`;

/** 100,000 people with agreed plans (a personal assistant and an agency, both by direct payment), 13 payments and 100 transactions each. */
async function fill(client, accounts, perAccount) {
  await client.query("SET session_replication_role = replica"); // bulk load: the ledger's per-row balance check is skipped here, and checked below
  await client.query(`INSERT INTO teams (name) VALUES ('Bench')`);
  await client.query(`INSERT INTO staff_users (email, display_name, role, password_hash, updated_at) VALUES ('bench@example', 'Bench', 'finance-officer', 'x', now())`);
  await client.query(`INSERT INTO ras_schemes (scheme_id, version, title, kind, effective_from, status, document, imported_by) VALUES ('bench', '1', 'Bench', 'adult', '2026-04-01', 'draft', '{}', 'bench')`);
  await client.query(`INSERT INTO people (reference, client_type, given_name, family_name, team_id, updated_at)
    SELECT 'B-' || g, 'Service user', 'P', 'G' || g, (SELECT id FROM teams LIMIT 1), now() FROM generate_series(1, $1) g`, [accounts]);
  await client.query(`INSERT INTO assessments (person_id, kind, scheme_row_id, scheme_id, scheme_version, status, points, weekly_pence, annual_pence, outcome, started_by, completed_at, completed_by)
    SELECT p.id, 'adult', (SELECT id FROM ras_schemes LIMIT 1), 'bench', '1', 'completed', 50, 40000, 2080000, 'allocated', u.id, now(), u.id FROM people p, staff_users u`);
  await client.query(`INSERT INTO support_plans (person_id, assessment_id, plan_number, status, lines, sign_off_level, agreed_on, agreed_at, agreed_by, statement, created_by, updated_at)
    SELECT a.person_id, a.id, 1, 'agreed',
      jsonb_build_array(
        jsonb_build_object('id', 'pa', 'description', 'PA', 'directoryEntryId', null, 'providerName', 'PA ' || a.person_id, 'providerKind', 'personal-assistant', 'frequency', 'hours-a-week', 'quantityHundredths', 1000 + (hashtext(a.id::text) & 1023), 'unitCostPence', 1500, 'needs', '[]'::jsonb, 'outcomes', '[]'::jsonb, 'management', 'direct-payment', 'fundingStream', 'social-care', 'paysRelativeInHousehold', false, 'relativeDecision', null, 'employerInsurance', 'EL', 'payrollArrangement', 'P'),
        jsonb_build_object('id', 'agency', 'description', 'Agency', 'directoryEntryId', null, 'providerName', 'Agency', 'providerKind', 'organisation', 'frequency', 'hours-a-week', 'quantityHundredths', 500, 'unitCostPence', 2000, 'needs', '[]'::jsonb, 'outcomes', '[]'::jsonb, 'management', 'direct-payment', 'fundingStream', 'social-care', 'paysRelativeInHousehold', false, 'relativeDecision', null, 'employerInsurance', null, 'payrollArrangement', null)),
      'worker', '2026-03-20', now(), a.started_by, '{}'::jsonb, a.started_by, now()
    FROM assessments a`);
  await client.query(`INSERT INTO dp_agreements (reference, person_id, plan_id, recipient_kind, recipient_name, account_kind, account_details, prepaid_card_choice, start_on, net_weekly_pence, frequency, contingency_pence, created_by)
    SELECT 'DP-' || nextval('dp_reference_seq'), p.person_id, p.id, 'person', 'Holder', 'prepaid-card', 'CARD', 'accepted', '2026-04-01',
      round(((p.lines->0->>'quantityHundredths')::int * 1500 + 500 * 2000) / 100.0) - 2000, 'four-weekly', 10000 + (hashtext(p.id::text) & 16383), p.created_by
    FROM support_plans p`);
  // 13 four-weekly payments into each account.
  await client.query(`INSERT INTO ledger_entries (transaction_id, agreement_id, posted_on, account, amount_pence, kind, source)
    SELECT t.tx, t.agreement_id, t.day, e.account, e.sign * t.amount, 'payment', 'bench'
    FROM (SELECT gen_random_uuid() AS tx, a.id AS agreement_id, (date '2026-04-01' + 28 * k) AS day, a.net_weekly_pence * 4 AS amount
          FROM dp_agreements a, generate_series(0, 12) k) t,
         (VALUES ('account', 1), ('council', -1)) AS e(account, sign)`);
  // 100 transactions per account: wages to the PA (most), the agency, and a few refunds.
  await client.query(`INSERT INTO statement_lines (agreement_id, account_ref, transaction_id, posted_on, amount_pence, counterparty, description, plan_line_id, matched_by, imported_by)
    SELECT a.id, a.reference, 'T' || k, date '2026-04-03' + (k * 36 / 10), CASE WHEN k % 25 = 0 THEN 1500 WHEN k % 3 = 0 THEN -(9000 + (hashtext(a.id::text || k) & 8191)) ELSE -(8000 + (hashtext(a.id::text || k) & 8191)) END,
      CASE WHEN k % 3 = 0 THEN 'Agency' ELSE 'PA' END, '', CASE WHEN k % 25 = 0 THEN NULL WHEN k % 3 = 0 THEN 'agency' ELSE 'pa' END, CASE WHEN k % 25 = 0 THEN 'none' ELSE 'payee' END, a.created_by
    FROM dp_agreements a, generate_series(1, $1) k`, [perAccount]);
  await client.query(`INSERT INTO ledger_entries (transaction_id, agreement_id, posted_on, account, amount_pence, kind, source, plan_line_id)
    SELECT t.tx, t.agreement_id, t.posted_on, e.account, e.sign * t.amount, 'spend', 'bench', t.plan_line_id
    FROM (SELECT gen_random_uuid() AS tx, agreement_id, posted_on, -amount_pence AS amount, plan_line_id FROM statement_lines) t,
         (VALUES ('account', -1), ('spend', 1)) AS e(account, sign)`);
  await client.query('SET session_replication_role = DEFAULT');
  await client.query('ANALYZE');
}

export async function run({ accounts = 100_000, perAccount = 100, repeats = 3 } = {}) {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (error) {
    return { title: TITLE, target: 'no more than 3× one hand-written SQL aggregate', passed: false, markdown: `Not run: PostgreSQL was not reachable at BENCH_DATABASE_URL (${error.message}).` };
  }
  const benchUrl = new URL(url);
  benchUrl.pathname = '/selfdirect_bench_dp';
  let database;
  try {
    await admin.query('DROP DATABASE IF EXISTS selfdirect_bench_dp');
    await admin.query('CREATE DATABASE selfdirect_bench_dp');
    const migrated = spawnSync(process.execPath, [path.join(root, 'bin/selfdirect.js'), 'migrate'], { env: { ...process.env, DATABASE_URL: benchUrl.href }, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(migrated.stderr);
    const client = new pg.Client({ connectionString: benchUrl.href });
    await client.connect();
    let start = performance.now();
    await fill(client, accounts, perAccount);
    const fillSeconds = (performance.now() - start) / 1000;
    const counts = (await client.query(`SELECT (SELECT count(*) FROM dp_agreements) AS accounts, (SELECT count(*) FROM statement_lines) AS transactions, (SELECT count(*) FROM ledger_entries) AS entries,
      (SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount_pence) <> 0) t) AS unbalanced`)).rows[0];

    const { openDatabase } = await import(path.join(root, 'dist/src/db/client.js'));
    const { monitorAll } = await import(path.join(root, 'dist/src/features/direct-payments/monitoring.js'));
    database = await openDatabase({ databaseUrl: benchUrl.href, dataDir: '' });
        const ours = [];
    const theirs = [];
    let ourResult;
    let reference;
    for (let i = 0; i < repeats; i++) {
      start = performance.now();
      reference = (await client.query(REFERENCE_SQL, [AS_OF])).rows;
      theirs.push((performance.now() - start) / 1000);
      start = performance.now();
      ourResult = await monitorAll(database.db, AS_OF, POLICY);
      ours.push((performance.now() - start) / 1000);
    }
    let differences = 0;
    let proposed = 0;
    for (const row of reference) {
      const mine = ourResult.get(row.id);
      if (!mine || mine.balancePence !== Number(row.balance) || mine.surplusPence !== Number(row.surplus) || mine.proposedReclaimPence !== Number(row.proposed)) differences++;
      if (Number(row.proposed) > 0) proposed++;
    }
    await client.end();
    const server = (await admin.query('SHOW server_version')).rows[0].server_version;
    const ratio = median(ours) / median(theirs);
    return {
      title: TITLE,
      target: 'no more than 3× one hand-written SQL aggregate, with the same figures for every account',
      passed: ratio <= 3 && differences === 0 && Number(counts.unbalanced) === 0,
      markdown: [
        `${Number(counts.accounts).toLocaleString('en-GB')} accounts with ${perAccount} statement transactions each (${Number(counts.transactions).toLocaleString('en-GB')} transactions, ${Number(counts.entries).toLocaleString('en-GB')} ledger entries, every ledger transaction balanced), 13 four-weekly payments each, on PostgreSQL ${server}; generated in ${fillSeconds.toFixed(0)} s. For every account: the balance, the surplus after the contingency and personal assistants' holiday and notice pay, and the reclaim proposed above 8 weeks of payments, as of ${AS_OF}.`,
        'Reference: one hand-written SQL query (CTEs over the ledger, the plans’ JSON lines and the statement lines) computing the same three figures. Ours: `monitorAll` in `src/features/direct-payments/monitoring.ts`, which the accounts list uses: three grouped queries and the same pure surplus rule as one account’s page, in Node.',
        '',
        '| | median seconds | runs |',
        '| --- | --- | --- |',
        `| hand-written SQL aggregate | ${median(theirs).toFixed(2)} | ${theirs.map((s) => s.toFixed(2)).join(', ')} |`,
        `| monitorAll | ${median(ours).toFixed(2)} | ${ours.map((s) => s.toFixed(2)).join(', ')} |`,
        '',
        `**Ratio: ${ratio.toFixed(2)}×** the hand-written aggregate. Accounts whose figures differ: ${differences}. Accounts with a reclaim proposed: ${proposed.toLocaleString('en-GB')}.`,
      ].join('\n'),
    };
  } finally {
    await database?.close();
    await admin.query('DROP DATABASE IF EXISTS selfdirect_bench_dp').catch(() => {});
    await admin.end();
  }
}
