import { type Route, page, route } from '../../web/route.js';
import * as present from './presenters.js';
import * as repo from './repository.js';

export const backupRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/admin/jobs',
    access: 'jobs:manage',
    load: async (ctx) => ({ statuses: await repo.jobStatuses(ctx.db), backups: await repo.recentBackups(ctx.db) }),
    respond: (ctx, { statuses, backups }) => page('backups/views/jobs.njk', present.jobsPage(statuses, backups, ctx.config.backups.schedule, ctx.config.backups.dir, ctx.config.backups.retentionDays)),
  }),
];
