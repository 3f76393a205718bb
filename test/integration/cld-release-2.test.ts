import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/client.js';
import { CLD, codeValues } from '../../src/domain/cld/code-lists.js';
import { compileScheme, groupForSupportReason, priceAssessment } from '../../src/domain/ras/pricing.js';
import type { RasScheme } from '../../src/domain/ras/scheme.js';
import { documentOf } from '../../src/features/schemes/document.js';
import { projectRoot } from '../../src/root.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

/**
 * Migration 0026 on a database as Selfdirect stored it before Release 2: people with Release 1
 * client types, Primary Support Reasons and the old ethnicity list; published schemes whose groups
 * name Release 1 reasons; completed assessments priced with them. After the migration every value
 * is Release 2 and every stored assessment re-prices to exactly its stored figures.
 */
const release1Of = (release2: string) => [...(CLD.release1.Primary_Support_Reason ?? [])].find(([, to]) => to === release2)![0];
const ethnicity1Of = (release2: string) => [...(CLD.release1.Ethnicity ?? [])].find(([, to]) => to === release2)?.[0] ?? release2;

function release1Scheme(file: string): RasScheme {
  const scheme = JSON.parse(readFileSync(`${projectRoot}/src/db/seed/schemes/${file}`, 'utf8')) as RasScheme;
  if (scheme.allocation.type === 'rate') for (const g of scheme.allocation.groups) g.primarySupportReasons = g.primarySupportReasons.map(release1Of);
  return scheme;
}

let database: TestDatabase;
const stored: { id: string; group: string | null; points: number; weekly: number; annual: number; outcome: string }[] = [];

beforeAll(async () => {
  database = await testDatabase({ upTo: '0025_portal_oidc' });
  const db = database.db;
  const team = (await sql<{ id: string }>`INSERT INTO teams (name) VALUES ('Old team') RETURNING id`.execute(db)).rows[0]!.id;
  const staff = (await sql<{ id: string }>`INSERT INTO staff_users (email, display_name, role) VALUES ('old@anytown.example', 'Old Worker', 'social-worker') RETURNING id`.execute(db)).rows[0]!.id;
  const adults = release1Scheme('anytown-adults.ras.json');
  const carers = release1Scheme('anytown-carers.ras.json');
  const schemeRows: Record<string, string> = {};
  for (const scheme of [adults, carers]) {
    schemeRows[scheme.kind] = (
      await sql<{ id: string }>`INSERT INTO ras_schemes (scheme_id, version, title, kind, effective_from, status, document, imported_by, published_at, published_by)
        VALUES (${scheme.id}, ${scheme.version}, ${scheme.title}, ${scheme.kind}, ${scheme.effectiveFrom}, 'published', ${JSON.stringify(scheme)}::json, 'test', now(), 'test') RETURNING id`.execute(db)
    ).rows[0]!.id;
  }
  const compiled = { adult: compileScheme(adults), carer: compileScheme(carers) };
  // Every Release 2 reason (as its Release 1 wording), each with a different set of answers.
  const reasons = codeValues('Primary_Support_Reason');
  let n = 0;
  for (const reason of reasons) {
    n += 1;
    const carer = reason === 'Social support: Support to unpaid carer';
    const kind = carer ? 'carer' : 'adult';
    const ethnicity = ethnicity1Of(codeValues('Ethnicity')[n % 21]!);
    const person = (
      await sql<{ id: string }>`INSERT INTO people (reference, client_type, given_name, family_name, primary_support_reason, ethnicity, team_id)
        VALUES (${`OLD-${n}`}, ${carer ? 'Carer' : 'Service User'}, 'Old', ${`Person ${n}`}, ${release1Of(reason)}, ${ethnicity}, ${team}) RETURNING id`.execute(db)
    ).rows[0]!.id;
    const c = compiled[kind];
    const scheme = kind === 'adult' ? adults : carers;
    const answers = Object.fromEntries(scheme.domains.flatMap((d) => d.questions).map((q, i) => [q.id, q.answers[(i + n) % q.answers.length]!.id]));
    const group = groupForSupportReason(c, release1Of(reason));
    const priced = priceAssessment(c, answers, group);
    const row = (
      await sql<{ id: string }>`INSERT INTO assessments (person_id, kind, scheme_row_id, scheme_id, scheme_version, status, answers, group_id, points, weekly_pence, annual_pence, outcome, started_by, completed_at, completed_by)
        VALUES (${person}, ${kind}, ${schemeRows[kind]}, ${scheme.id}, ${scheme.version}, 'completed', ${JSON.stringify(answers)}::jsonb, ${group}, ${priced.points}, ${priced.weeklyPence}, ${priced.annualPence}, ${priced.outcome}, ${staff}, now(), ${staff}) RETURNING id`.execute(db)
    ).rows[0]!.id;
    stored.push({ id: row, group, points: priced.points, weekly: priced.weeklyPence, annual: priced.annualPence, outcome: priced.outcome });
  }
  await sql`INSERT INTO people (reference, client_type, given_name, family_name, primary_support_reason, team_id) VALUES ('OLD-UNKNOWN', 'Service User', 'Old', 'Unknown', 'Unknown', ${team})`.execute(db);
  expect(await migrateToLatest(db)).toContain('0026_cld_release_2');
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('migration 0026: CLD Release 1 → Release 2', () => {
  it('moves every person’s client type, Primary Support Reason and ethnicity to Release 2', async () => {
    const people = await database.db.selectFrom('people').select(['reference', 'client_type', 'primary_support_reason', 'ethnicity']).execute();
    expect(people).toHaveLength(codeValues('Primary_Support_Reason').length + 1);
    for (const p of people) {
      expect(codeValues('Client_Type')).toContain(p.client_type);
      if (p.primary_support_reason !== null) expect(codeValues('Primary_Support_Reason')).toContain(p.primary_support_reason);
      if (p.ethnicity !== null) expect(codeValues('Ethnicity')).toContain(p.ethnicity);
    }
    expect(people.find((p) => p.reference === 'OLD-UNKNOWN')?.primary_support_reason).toBeNull();
    expect(new Set(people.map((p) => p.client_type))).toEqual(new Set(['Service user', 'Unpaid carer']));
  });

  it('rewrites the published schemes’ reasons in Release 2 wording, and they stay published and unchangeable', async () => {
    const schemes = await database.db.selectFrom('ras_schemes').select(['id', 'document', 'status']).execute();
    for (const row of schemes) {
      expect(row.status).toBe('published');
      const doc = documentOf(row);
      if (doc.allocation.type === 'rate') for (const g of doc.allocation.groups) for (const r of g.primarySupportReasons) expect(codeValues('Primary_Support_Reason')).toContain(r);
    }
    await expect(sql`UPDATE ras_schemes SET title = 'Changed' WHERE id = ${schemes[0]!.id}`.execute(database.db)).rejects.toThrow(/published and never changes/);
  });

  it('re-prices every stored assessment identically, with the group its person’s reason now finds', async () => {
    const rows = await database.db
      .selectFrom('assessments')
      .innerJoin('ras_schemes', 'ras_schemes.id', 'assessments.scheme_row_id')
      .innerJoin('people', 'people.id', 'assessments.person_id')
      .select(['assessments.id', 'assessments.answers', 'ras_schemes.document', 'people.primary_support_reason'])
      .execute();
    expect(rows).toHaveLength(stored.length);
    for (const row of rows) {
      const before = stored.find((s) => s.id === row.id)!;
      const compiled = compileScheme(documentOf(row));
      const group = groupForSupportReason(compiled, row.primary_support_reason);
      expect(group).toBe(before.group);
      const priced = priceAssessment(compiled, row.answers, group);
      expect({ points: priced.points, weekly: priced.weeklyPence, annual: priced.annualPence, outcome: priced.outcome }).toEqual({ points: before.points, weekly: before.weekly, annual: before.annual, outcome: before.outcome });
    }
    expect(stored.filter((s) => s.group !== null).length).toBeGreaterThan(5);
  });
});
