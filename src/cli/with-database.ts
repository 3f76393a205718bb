import { loadConfig } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { migrateForService } from '../db/roles.js';
import { loadAuditKeys, useAuditKeys } from '../features/audit/keys.js';

/** The `selfdirect` commands that open the database (DATABASE_URL, or the embedded one in DATA_DIR). */
export async function withDatabase<T>(fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  useAuditKeys(loadAuditKeys(config));
  const database = await openDatabase(config);
  try {
    await migrateForService(config, database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

