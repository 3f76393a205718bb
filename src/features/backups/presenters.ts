import type { BackupsTable, JobStatusTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { formatBytes, formatDateTime } from '../../web/format.js';
import { captionedTable } from '../../web/tables.js';
import type { HomeNotice } from '../../web/slice.js';
import { DAILY_BACKUP_JOB, REMINDERS_JOB, REMINDERS_SCHEDULE, STATUTORY_FIGURES_JOB, UPKEEP_JOB } from './job-names.js';

/** What administrators see of the scheduled jobs and the backups. Pure. */

type Backup = Selectable<BackupsTable>;
type JobStatus = Selectable<JobStatusTable>;

/** A cron schedule in words when it is a time every day ('30 2 * * *' → 'Every day at 2:30am'); otherwise as written. */
export function scheduleInWords(cron: string): string {
  const daily = /^(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+\*$/.exec(cron.trim());
  if (!daily) return `On the schedule “${cron}” (cron)`;
  const minute = Number(daily[1]);
  const hour = Number(daily[2]);
  if (minute > 59 || hour > 23) return `On the schedule “${cron}” (cron)`;
  return `Every day at ${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}, London time`;
}

/** The jobs the runner schedules, in words. */
export const jobsOf = (backupSchedule: string): { job: string; name: string; when: string }[] => [
  { job: DAILY_BACKUP_JOB, name: 'Daily backup, restored and checked', when: scheduleInWords(backupSchedule) },
  { job: UPKEEP_JOB, name: 'Database upkeep (statistics for the query planner)', when: scheduleInWords('30 3 * * *') },
  { job: 'outbox-deliver', name: 'Sending emails and text messages', when: 'Every minute, and as soon as one is queued' },
  { job: REMINDERS_JOB, name: 'Reminders to people: reviews, direct payment checks, personal assistants’ checks', when: scheduleInWords(REMINDERS_SCHEDULE) },
  { job: STATUTORY_FIGURES_JOB, name: 'Statutory returns’ figures (ASCOF 3D, data quality)', when: 'Every 5 minutes, when the records they count have changed' },
];

/** A backup more than this many hours old is an alert. */
export const BACKUP_ALERT_HOURS = 26;


export function jobsPage(statuses: JobStatus[], backups: Backup[], schedule: string, dir: string, retentionDays: number) {
  const byJob = new Map(statuses.map((s) => [s.job, s]));
  return {
    title: 'Scheduled jobs and backups',
    backupWhere: `Backups are written to ${dir} and kept for ${retentionDays} ${retentionDays === 1 ? 'day' : 'days'}; the newest checked one is always kept.`,
    jobs: captionedTable(
      'Jobs',
      [{ text: 'Job' }, { text: 'When' }, { text: 'Last run' }, { text: 'Result' }],
      jobsOf(schedule).map(({ job, name, when }) => {
        const s = byJob.get(job);
        return [
          { text: name },
          { text: when },
          { text: s?.last_started_at ? formatDateTime(s.last_started_at) : 'Not run yet' },
          { text: !s?.last_result ? (s?.last_started_at ? 'Running' : '') : s.last_result === 'succeeded' ? `Succeeded: ${s.last_summary ?? ''}` : `Failed: ${s.last_error ?? ''}` },
        ];
      }),
    ),
    backups: backups.length
      ? captionedTable(
          'Backups, newest first',
          [{ text: 'Started' }, { text: 'Result' }, { text: 'Size', format: 'numeric' }, { text: 'Rows', format: 'numeric' }, { text: 'File' }],
          backups.map((b) => [
            { text: formatDateTime(b.started_at) },
            { text: b.status === 'verified' ? `Restored and checked: ${(b.audit_entries ?? 0).toLocaleString('en-GB')} audit entries verify` : b.status === 'running' ? 'Being made' : `Failed: ${b.error ?? ''}` },
            { text: b.bytes === null ? '' : formatBytes(b.bytes), format: 'numeric' },
            { text: b.rows === null ? '' : b.rows.toLocaleString('en-GB'), format: 'numeric' },
            { text: b.file_name ?? (b.status === 'verified' ? 'Deleted after the retention period' : '') },
          ]),
        )
      : null,
  };
}

/** The administrators' home page alert: the last backup failed, or none has been checked for too long. */
export function backupAlert(latest: Backup | undefined, latestVerified: Backup | undefined, now: Date): HomeNotice[] {
  const link = { href: '/admin/jobs', text: 'See the scheduled jobs and backups' };
  if (latest?.status === 'failed') return [{ text: `The backup started ${formatDateTime(latest.started_at)} failed: ${latest.error ?? 'no reason was recorded'}.`, link }];
  if (!latestVerified) return [{ text: 'No backup has been made and checked yet. The first is made tonight.', link }];
  const hours = (now.getTime() - latestVerified.started_at.getTime()) / 3_600_000;
  if (hours > BACKUP_ALERT_HOURS) return [{ text: `No backup has been made and checked since ${formatDateTime(latestVerified.started_at)}.`, link }];
  return [];
}
