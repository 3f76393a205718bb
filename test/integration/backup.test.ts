import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_TABLES, TABLES_NOT_BACKED_UP, backupDatabase, readBackupHeader, restoreDatabase } from '../../src/db/backup.js';
import type { Database } from '../../src/db/schema.js';
import { verifyAuditTrail } from '../../src/features/audit/audit-trail.js';
import { type TestDatabase, testDatabase, testingPostgres } from '../helpers/database.js';

let source: TestDatabase;
let dir: string;
beforeAll(async () => {
  source = await testDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-backup-'));
  // Some sessions and sign-in attempts too, so every table has rows.
  const user = await source.db.selectFrom('staff_users').select('id').limit(1).executeTakeFirstOrThrow();
  await source.db.insertInto('staff_sessions').values({ token_hash: 'abc', user_id: user.id, last_seen_at: new Date(), expires_at: new Date(Date.now() + 3600_000) }).execute();
  await source.db.insertInto('sign_in_attempts').values({ email: 'a@b.example', address: '127.0.0.1', succeeded: false, attempted_at: new Date() }).execute();
  const team = await source.db.selectFrom('teams').select('id').limit(1).executeTakeFirstOrThrow();
  await source.db.insertInto('case_access_notices').values({ team_id: team.id, user_id: user.id, role: 'social-worker', change: 'account-created', given_by: 'test' }).execute();
  const panelCase = await source.db.selectFrom('assessments').select('id').where('outcome', '=', 'panel-review').executeTakeFirstOrThrow();
  const panel = await source.db.selectFrom('staff_users').select('id').where('role', '=', 'panel-member').executeTakeFirstOrThrow();
  await source.db.insertInto('panel_decisions').values({ assessment_id: panelCase.id, decision: 'agreed', weekly_pence: 1, reasons: 'Test', decided_by: panel.id }).execute();
});
afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function snapshot(db: Kysely<Database>) {
  const tables: Record<string, string[]> = {};
  for (const table of BACKUP_TABLES) {
    const rows = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM ${sql.table(table.name)} t ORDER BY ${sql.raw(table.orderBy)}`.execute(db);
    tables[table.name] = rows.rows.map((r) => r.row);
  }
  return tables;
}

describe(`backup and restore on ${testingPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('lists every table in the schema', async () => {
    const rows = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'`.execute(source.db);
    expect(rows.rows.map((r) => r.table_name).sort()).toEqual([...BACKUP_TABLES, ...TABLES_NOT_BACKED_UP].map((t) => t.name).sort());
  });

  it('leaves sessions and sign-in attempts out, saying why in the manifest', async () => {
    const file = path.join(dir, 'left-out.backup.gz');
    const header = await backupDatabase(source.db, file);
    expect(header.leftOut.map((t) => t.table).sort()).toEqual(['backups', 'job_status', 'people_searches', 'person_journeys', 'portal_codes', 'portal_sessions', 'sign_in_attempts', 'staff_invitations', 'staff_sessions', 'statutory_figures', 'statutory_register']);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain('"table":"staff_sessions","row"');
    expect(text).not.toContain('"table":"sign_in_attempts","row"');
    expect(text).not.toContain('127.0.0.1');
  });

  it('encrypts with BACKUP_KEY: unreadable without it, refused with a wrong key or a changed byte, restored with it', async () => {
    const key = 'k'.repeat(40);
    const file = path.join(dir, 'encrypted.backup');
    const header = await backupDatabase(source.db, file, { backupKey: key });
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 30).toString('utf8')).toBe('selfdirect-encrypted-backup/1\n');
    const surname = (await source.db.selectFrom('people').select('family_name').executeTakeFirstOrThrow()).family_name;
    expect(bytes.includes(Buffer.from(surname))).toBe(false);
    expect(() => gunzipSync(bytes)).toThrow();
    expect((await readBackupHeader(file, { backupKey: key })).auditAnchor).toEqual(header.auditAnchor);

    const target = await testDatabase({ empty: true });
    try {
      await expect(restoreDatabase(target.db, file)).rejects.toThrow(/is an encrypted backup: set BACKUP_KEY/);
      await expect(restoreDatabase(target.db, file, { backupKey: 'w'.repeat(40) })).rejects.toThrow(/could not be decrypted/);
      const changed = Buffer.from(bytes);
      changed[changed.length - 100] = changed[changed.length - 100]! ^ 1;
      const tampered = path.join(dir, 'tampered.backup');
      writeFileSync(tampered, changed);
      await expect(restoreDatabase(target.db, tampered, { backupKey: key })).rejects.toThrow(/could not be decrypted|damaged/);
      const count = await sql<{ n: number }>`SELECT count(*) AS n FROM people`.execute(target.db);
      expect(count.rows[0]!.n).toBe(0);
      await restoreDatabase(target.db, file, { backupKey: key });
      expect(await verifyAuditTrail(target.db, { anchors: [header.auditAnchor] })).toMatchObject({ ok: true });
    } finally {
      await target.close();
    }
  });

  it('refuses a backup whose audit trail does not end where its manifest says', async () => {
    const file = path.join(dir, 'anchored.backup.gz');
    await backupDatabase(source.db, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    header.auditAnchor.hash = 'f'.repeat(64);
    const forged = path.join(dir, 'forged.backup.gz');
    writeFileSync(forged, gzipSync(`${[JSON.stringify(header), ...lines.slice(1)].join('\n')}\n`));
    const target = await testDatabase({ empty: true });
    try {
      await expect(restoreDatabase(target.db, forged)).rejects.toThrow(/does not match its manifest: entry \d+ does not have the hash/);
      const count = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_events`.execute(target.db);
      expect(count.rows[0]!.n).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('round trip: every row comes back, and the audit chain still verifies', async () => {
    const file = path.join(dir, 'round-trip.backup.gz');
    // The demo data has no analyses: add one, so every table has a row to carry.
    const analyst = await source.db.selectFrom('staff_users').select('id').where('email', '=', 'analyst@anytown.example').executeTakeFirstOrThrow();
    await source.db.insertInto('analysis_runs').values({ kind: 'equity', title: 'Equity review', parameters: JSON.stringify({ tolerance: 0.1 }), report: JSON.stringify({ groups: [], unmatched: 0 }), created_by: analyst.id }).execute();
    const agreement = await source.db.selectFrom('dp_agreements').select(['id', 'plan_id']).executeTakeFirstOrThrow();
    const plan = await source.db.selectFrom('support_plans').select('id').where('id', '=', agreement.plan_id).executeTakeFirstOrThrow();
    await source.db.insertInto('dp_variations').values({ agreement_id: agreement.id, from_on: '2026-12-01', plan_id: plan.id, previous_plan_id: plan.id, net_weekly_pence: 9_000, previous_weekly_pence: 8_150, created_by: analyst.id }).execute();
    await source.db.insertInto('dp_letters').values({ agreement_id: agreement.id, kind: 'variation', subject_id: null, title: 'A letter', address: JSON.stringify(['A']), paragraphs: JSON.stringify(['B']), sent_on: '2026-12-01', sent_by: analyst.id }).execute();
    await source.db.insertInto('reclaims').values({ agreement_id: agreement.id, proposed_on: '2026-10-01', balance_pence: 100_000, surplus_pence: 50_000, proposed_pence: 10_000, explanation: JSON.stringify(['Kept for bills']), status: 'waived', decided_pence: 0, decision_reason: 'Bills to pay', decided_at: new Date() }).execute();
    await source.db.insertInto('dp_final_reconciliations').values({ agreement_id: agreement.id, as_of: '2026-12-01', end_on: '2026-11-30', balance_pence: 1_000, overpaid_pence: 0, owed_pence: 0, notice_pence: 1_000, holiday_pence: 0, redundancy_pence: 0, other_pence: 0, outcome: 'nothing', amount_pence: 0, explanation: JSON.stringify(['Nothing left']), notes: 'Checked', created_by: analyst.id }).execute();
    await source.db.insertInto('outbox_messages').values({ template: 'staff-invitation', recipient: 'someone@anytown.example', personalisation: JSON.stringify({ name: 'Someone' }) }).execute();
    // What people do in My Selfdirect: a message, an answer to the plan, and a receipt (bytes, exactly).
    const account = await source.db.selectFrom('portal_accounts').select('id').where('email', '=', 'helen@anytown.example').executeTakeFirstOrThrow();
    const owner = await source.db.selectFrom('dp_agreements').select('person_id').where('id', '=', agreement.id).executeTakeFirstOrThrow();
    await source.db.insertInto('portal_messages').values({ person_id: owner.person_id, kind: 'message', topic: null, body: 'Hello\nthere', from_account: account.id, from_label: 'Helen' }).execute();
    await source.db.insertInto('plan_agreements').values({ plan_id: plan.id, person_id: owner.person_id, decision: 'agreed', reasons: null, by_account: account.id, as_label: 'Helen' }).execute();
    const line = await source.db.selectFrom('statement_lines').select('id').where('agreement_id', '=', agreement.id).executeTakeFirstOrThrow();
    const receipt = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x5c, 0x78]);
    await source.db.insertInto('transaction_explanations').values({ statement_line_id: line.id, person_id: owner.person_id, explanation: null, receipt, receipt_type: 'image/png', receipt_bytes: receipt.length, by_account: account.id, as_label: 'Helen' }).execute();
    // A CLD event, as a migration from the council's previous system would bring it.
    await source.db.insertInto('cld_events').values({ event_reference: 'LEGACY-1', person_id: owner.person_id, event_type: 'Request', start_date: '2025-04-01', end_date: '2025-04-01', outcome: 'NFA: Information and advice or signposting', route_of_access: 'Community or other route', source: 'migrated', updated_at: new Date() }).execute();
    // Casework: a document kept with the record (bytes, exactly), a transfer and an out-of-team opening.
    const teams = await source.db.selectFrom('teams').select('id').orderBy('name').execute();
    const worker = await source.db.selectFrom('staff_users').select('id').where('email', '=', 'worker@anytown.example').executeTakeFirstOrThrow();
    await source.db.insertInto('case_documents').values({ person_id: owner.person_id, case_note_id: null, kind: 'letter', title: 'A letter', media_type: 'image/png', bytes: receipt.length, sha256: 'x', content: receipt, virus_scan: 'not-configured', uploaded_by: worker.id }).execute();
    await source.db.insertInto('team_transfers').values({ person_id: owner.person_id, from_team_id: teams[0]!.id, to_team_id: teams[1]!.id, reason: 'Moved', transferred_by: worker.id }).execute();
    await source.db.insertInto('out_of_team_access').values({ person_id: owner.person_id, user_id: worker.id, team_id: teams[0]!.id, reason: 'Out of hours', expires_at: new Date(Date.now() + 3_600_000) }).execute();
    await source.db.insertInto('directory_proposals').values({ name: 'Pat Proposed', reason: 'Known to the family', proposed_by: worker.id }).execute();
    // Two-factor sign-in: an authenticator app's secret and a recovery code (its hash) come back with the account.
    await source.db.updateTable('staff_users').set({ totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totp_confirmed_at: new Date() }).where('id', '=', worker.id).execute();
    await source.db.insertInto('staff_recovery_codes').values({ user_id: worker.id, code_hash: 'a'.repeat(64) }).execute();
    // A reminder sent: after a restore it is not sent again.
    await source.db.insertInto('reminders_sent').values({ kind: 'review-due', subject_id: '00000000-0000-4000-8000-000000000001', person_id: owner.person_id, sent_on: '2026-12-01' }).execute();
    // A system registered to use the API keeps working after a restore (its token's hash comes back).
    await source.db.insertInto('api_clients').values({ name: 'Finance ledger', scopes: ['plans:read'], team_ids: [teams[0]!.id], token_hash: 'b'.repeat(64), token_hint: 'sdk_abcdef', expires_at: new Date(Date.now() + 86_400_000) }).execute();
    const header = await backupDatabase(source.db, file);
    expect(Object.entries(header.counts).filter(([, n]) => n === 0)).toEqual([]);
    const target = await testDatabase({ empty: true });
    try {
      await restoreDatabase(target.db, file);
      expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
      // Where each person is in the steps is not in the backup: the database works it out again as the rows go back.
      const journeys = (db: typeof source.db) => db.selectFrom('person_journeys').selectAll().orderBy('person_id').execute();
      expect(await journeys(target.db)).toEqual(await journeys(source.db));
      const restoredReceipt = await target.db.selectFrom('transaction_explanations').select('receipt').executeTakeFirstOrThrow();
      expect(Buffer.from(restoredReceipt.receipt!).equals(receipt)).toBe(true);
      expect(await verifyAuditTrail(target.db, { anchors: [header.auditAnchor] })).toMatchObject({ ok: true });
      // A scheme's document keeps its exact text, line breaks and all.
      const doc = await sql<{ d: string }>`SELECT document::text AS d FROM ras_schemes ORDER BY id LIMIT 1`.execute(target.db);
      expect(doc.rows[0]!.d).toContain('\n');
      expect(await verifyAuditTrail(target.db)).toMatchObject({ ok: true });
      // Sequences continue after the restored rows.
      const next = await sql<{ reference: string }>`SELECT 'AC-' || nextval('person_reference_seq') AS reference`.execute(target.db);
      const max = await sql<{ reference: string }>`SELECT max(reference) AS reference FROM people`.execute(target.db);
      expect(next.rows[0]!.reference > max.rows[0]!.reference).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('refuses to restore over existing data', async () => {
    const file = path.join(dir, 'over.backup.gz');
    await backupDatabase(source.db, file);
    await expect(restoreDatabase(source.db, file)).rejects.toThrow(/Restore needs an empty database, but these tables have rows: teams/);
  });

  it('refuses a file that is not a backup, and an incomplete one, changing nothing', async () => {
    const junk = path.join(dir, 'junk.gz');
    writeFileSync(junk, gzipSync('hello\n'));
    const target = await testDatabase({ empty: true });
    try {
      await expect(restoreDatabase(target.db, junk)).rejects.toThrow(/is not a Selfdirect backup/);
      const full = path.join(dir, 'full.backup.gz');
      await backupDatabase(source.db, full);
      const lines = gunzipSync(readFileSync(full)).toString('utf8').trimEnd().split('\n');
      const cut = path.join(dir, 'cut.backup.gz');
      writeFileSync(cut, gzipSync(`${lines.slice(0, -3).join('\n')}\n`));
      await expect(restoreDatabase(target.db, cut)).rejects.toThrow(/The backup is incomplete: audit_events should have/);
      const count = await sql<{ n: number }>`SELECT count(*) AS n FROM teams`.execute(target.db);
      expect(count.rows[0]!.n).toBe(0);
    } finally {
      await target.close();
    }
  });
});
