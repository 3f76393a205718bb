import { reportFailure, run } from './commands.js';

// The embedded database, backups and exports hold special-category data: owner-only, always.
process.umask(0o077);

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportFailure(error)),
);
