import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { createDirectoryFiles } from './features/directory/files.js';
import { createDirectoryService } from './features/directory/service.js';
import type { Database } from './db/schema.js';
import { createAdminService } from './features/admin/service.js';
import { createAuthService } from './features/auth/service.js';
import { createAssessmentService } from './features/assessments/service.js';
import { createPeopleService } from './features/people/service.js';
import { createSchemeService } from './features/schemes/service.js';

/** The composition root: data → services. The app (src/app.ts) takes these and adds HTTP. */
export function createServices(db: Kysely<Database>, config: Pick<Config, 'allowDemoData' | 'checkPolicy'>) {
  const schemes = createSchemeService(db);
  return {
    auth: createAuthService(db),
    people: createPeopleService(db),
    admin: createAdminService(db, { allowDemoPasswords: config.allowDemoData }),
    schemes,
    assessments: createAssessmentService(db, schemes),
    directory: createDirectoryService(db, config.checkPolicy),
    directoryFiles: createDirectoryFiles(db),
  };
}

export type Services = ReturnType<typeof createServices>;
