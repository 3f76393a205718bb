import { type Kysely, sql } from 'kysely';

/**
 * People search at the largest council (issue 19). A name search looks for each word anywhere in
 * the given, family or preferred name; trigram indexes (pg_trgm, in PostgreSQL's contrib and in
 * PGlite) answer that without reading every record. A postcode search is a prefix of the postcode
 * without spaces, which a pattern index answers whatever the database's collation.
 *
 * Search is a POST, so names and NHS numbers never appear in an address; its results are shown a
 * page at a time at /people/search/{id}, where the id names the search kept here: the query, who
 * searched, and when. Only the one who searched can open it, for a working day.
 */
const statements = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE INDEX people_names_trigrams ON people USING gin (lower(given_name) gin_trgm_ops, lower(family_name) gin_trgm_ops, lower(coalesce(preferred_name, '')) gin_trgm_ops)`,
  `CREATE INDEX people_postcode_prefix ON people (replace(postcode, ' ', '') text_pattern_ops)`,
  `CREATE TABLE people_searches (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     searched_by uuid NOT NULL REFERENCES staff_users (id),
     query text NOT NULL CHECK (length(query) BETWEEN 1 AND 200),
     searched_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX people_searches_by ON people_searches (searched_by, searched_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
