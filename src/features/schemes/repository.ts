import { sql } from 'kysely';
import type { RasSchemeRow } from '../../db/schema.js';
import { type CompiledScheme, compileScheme } from '../../domain/ras/pricing.js';
import type { Executor } from '../../web/route.js';
import { documentOf } from './document.js';

/** The ras_schemes table: every query on it is here. */

export type SchemeSummary = Pick<RasSchemeRow, 'id' | 'scheme_id' | 'version' | 'title' | 'kind' | 'effective_from' | 'status' | 'published_at' | 'row_version'>;
const SUMMARY = ['id', 'scheme_id', 'version', 'title', 'kind', 'effective_from', 'status', 'published_at', 'row_version'] as const;

export async function schemeSummaries(db: Executor): Promise<SchemeSummary[]> {
  return db.selectFrom('ras_schemes').select(SUMMARY).orderBy('scheme_id').orderBy('effective_from', 'desc').orderBy('version', 'desc').execute();
}

export async function schemeRowById(db: Executor, id: string): Promise<RasSchemeRow | undefined> {
  return db.selectFrom('ras_schemes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function schemeByIdVersion(db: Executor, schemeId: string, version: string): Promise<RasSchemeRow | undefined> {
  return db.selectFrom('ras_schemes').selectAll().where('scheme_id', '=', schemeId).where('version', '=', version).executeTakeFirst();
}

/** The published scheme of a kind in force on a day: the latest effective date on or before it. */
export async function schemeInForce(db: Executor, kind: 'adult' | 'carer', day: string) {
  return db
    .selectFrom('ras_schemes')
    .select(['id', 'scheme_id', 'version', 'title'])
    .where('kind', '=', kind)
    .where('status', '=', 'published')
    .where('effective_from', '<=', day)
    .orderBy('effective_from', 'desc')
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Published schemes never change, so their compiled form is kept for the life of the process. */
const compiledPublished = new Map<string, CompiledScheme>();

/** The compiled scheme of a stored row: how assessments are priced, and re-priced exactly later. */
export async function compiledSchemeFor(db: Executor, rowId: string): Promise<CompiledScheme> {
  const cached = compiledPublished.get(rowId);
  if (cached) return cached;
  const found = await db.selectFrom('ras_schemes').select(['document', 'status']).where('id', '=', rowId).executeTakeFirstOrThrow();
  const result = compileScheme(documentOf(found));
  if (found.status === 'published') compiledPublished.set(rowId, result);
  return result;
}

export async function replaceDraft(db: Executor, id: string, values: { title: string; kind: 'adult' | 'carer'; effective_from: string; document: string; imported_by: string }): Promise<SchemeSummary> {
  return db.updateTable('ras_schemes').set({ ...values, row_version: sql`row_version + 1` }).where('id', '=', id).returning(SUMMARY).executeTakeFirstOrThrow();
}

export async function insertDraft(db: Executor, values: { scheme_id: string; version: string; title: string; kind: 'adult' | 'carer'; effective_from: string; document: string; imported_by: string }): Promise<SchemeSummary> {
  return db.insertInto('ras_schemes').values({ ...values, status: 'draft' }).returning(SUMMARY).executeTakeFirstOrThrow();
}

export async function markPublished(db: Executor, id: string, by: string) {
  await db.updateTable('ras_schemes').set({ status: 'published', published_at: new Date(), published_by: by }).where('id', '=', id).execute();
}

/** Schemes for the CLI's list, oldest first within each scheme. */
export async function schemeListing(db: Executor) {
  return db.selectFrom('ras_schemes').select(['scheme_id', 'version', 'kind', 'effective_from', 'status']).orderBy('scheme_id').orderBy('effective_from').execute();
}

/** The scheme text exactly as it was imported. */
export function schemeText(row: Pick<RasSchemeRow, 'document'>): string {
  return typeof row.document === 'string' ? row.document : JSON.stringify(row.document, null, 2);
}

/** Each rate group's title from the published schemes (the latest effective wins), for analysis pages that meet groups by id. */
export async function groupTitles(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('ras_schemes').select('document').where('status', '=', 'published').orderBy('effective_from').orderBy('version').execute();
  const titles = new Map<string, string>();
  for (const row of rows) {
    const document = documentOf(row);
    if (document.allocation.type === 'rate') for (const g of document.allocation.groups) titles.set(g.id, g.title);
  }
  return titles;
}
