import { type Kysely, sql } from 'kysely';
import { CLD, type CodeListName } from '../../domain/cld/code-lists.js';
import { validateScheme } from '../../domain/ras/scheme.js';

/**
 * CLD Release 2 (issue 15): people's client types, ethnicities and Primary Support Reasons move
 * from the wording Selfdirect stored before (Release 1, and a 2011-census ethnicity list) to
 * Release 2, by the map in src/domain/cld/release-1-to-2.json; the client type is checked against
 * the code list in the application, not by a constraint with the old values.
 *
 * Schemes' Primary Support Reasons move too, published ones included: only the wording of a
 * reason changes, never a question, a point or a rate, so every assessment pinned to a published
 * scheme re-prices to the same figures (test/integration/cld-release-2.test.ts). The trigger that
 * keeps a published scheme unchanged is set aside for this one statement and put back.
 */
const PEOPLE_COLUMNS: [CodeListName, string][] = [
  ['Client_Type', 'client_type'],
  ['Ethnicity', 'ethnicity'],
  ['Primary_Support_Reason', 'primary_support_reason'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people DROP CONSTRAINT IF EXISTS people_client_type_check`.execute(db);
  for (const [list, column] of PEOPLE_COLUMNS) {
    for (const [from, to] of CLD.release1[list] ?? []) {
      await sql`UPDATE people SET ${sql.ref(column)} = ${to} WHERE ${sql.ref(column)} = ${from}`.execute(db);
    }
  }

  const schemes = await sql<{ id: string; document: unknown; status: string }>`SELECT id, document, status FROM ras_schemes`.execute(db);
  const changed: { id: string; document: string }[] = [];
  for (const row of schemes.rows) {
    const document = typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
    const checked = validateScheme(document);
    if (checked.ok && checked.warnings.length > 0) changed.push({ id: row.id, document: JSON.stringify(checked.scheme, null, 2) });
  }
  if (changed.length === 0) return;
  await sql`ALTER TABLE ras_schemes DISABLE TRIGGER ras_schemes_published_immutable`.execute(db);
  for (const { id, document } of changed) await sql`UPDATE ras_schemes SET document = ${document}::json WHERE id = ${id}`.execute(db);
  await sql`ALTER TABLE ras_schemes ENABLE TRIGGER ras_schemes_published_immutable`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
