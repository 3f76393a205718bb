import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZES, seedLargeCouncil } from '../../src/db/seed/large/council.js';
import { unbalancedTransactions } from '../../src/db/seed/large/money.js';
import { DEFAULT_CHECK_POLICY } from '../../src/domain/directory/checks.js';
import { STEP_ORDER } from '../../src/domain/planning/journey.js';
import { allPassed } from '../../src/domain/planning/checks.js';
import { DEFAULT_SIGN_OFF_LIMITS } from '../../src/domain/planning/sign-off.js';
import { verifyAuditTrail } from '../../src/features/audit/audit-trail.js';
import { checksFor, loadPlanRecord } from '../../src/features/support-plans/plan-record.js';
import { journeyCounts } from '../../src/features/worklists/repository.js';
import { ascofReport, writeCldExtract } from '../../src/features/statutory-returns/returns.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

/**
 * The big-council generator (issue 19), on its small size: what it makes is valid by the app's
 * own rules, and the same seed makes the same council.
 */
const today = new Date().toISOString().slice(0, 10);
let a: TestDatabase;
let b: TestDatabase;
beforeAll(async () => {
  [a, b] = await Promise.all([testDatabase({ empty: true }), testDatabase({ empty: true })]);
  await seedLargeCouncil(a.db, SIZES.small, { seed: 42, today });
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('the large council data set, small size', () => {
  it('makes the people, histories, money and staff of its size', async () => {
    const count = async (table: 'people' | 'teams' | 'staff_users' | 'dp_agreements' | 'directory_entries') => Number((await a.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('people')).toBe(SIZES.small.people);
    expect(await count('teams')).toBe(SIZES.small.teams);
    expect(await count('directory_entries')).toBe(SIZES.small.directory);
    const open = await a.db.selectFrom('people').select(sql<number>`count(*)`.as('n')).where('closed_on', 'is', null).executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(SIZES.small.open);
    expect(await count('dp_agreements')).toBeGreaterThan(SIZES.small.directPayments * 0.8);
    const years = await sql<{ first: string }>`SELECT min(started_at)::date::text AS first FROM assessments`.execute(a.db);
    expect(years.rows[0]!.first < `${Number(today.slice(0, 4)) - 8}`).toBe(true);
  });

  it('every agreed plan passes its Effective, Legal and Affordable checks', async () => {
    const plans = await a.db.selectFrom('support_plans').select('id').where('status', '=', 'agreed').execute();
    expect(plans.length).toBeGreaterThan(SIZES.small.people);
    const failing: string[] = [];
    for (const plan of plans) {
      const record = (await loadPlanRecord(a.db, plan.id))!;
      const checks = checksFor(record, today, { checkPolicy: DEFAULT_CHECK_POLICY, signOffLimits: DEFAULT_SIGN_OFF_LIMITS });
      if (!allPassed(checks)) failing.push(`${plan.id}: ${JSON.stringify([...checks.effective.problems, ...checks.legal.problems, ...checks.affordable.problems].map((p) => p.message))}`);
    }
    expect(failing).toEqual([]);
  });

  it('every ledger transaction balances, and each account holds what its statement says', async () => {
    expect(await unbalancedTransactions(a.db)).toBe(0);
    // Payments in less wages out on the statement is the account's balance in the ledger.
    const mismatched = await sql<{ agreement_id: string }>`
      SELECT agreement_id FROM (SELECT agreement_id, sum(amount_pence) AS total FROM statement_lines GROUP BY agreement_id) s
      FULL JOIN (SELECT agreement_id, sum(amount_pence) AS total FROM ledger_entries WHERE account = 'account' GROUP BY agreement_id) l USING (agreement_id)
      WHERE s.total IS DISTINCT FROM l.total`.execute(a.db);
    expect(mismatched.rows).toEqual([]);
  });

  it('the audit trail verifies, one entry at least for each person', async () => {
    expect(await verifyAuditTrail(a.db)).toMatchObject({ ok: true });
    const people = await a.db.selectFrom('audit_events').select(sql<number>`count(DISTINCT person_id)`.as('n')).where('action', '=', 'person.created').executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(SIZES.small.people);
  });

  it('open records are spread across the seven steps, with reviews overdue', async () => {
    const teams = (await a.db.selectFrom('teams').select('id').execute()).map((t) => t.id);
    const { counts, overdue } = await journeyCounts(a.db, teams, today);
    expect(STEP_ORDER.reduce((sum, s) => sum + counts[s], 0)).toBe(SIZES.small.open);
    expect(STEP_ORDER.filter((s) => counts[s] > 0).length).toBeGreaterThanOrEqual(4);
    expect(counts['living-with-support']).toBeGreaterThan(SIZES.small.open / 2);
    expect(overdue).toBeGreaterThan(0);
  });

  it('keeps the CLD register the commands would: the last year’s extract passes DHSC’s checks and ASCOF 3D counts people', async () => {
    const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const extract = await writeCldExtract(a.db, { laCode: 'E06000999', from, to: today }, () => undefined);
    expect(extract.rows).toBeGreaterThan(SIZES.small.open);
    expect(extract.invalid.slice(0, 5)).toEqual([]);
    const { report } = await ascofReport(a.db, from, today, null);
    expect(report.measures.find((m) => m.id === '3D-1a' && m.group === 'Total')!.denominator).toBeGreaterThan(SIZES.small.open / 2);
  });

  it('the same seed makes the same council', async () => {
    await seedLargeCouncil(b.db, SIZES.small, { seed: 42, today });
    const digest = async (db: TestDatabase['db']) =>
      (
        await sql<{ d: string }>`SELECT md5(string_agg(x, ',' ORDER BY x)) AS d FROM (
          SELECT id::text || reference || given_name || family_name || coalesce(closed_on::text, '') AS x FROM people
          UNION ALL SELECT id::text || person_id::text || coalesce(weekly_pence::text, '') || answers::text FROM assessments
          UNION ALL SELECT id::text || status || lines::text FROM support_plans
          UNION ALL SELECT id::text || kind || status || due_by FROM reviews
          UNION ALL SELECT id::text || reference || net_weekly_pence FROM dp_agreements
          UNION ALL SELECT id::text || amount_pence || posted_on FROM statement_lines) t`.execute(db)
      ).rows[0]!.d;
    expect(await digest(b.db)).toBe(await digest(a.db));
  });
});
