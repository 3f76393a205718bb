/** The scheduled jobs' queue names (made by migration 0040), apart from their work so the slice can name them without loading it. */
export const DAILY_BACKUP_JOB = 'daily-backup';
export const UPKEEP_JOB = 'database-upkeep';
