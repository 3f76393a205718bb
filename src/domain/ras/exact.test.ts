import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalOf, decimalText, ratioText, roundHalfUp, roundHalfUpNumber } from './exact.js';

describe('exact decimals', () => {
  it('reads numbers as the decimals they were written as', () => {
    expect(decimalOf(2350.5)).toEqual({ units: 23505n, scale: 1 });
    expect(decimalOf(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(decimalOf(52.1429)).toEqual({ units: 521429n, scale: 4 });
    expect(decimalOf(-2500)).toEqual({ units: -2500n, scale: 0 });
    expect(decimalOf(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(decimalOf(1e21)).toEqual({ units: 10n ** 21n, scale: 0 });
  });

  it('rounds half up, once', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(roundHalfUp(-5n, 2n)).toBe(-2n); // -2.5 → -2 (floor(x + ½))
    expect(roundHalfUp(7n, 3n)).toBe(2n);
    expect(roundHalfUpNumber(5, 2)).toBe(3);
    expect(roundHalfUpNumber(-5, 2)).toBe(-2);
  });

  it('Number and BigInt rounding agree', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), fc.bigInt({ min: 1n, max: 2n ** 40n }), (n, d) => {
        expect(BigInt(roundHalfUpNumber(Number(n), Number(d)))).toBe(
          Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n ? roundHalfUp(n, d) : BigInt(roundHalfUpNumber(Number(n), Number(d))),
        );
      }),
    );
  });

  it('writes ratios exactly when they terminate', () => {
    expect(ratioText({ num: 9n, den: 10n })).toBe('0.9');
    expect(ratioText({ num: 12345n, den: 100n })).toBe('123.45');
    expect(ratioText({ num: 1n, den: 3n })).toBe('≈0.333333');
    expect(decimalText({ units: 1000n, scale: 2 })).toBe('10');
  });
});
