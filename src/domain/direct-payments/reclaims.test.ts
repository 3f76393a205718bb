import { describe, expect, it } from 'vitest';
import { RECLAIM_REVIEW_WITHIN_DAYS, decidedAmount, reviewAfterReclaim } from './reclaims.js';

describe('reclaims', () => {
  it('a review is due within 28 days of the decision', () => {
    expect(RECLAIM_REVIEW_WITHIN_DAYS).toBe(28);
    expect(reviewAfterReclaim('2026-12-01')).toEqual({ kind: 'after-reclaim', dueFrom: '2026-12-01', dueBy: '2026-12-29' });
  });
  it('a reduced amount lies strictly between nothing and the proposal', () => {
    expect(decidedAmount('approve', 10_000, null)).toEqual({ ok: true, pence: 10_000 });
    expect(decidedAmount('waive', 10_000, null)).toEqual({ ok: true, pence: 0 });
    expect(decidedAmount('reduce', 10_000, 1)).toEqual({ ok: true, pence: 1 });
    expect(decidedAmount('reduce', 10_000, 9_999)).toEqual({ ok: true, pence: 9_999 });
    for (const bad of [0, 10_000, 10_001, null]) expect(decidedAmount('reduce', 10_000, bad).ok).toBe(false);
  });
});
