import { type Kysely, sql } from 'kysely';
import type { Config } from '../config.js';
import { type DatabaseHandle, handleForPostgres, migrateToLatest } from './client.js';
import type { Database } from './schema.js';
import { untilDatabaseIsUp } from './wait.js';

/**
 * On PostgreSQL the service runs as a role that does not own the tables: migrations run as the
 * owner (MIGRATION_DATABASE_URL), which then grants the service what it needs and no more. The
 * service cannot alter or drop a table or a trigger, and may only add to the audit trail and the
 * ledger; so someone who takes over the service's connection cannot switch the triggers off.
 */
const APPEND_ONLY = ['audit_events', 'ledger_entries'] as const;

export async function grantServiceRole(owner: Kysely<Database>, role: string): Promise<void> {
  const r = sql.id(role);
  await owner.transaction().execute(async (trx) => {
    await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(trx);
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`.execute(trx);
    await sql`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(trx);
    for (const table of APPEND_ONLY) await sql`REVOKE UPDATE, DELETE, TRUNCATE ON ${sql.table(table)} FROM ${r}`.execute(trx);
    await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration, kysely_migration_lock FROM ${r}`.execute(trx);
    // The job queue's tables (created by the owner in a migration): the service uses them, and creates none.
    await sql`GRANT USAGE ON SCHEMA pgboss TO ${r}`.execute(trx);
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO ${r}`.execute(trx);
  });
}

/** Why the service's own role could undo the audit trail, or null when it cannot. */
export async function serviceRoleProblem(db: Kysely<Database>): Promise<string | null> {
  const result = await sql<{ role: string; superuser: boolean; owns: boolean; can_change: boolean }>`
    SELECT current_user AS role,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
           pg_has_role(current_user, c.relowner, 'USAGE') AS owns,
           has_table_privilege(current_user, 'audit_events', 'UPDATE')
             OR has_table_privilege(current_user, 'audit_events', 'DELETE')
             OR has_table_privilege(current_user, 'audit_events', 'TRUNCATE') AS can_change
    FROM pg_class c WHERE c.oid = 'audit_events'::regclass`.execute(db);
  const row = result.rows[0]!;
  if (row.superuser) return `the service connects as ${row.role}, a superuser`;
  if (row.owns) return `the service connects as ${row.role}, which owns the audit table and so can drop its triggers`;
  if (row.can_change) return `the service's role ${row.role} may update or delete audit entries`;
  return null;
}

/** The role named in a connection string. */
export function roleOf(connectionString: string): string {
  return decodeURIComponent(new URL(connectionString).username || 'postgres');
}

/**
 * Brings the schema up to date before the service uses it: as the owner when MIGRATION_DATABASE_URL
 * is set (then granting the service's role), otherwise as the service itself.
 */
export async function migrateForService(
  config: Pick<Config, 'databaseUrl' | 'migrationDatabaseUrl'>,
  database: DatabaseHandle,
  onWait?: (tries: number, ms: number) => void,
): Promise<void> {
  if (database.kind === 'postgresql' && config.migrationDatabaseUrl && config.databaseUrl) {
    const owner = handleForPostgres(config.migrationDatabaseUrl);
    try {
      await untilDatabaseIsUp(() => migrateToLatest(owner.db), { onWait });
      if (roleOf(config.migrationDatabaseUrl) !== roleOf(config.databaseUrl)) await grantServiceRole(owner.db, roleOf(config.databaseUrl));
    } finally {
      await owner.close();
    }
    return;
  }
  await untilDatabaseIsUp(() => migrateToLatest(database.db), { onWait });
}
