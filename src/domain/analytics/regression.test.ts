import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSums, fit } from './regression.js';

const sums = (points: [number, number][]) => {
  const s = new ExactSums();
  for (const [x, y] of points) s.add(x, y);
  return s;
};

describe('least squares', () => {
  it('fits an exact line exactly', () => {
    expect(fit(sums([[10, 1500], [20, 2500], [30, 3500]]), false)).toEqual({ n: 3, pencePerPoint: 100, fixedPence: 500, r2: 1 });
  });

  it('fits through the origin with slope Σxy/Σx² and r² about the mean', () => {
    const result = fit(sums([[1, 2], [2, 4], [3, 7]]), true);
    // Σxy = 31, Σx² = 14
    expect(result).toMatchObject({ n: 3, fixedPence: 0 });
    if (!('error' in result)) {
      expect(result.pencePerPoint).toBeCloseTo(31 / 14, 12);
      const ssRes = [2, 4, 7].reduce((s, y, i) => s + (y - (31 / 14) * (i + 1)) ** 2, 0);
      const mean = 13 / 3;
      const ssTot = [2, 4, 7].reduce((s, y) => s + (y - mean) ** 2, 0);
      expect(result.r2).toBeCloseTo(1 - ssRes / ssTot, 12);
    }
  });

  it('names groups that cannot be fitted', () => {
    expect(fit(sums([[5, 100]]), false)).toEqual({ n: 1, error: 'only one person in this group: at least 2 are needed to fit a line' });
    expect(fit(sums([[5, 100], [5, 300]]), false)).toEqual({ n: 2, error: 'everyone in this group has the same points, so no line can be fitted' });
  });

  it('loses no precision with a million large costs far from the origin', () => {
    const s = new ExactSums();
    // Noise of +1 and −1 in pairs at each x, so the exact least-squares line is y = 5,000,000,000 + 3x.
    for (let i = 0; i < 1_000_000; i++) {
      const x = 1000 + (Math.floor(i / 2) % 7);
      s.add(x, 5_000_000_000 + 3 * x + (i % 2 === 0 ? 1 : -1));
    }
    const result = fit(s, false);
    if ('error' in result) throw new Error(result.error);
    expect(result.pencePerPoint).toBeCloseTo(3, 12);
    expect(result.fixedPence).toBeCloseTo(5_000_000_000, 3);
  });

  it('agrees with a textbook two-pass calculation on small data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 500_000 })), { minLength: 3, maxLength: 50 }), (rows) => {
        const result = fit(sums(rows), false);
        const n = rows.length;
        const mx = rows.reduce((s, [x]) => s + x, 0) / n;
        const my = rows.reduce((s, [, y]) => s + y, 0) / n;
        const sxx = rows.reduce((s, [x]) => s + (x - mx) ** 2, 0);
        if (sxx === 0) {
          expect('error' in result).toBe(true);
          return;
        }
        const sxy = rows.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
        const slope = sxy / sxx;
        if ('error' in result) throw new Error(result.error);
        expect(result.pencePerPoint).toBeCloseTo(slope, 6);
        expect(result.fixedPence).toBeCloseTo(my - slope * mx, 4);
      }),
    );
  });
});
