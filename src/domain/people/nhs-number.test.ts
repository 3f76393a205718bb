import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNhsNumber, nhsCheckDigit, parseNhsNumber } from './nhs-number.js';

describe('NHS number', () => {
  it('accepts 943 476 5919 in any common spacing', () => {
    for (const input of ['9434765919', '943 476 5919', '943-476-5919', ' 943 4765919 ']) {
      expect(parseNhsNumber(input)).toEqual({ ok: true, value: '9434765919' });
    }
  });

  it('refuses 943 476 5918 because the check digit is wrong', () => {
    expect(parseNhsNumber('943 476 5918')).toEqual({ ok: false, problem: 'check-digit' });
  });

  it('refuses numbers that are not ten digits', () => {
    expect(parseNhsNumber('943476591')).toEqual({ ok: false, problem: 'not-ten-digits' });
    expect(parseNhsNumber('94347659190')).toEqual({ ok: false, problem: 'not-ten-digits' });
    expect(parseNhsNumber('94347659A9')).toEqual({ ok: false, problem: 'not-ten-digits' });
    expect(parseNhsNumber('')).toEqual({ ok: false, problem: 'empty' });
  });

  it('treats a remainder giving 11 as check digit 0 and 10 as invalid', () => {
    // 400 000 000: sum = 40, 40 mod 11 = 7, 11 - 7 = 4
    expect(nhsCheckDigit('400000000')).toBe(4);
    // sum ≡ 0 (mod 11) → 11 → check digit 0
    expect(nhsCheckDigit('000000000')).toBe(0);
    // sum ≡ 1 (mod 11) → 10 → no valid number: 6 × 2 = 12
    expect(nhsCheckDigit('000000006')).toBeNull();
  });

  it('every nine digits have exactly one valid completion or none', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), (nine) => {
        const valid = [...'0123456789'].filter((d) => parseNhsNumber(nine + d).ok);
        const check = nhsCheckDigit(nine);
        expect(valid).toEqual(check === null ? [] : [String(check)]);
      }),
    );
  });

  it('formats as 3-3-4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
