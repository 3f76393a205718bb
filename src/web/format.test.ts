import { describe, expect, it } from 'vitest';
import { escapeHtml, formatDate, formatDateTime, londonMoment, londonToday } from './format.js';

describe('display formats', () => {
  it('formats dates the GOV.UK way', () => {
    expect(formatDate('2026-04-01')).toBe('1 April 2026');
    expect(formatDate(null)).toBe('');
  });

  it('formats moments in London time, across the clock change', () => {
    expect(formatDateTime(new Date('2026-01-15T09:05:00Z'))).toBe('15 January 2026 at 9:05am');
    expect(formatDateTime(new Date('2026-07-15T12:30:00Z'))).toBe('15 July 2026 at 1:30pm');
  });

  it('reads a time on a London clock, summer and winter', () => {
    expect(londonMoment('2026-07-15', '13:30').toISOString()).toBe('2026-07-15T12:30:00.000Z');
    expect(londonMoment('2026-01-15', '09:05').toISOString()).toBe('2026-01-15T09:05:00.000Z');
    expect(londonMoment('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('gives the London date near midnight', () => {
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<b>"O'Neil" & co</b>`)).toBe('&lt;b&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;');
  });
});
