import { sql } from 'kysely';
import type { ChargingRulesRow } from '../../db/schema.js';
import type { ChargingRules } from '../../domain/charging/rules.js';
import type { Executor } from '../../web/route.js';

/** The charging_rules table: every query on it is here. */

export type RulesSummary = Pick<ChargingRulesRow, 'id' | 'rules_id' | 'financial_year' | 'title' | 'valid_from' | 'valid_to' | 'status' | 'to_confirm' | 'published_at' | 'row_version'>;
const SUMMARY = ['id', 'rules_id', 'financial_year', 'title', 'valid_from', 'valid_to', 'status', 'to_confirm', 'published_at', 'row_version'] as const;

/** The json column may come back as text or parsed, depending on the driver. */
export function rulesOf(row: { document: unknown }): ChargingRules {
  return (typeof row.document === 'string' ? JSON.parse(row.document) : row.document) as ChargingRules;
}

/** The document exactly as it was imported. */
export function rulesText(row: Pick<ChargingRulesRow, 'document'>): string {
  return typeof row.document === 'string' ? row.document : JSON.stringify(row.document, null, 2);
}

export async function rulesSummaries(db: Executor): Promise<RulesSummary[]> {
  return db.selectFrom('charging_rules').select(SUMMARY).orderBy('valid_from', 'desc').orderBy('rules_id').execute();
}

export async function rulesRowById(db: Executor, id: string): Promise<ChargingRulesRow | undefined> {
  return db.selectFrom('charging_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rulesByIdYear(db: Executor, rulesId: string, financialYear: string): Promise<ChargingRulesRow | undefined> {
  return db.selectFrom('charging_rules').selectAll().where('rules_id', '=', rulesId).where('financial_year', '=', financialYear).executeTakeFirst();
}

/** The published rules in force on a day (its validFrom..validTo), the latest published first if two overlap. */
export async function rulesInForce(db: Executor, day: string): Promise<ChargingRulesRow | undefined> {
  return db
    .selectFrom('charging_rules')
    .selectAll()
    .where('status', '=', 'published')
    .where('valid_from', '<=', day)
    .where('valid_to', '>=', day)
    .orderBy('valid_from', 'desc')
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Published rules whose years overlap these dates (publishing two for one day would make "the rules in force" ambiguous). */
export async function publishedOverlapping(db: Executor, from: string, to: string, except: string) {
  return db.selectFrom('charging_rules').select(['rules_id', 'financial_year']).where('status', '=', 'published').where('valid_from', '<=', to).where('valid_to', '>=', from).where('id', '!=', except).execute();
}

type DraftValues = { title: string; valid_from: string; valid_to: string; document: string; to_confirm: number; imported_by: string };

export async function replaceRulesDraft(db: Executor, id: string, values: DraftValues): Promise<RulesSummary> {
  return db.updateTable('charging_rules').set({ ...values, row_version: sql`row_version + 1` }).where('id', '=', id).returning(SUMMARY).executeTakeFirstOrThrow();
}

export async function insertRulesDraft(db: Executor, values: DraftValues & { rules_id: string; financial_year: string }): Promise<RulesSummary> {
  return db.insertInto('charging_rules').values({ ...values, status: 'draft' }).returning(SUMMARY).executeTakeFirstOrThrow();
}

export async function markRulesPublished(db: Executor, id: string, by: string) {
  await db.updateTable('charging_rules').set({ status: 'published', published_at: new Date(), published_by: by }).where('id', '=', id).execute();
}
