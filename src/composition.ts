import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import { createAdminService } from './features/admin/service.js';
import { createAuthService } from './features/auth/service.js';
import { createPeopleService } from './features/people/service.js';

/** The composition root: data → services. The app (src/app.ts) takes these and adds HTTP. */
export function createServices(db: Kysely<Database>, config: Pick<Config, 'allowDemoData'>) {
  return {
    auth: createAuthService(db),
    people: createPeopleService(db),
    admin: createAdminService(db, { allowDemoPasswords: config.allowDemoData }),
  };
}

export type Services = ReturnType<typeof createServices>;
