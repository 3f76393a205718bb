import type { Slice } from '../../web/slice.js';
import { backupAlert } from './presenters.js';
import { latestBackup, latestVerifiedBackup } from './repository.js';
import { backupRoutes } from './routes.js';

/** Scheduled jobs and daily verified backups (issue 18, ADR 0019). */
export const backupsSlice: Slice = {
  name: 'backups',
  routes: backupRoutes,
  home: [{ href: '/admin/jobs', title: 'Scheduled jobs and backups', hint: 'The nightly backup (restored and checked each time), and every job’s last run and result', ability: 'jobs:manage', order: 120 }],
  notices: [
    {
      title: 'Backups',
      ability: 'jobs:manage',
      load: async (ctx) => backupAlert(await latestBackup(ctx.db), await latestVerifiedBackup(ctx.db), new Date()),
    },
  ],
  tables: [
    { name: 'backups', orderBy: 'id', notBackedUp: 'a record of this installation’s own backups: a restored service starts its own' },
    { name: 'job_status', orderBy: 'job', notBackedUp: 'the last run of each of this installation’s jobs: a restored service runs them afresh' },
  ],
};
