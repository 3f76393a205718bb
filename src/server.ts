import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirectoryInUseError, migrateToLatest, openDatabase } from './db/client.js';
import { untilDatabaseIsUp } from './db/wait.js';
import { DEMO_SIGN_INS, hasAnyStaff, seedDemo } from './db/seed/demo.js';
import { demoAccountsExist } from './features/admin/repository.js';
import { DEMO_PASSWORD } from './features/auth/passwords.js';

async function main() {
  // The embedded database's files (its write-ahead log too) hold special-category data: owner-only.
  process.umask(0o077);
  const config = loadConfig();
  const database = await openDatabase(config);
  await untilDatabaseIsUp(() => migrateToLatest(database.db), {
    onWait: (tries, ms) => process.stdout.write(`Waiting for ${database.description} to accept connections (try ${tries}); trying again in ${Math.round(ms / 1000)} s.\n`),
  });

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

  const app = await buildApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`Selfdirect is running at http://localhost:${config.port} on ${database.description}.\n`);
  if (demo) {
    process.stdout.write(`Demo sign-ins (password ${DEMO_PASSWORD}):\n`);
    for (const signIn of DEMO_SIGN_INS) process.stdout.write(`  ${signIn.email.padEnd(30)} ${signIn.role}${signIn.teams.length ? ` (${signIn.teams.join(', ')})` : ''}\n`);
  }

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError || error instanceof DataDirectoryInUseError ? `${error.message}\n` : `Selfdirect could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
