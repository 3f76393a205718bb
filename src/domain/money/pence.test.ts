import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExactPence, formatPence, parsePounds, poundsForInput } from './pence.js';

describe('money', () => {
  it('formats pence as pounds', () => {
    expect(formatPence(123456)).toBe('£1,234.56');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(-150)).toBe('−£1.50');
  });

  it('formats exact decimal pence keeping every digit, and an approximate figure to the penny', () => {
    expect(formatExactPence('92261.7')).toBe('£922.617');
    expect(formatExactPence('5')).toBe('£0.05');
    expect(formatExactPence('877.5')).toBe('£8.775');
    expect(formatExactPence('≈57536.123456')).toBe('about £575.36');
    expect(formatExactPence('≈336.538462')).toBe('about £3.37');
    expect(formatExactPence('≈99.5')).toBe('about £1.00');
  });

  it('parses amounts people type', () => {
    expect(parsePounds('£1,234.56')).toBe(123456);
    expect(parsePounds('12')).toBe(1200);
    expect(parsePounds('12.5')).toBe(1250);
    expect(parsePounds('12.345')).toBeNull();
    expect(parsePounds('-3')).toBeNull();
    expect(parsePounds('ten')).toBeNull();
  });

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (pence) => {
        expect(parsePounds(formatPence(pence))).toBe(pence);
      }),
    );
  });

  it('shows pence in a form as pounds that read back exactly', () => {
    expect(poundsForInput(123456)).toBe('1234.56');
    expect(poundsForInput(5)).toBe('0.05');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (pence) => {
        expect(parsePounds(poundsForInput(pence))).toBe(pence);
      }),
    );
  });
});
