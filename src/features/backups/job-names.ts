/** The scheduled jobs' queue names (made by migration 0040), apart from their work so the slice can name them without loading it. */
export const DAILY_BACKUP_JOB = 'daily-backup';
export const UPKEEP_JOB = 'database-upkeep';
/** Works out again the statutory returns' figures asked for whose records have changed (migration 0041, ADR 0018). */
export const STATUTORY_FIGURES_JOB = 'statutory-figures';
/** Every five minutes: figures asked for wait at most that long, and an idle run is one small query. */
export const STATUTORY_FIGURES_SCHEDULE = '*/5 * * * *';
/** Reminders to people through the outbox, each morning (migration 0044). */
export const REMINDERS_JOB = 'daily-reminders';
export const REMINDERS_SCHEDULE = '0 7 * * *';
