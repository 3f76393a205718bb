import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001_foundation.js';

/** Migrations are listed here, not found on disk, so they run the same from TypeScript and compiled JavaScript. */
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
