import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { createDirectoryFiles } from './features/directory/files.js';
import { createDirectoryService } from './features/directory/service.js';
import type { Database } from './db/schema.js';
import { createAdminService } from './features/admin/service.js';
import { createAuthService } from './features/auth/service.js';
import { createAssessmentService } from './features/assessments/service.js';
import { createPeopleService } from './features/people/service.js';
import { createAnalyticsService } from './features/analytics/service.js';
import { spendFile } from './features/direct-payments/spend.js';
import { createReviewService } from './features/reviews/service.js';
import { createSafeguardingService } from './features/safeguarding/service.js';
import { createSchemeService } from './features/schemes/service.js';
import { openDraftPlan } from './features/support-plans/start-plan.js';
import { createWorklistService } from './features/worklists/service.js';

/** The composition root: data → services. The app (src/app.ts) takes these and adds HTTP. */
export function createServices(db: Kysely<Database>, config: Pick<Config, 'allowDemoData' | 'checkPolicy' | 'signOffLimits' | 'monitoring'>) {
  const schemes = createSchemeService(db);
  return {
    auth: createAuthService(db),
    people: createPeopleService(db),
    admin: createAdminService(db, { allowDemoPasswords: config.allowDemoData }),
    schemes,
    assessments: createAssessmentService(db, schemes),
    directory: createDirectoryService(db, config.checkPolicy),
    directoryFiles: createDirectoryFiles(db),
    reviews: createReviewService(db, openDraftPlan),
    safeguarding: createSafeguardingService(db),
    worklists: createWorklistService(db),
    analytics: createAnalyticsService(db, schemes, (from: string, to: string) => spendFile(db, { from, to })),
  };
}

export type Services = ReturnType<typeof createServices>;
