import { type Kysely, sql } from 'kysely';

/**
 * Account statements sent through the open API (issue 18, ADR 0021): a statement line is imported
 * by a member of staff (`imported_by`) or by a registered system (`imported_by_client`), one or the
 * other, never neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE statement_lines
     ALTER COLUMN imported_by DROP NOT NULL,
     ADD COLUMN imported_by_client uuid REFERENCES api_clients (id),
     ADD CONSTRAINT statement_lines_one_importer CHECK ((imported_by IS NULL) <> (imported_by_client IS NULL))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
