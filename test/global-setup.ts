import pg from 'pg';
import { handleForPostgres, migrateToLatest } from '../src/db/client.js';
import { seedDemo } from '../src/db/seed/demo.js';
import { useTestAuditKeys } from './helpers/audit-keys.js';
import { TEMPLATE_DATABASE, databaseUrl } from './helpers/database.js';

/** With TEST_DATABASE_URL, prepares the template database every test file copies. */
export default async function setup() {
  useTestAuditKeys();
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const handle = handleForPostgres(databaseUrl(base, TEMPLATE_DATABASE));
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  await handle.close();
  await admin.end();
  return async () => {
    const dropper = new pg.Client({ connectionString: base });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await dropper.end();
  };
}
