import { describe, expect, it } from 'vitest';
import { backupAlert, scheduleInWords } from './presenters.js';

describe('the jobs page in words', () => {
  it('says a daily cron schedule as a time of day, and any other as written', () => {
    expect(scheduleInWords('30 2 * * *')).toBe('Every day at 2:30am, London time');
    expect(scheduleInWords('0 0 * * *')).toBe('Every day at 12:00am, London time');
    expect(scheduleInWords('5 13 * * *')).toBe('Every day at 1:05pm, London time');
    expect(scheduleInWords('0 2 * * 1')).toBe('On the schedule “0 2 * * 1” (cron)');
    expect(scheduleInWords('99 2 * * *')).toBe('On the schedule “99 2 * * *” (cron)');
  });

  it('alerts when the last backup failed, when none has been checked, and when the last is over 26 hours old', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const backup = (hoursAgo: number, status: 'verified' | 'failed') => ({ id: 'b', started_at: new Date(now.getTime() - hoursAgo * 3_600_000), finished_at: null, status, file_name: null, bytes: null, rows: null, audit_entries: null, error: status === 'failed' ? 'the disk is full' : null });
    expect(backupAlert(undefined, undefined, now)[0]!.text).toBe('No backup has been made and checked yet. The first is made tonight.');
    expect(backupAlert(backup(2, 'failed'), backup(20, 'verified'), now)[0]!.text).toMatch(/^The backup started .* failed: the disk is full\.$/);
    expect(backupAlert(backup(20, 'verified'), backup(20, 'verified'), now)).toEqual([]);
    expect(backupAlert(backup(27, 'verified'), backup(27, 'verified'), now)[0]!.text).toMatch(/^No backup has been made and checked since /);
  });
});
