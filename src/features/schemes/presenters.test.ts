import { describe, expect, it } from 'vitest';
import { tinyRateScheme } from '../../domain/ras/testing.js';
import { comparison } from './presenters.js';

describe('comparing two versions of a scheme', () => {
  it('lists what differs first, then what is the same', () => {
    const a = tinyRateScheme();
    const b = tinyRateScheme({ version: '2', effectiveFrom: '2027-04-01', allocation: { type: 'rate', groups: [{ id: 'g', title: 'G', primarySupportReasons: [], pencePerPoint: 120, fixedPence: 0, minimumPoints: 0 }] } });
    const c = comparison(a, b);
    expect(c.summary).toBe('2 figures differ between the two versions. They are listed first.');
    expect(c.differences!.caption).toBe('What differs (2)');
    expect(c.differences!.rows.map((r) => (r[0] as { text: string }).text)).toEqual(['G: per point', 'In force from']);
    expect(c.same!.rows.map((r) => (r[0] as { text: string }).text)).not.toContain('G: per point');
    expect(c.same!.rows.length).toBeGreaterThan(5);
  });

  it('says when the versions are the same, with no table of differences', () => {
    const c = comparison(tinyRateScheme(), tinyRateScheme());
    expect(c.summary).toBe('The two versions are the same.');
    expect(c.differences).toBeNull();
  });
});
