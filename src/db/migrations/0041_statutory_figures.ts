import { type Kysely, sql } from 'kysely';

/**
 * The statutory returns' figures, kept (issue 19, ADR 0018). ASCOF 3D and the data-quality check
 * read every event open in a period with its person: at the largest council 13 s for the ASCOF
 * page (the period and eight rolling years for the trend) and 5 s for data quality, on every
 * visit. Each period's figures are now worked out once and kept in `statutory_figures`; the pages
 * read them, with when they were worked out.
 *
 * `statutory_register` is one row, a count of changes to what the returns read: a statement
 * trigger on `cld_events`, `people` and `carer_links` adds one for each statement that writes
 * them. Figures keep the count they were worked out from; a lower count than the register's means
 * something has changed since. The `statutory-figures` job works out again the periods asked for
 * (`asked_at`) whose figures are missing or out of date; its queue lets one run at a time.
 *
 * Both tables can be made again from the register, so neither is backed up.
 */
const statements = [
  `CREATE TABLE statutory_register (
     id boolean PRIMARY KEY DEFAULT true CHECK (id),
     changes bigint NOT NULL DEFAULT 0
   )`,
  `INSERT INTO statutory_register (id, changes) VALUES (true, 0)`,
  `CREATE FUNCTION statutory_register_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE statutory_register SET changes = changes + 1;
     RETURN NULL;
   END $$`,
  ...['cld_events', 'people', 'carer_links'].map(
    (table) => `CREATE TRIGGER ${table}_statutory_register AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION statutory_register_changed()`,
  ),
  `CREATE TABLE statutory_figures (
     kind text NOT NULL CHECK (kind IN ('ascof', 'quality')),
     period_from date NOT NULL,
     period_to date NOT NULL CHECK (period_to >= period_from),
     asked_at timestamptz NOT NULL DEFAULT now(),
     figures jsonb,
     worked_out_at timestamptz,
     worked_out_from bigint,
     worked_out_with text,
     PRIMARY KEY (kind, period_from, period_to),
     CHECK ((figures IS NULL) = (worked_out_at IS NULL) AND (figures IS NULL) = (worked_out_from IS NULL))
   )`,
  `CREATE INDEX statutory_figures_asked ON statutory_figures (asked_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  const name = 'statutory-figures';
  await sql`SELECT pgboss.create_queue(${name}, ${JSON.stringify({ name, policy: 'stately', retryLimit: 2, retryDelay: 300, expireInSeconds: 3600, retentionMinutes: 60 * 24 * 7 })}::json)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
