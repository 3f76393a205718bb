import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirectoryInUseError, openDatabase } from './db/client.js';
import { migrateForService, serviceRoleProblem } from './db/roles.js';
import { DEMO_SIGN_INS, hasAnyStaff, seedDemo } from './db/seed/demo.js';
import { DEMO_PORTAL_SIGN_INS } from './db/seed/portal.js';
import { demoAccountsExist } from './features/admin/repository.js';
import { DEMO_PASSWORD } from './features/auth/passwords.js';
import { appendAnchor } from './features/audit/anchors.js';
import { auditAnchor } from './features/audit/audit-trail.js';
import { AuditKeyError, loadAuditKeys, useAuditKeys } from './features/audit/keys.js';
import { type JobRunner, startJobs } from './jobs/runner.js';

/** How often the audit trail's head is written out (log line, AUDIT_ANCHOR_FILE). */
const ANCHOR_EVERY_MS = 60 * 60 * 1000;

async function main() {
  // The embedded database's files (its write-ahead log too) hold special-category data: owner-only.
  process.umask(0o077);
  const config = loadConfig();
  useAuditKeys(loadAuditKeys(config));
  const database = await openDatabase(config);
  await migrateForService(config, database, (tries, ms) =>
    process.stdout.write(`Waiting for ${database.description} to accept connections (try ${tries}); trying again in ${Math.round(ms / 1000)} s.\n`),
  );
  if (database.kind === 'postgresql') {
    const problem = await serviceRoleProblem(database.db);
    if (problem && !config.allowDemoData) {
      process.stderr.write(`Selfdirect will not start with NODE_ENV=production: ${problem}.\nRun migrations as the owner role (MIGRATION_DATABASE_URL) and the service as a role that does not own the tables (DATABASE_URL); see docs/security.md.\n`);
      await database.close();
      process.exit(1);
    }
    if (problem) process.stdout.write(`Warning: ${problem}. In production, set MIGRATION_DATABASE_URL to the owner role (docs/security.md).\n`);
  }

  let demo = false;
  if (config.allowDemoData) {
    const { loaded } = await seedDemo(database.db);
    if (loaded) process.stdout.write('Loaded Anytown Council demo data.\n');
    demo = await demoAccountsExist(database.db);
  } else if (await demoAccountsExist(database.db)) {
    // The demo password is published: never serve production with those accounts in the database.
    process.stderr.write('Selfdirect will not start with NODE_ENV=production: this database has the demo accounts, whose password is published.\nRetire them first with:\n  npx selfdirect retire-demo-accounts\n');
    await database.close();
    process.exit(1);
  } else if (!(await hasAnyStaff(database.db))) {
    process.stdout.write('There are no staff accounts yet. Create an administrator with:\n  npx selfdirect create-user --email you@council.example --name "Your Name" --role administrator\n');
  }

  let jobs: JobRunner | undefined;
  const app = await buildApp({ config, database, messagesQueued: () => jobs?.deliverSoon(), jobsRunning: () => jobs !== undefined });
  jobs = await startJobs(database.db, config, app.log);
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`Selfdirect is running at http://localhost:${config.port} on ${database.description}.\n`);
  if (demo) {
    process.stdout.write(`Demo sign-ins (password ${DEMO_PASSWORD}):\n`);
    for (const signIn of DEMO_SIGN_INS) process.stdout.write(`  ${signIn.email.padEnd(30)} ${signIn.role}${signIn.teams.length ? ` (${signIn.teams.join(', ')})` : ''}\n`);
    process.stdout.write(`My Selfdirect (http://localhost:${config.port}/my): sign in with a code, read at http://localhost:${config.port}/dev/outbox:\n`);
    for (const signIn of DEMO_PORTAL_SIGN_INS) process.stdout.write(`  ${signIn.email.padEnd(30)} ${signIn.who}\n`);
  }

  // The trail's head, where the database is not: in the log, and in AUDIT_ANCHOR_FILE when set.
  const anchor = async () => {
    try {
      const head = await auditAnchor(database.db);
      app.log.info({ auditAnchor: head }, 'audit anchor');
      if (config.auditAnchorFile) await appendAnchor(config.auditAnchorFile, head);
    } catch (error) {
      app.log.error({ err: error }, 'the audit anchor could not be written');
    }
  };
  await anchor();
  const anchoring = setInterval(() => void anchor(), ANCHOR_EVERY_MS);
  anchoring.unref();

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    clearInterval(anchoring);
    await anchor();
    await app.close();
    await jobs?.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError || error instanceof DataDirectoryInUseError || error instanceof AuditKeyError ? `${error.message}\n` : `Selfdirect could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
