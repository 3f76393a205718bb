import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { createDirectoryFiles } from './features/directory/files.js';
import { createDirectoryService } from './features/directory/service.js';
import type { Database } from './db/schema.js';
import { createAnalyticsService } from './features/analytics/service.js';
import { spendFile } from './features/direct-payments/spend.js';

/** The composition root: data → services. The app (src/app.ts) takes these and adds HTTP. */
export function createServices(db: Kysely<Database>, config: Pick<Config, 'allowDemoData' | 'checkPolicy' | 'signOffLimits' | 'monitoring'>) {
  return {
    directory: createDirectoryService(db, config.checkPolicy),
    directoryFiles: createDirectoryFiles(db),
    analytics: createAnalyticsService(db, (from: string, to: string) => spendFile(db, { from, to })),
  };
}

export type Services = ReturnType<typeof createServices>;
