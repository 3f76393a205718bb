import { type SelectQueryBuilder, sql } from 'kysely';

/** How many rows a list query would give, without reading them (for queries without GROUP BY or DISTINCT). */
export function countOf<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  return query
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number((row as { n: number }).n));
}

/** One window of a list query's rows, and how many it has in all. */
export async function pageOf<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, window: { limit: number; offset: number }): Promise<{ rows: O[]; total: number }> {
  const [rows, total] = await Promise.all([query.limit(window.limit).offset(window.offset).execute(), countOf(query)]);
  return { rows, total };
}
