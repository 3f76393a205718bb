/**
 * NHS numbers: 10 digits; the 10th is a modulus 11 check digit over the first nine, weighted
 * 10 down to 2. 11 - (sum mod 11) gives the check digit; 11 means 0 and 10 means the number
 * cannot be valid.
 */
export type NhsNumberProblem = 'empty' | 'not-ten-digits' | 'check-digit';

export type NhsNumberResult = { ok: true; value: string } | { ok: false; problem: NhsNumberProblem };

export function parseNhsNumber(input: string): NhsNumberResult {
  const compact = input.replace(/[\s-]/g, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  if (!/^[0-9]{10}$/.test(compact)) return { ok: false, problem: 'not-ten-digits' };
  const expected = nhsCheckDigit(compact.slice(0, 9));
  if (expected === null || expected !== Number(compact[9])) return { ok: false, problem: 'check-digit' };
  return { ok: true, value: compact };
}

/** The check digit for nine digits, or null when no check digit can make them valid. */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** 9434765919 → "943 476 5919". */
export function formatNhsNumber(value: string): string {
  return `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`;
}

export const nhsNumberMessages: Record<NhsNumberProblem, string> = {
  empty: 'Enter an NHS number',
  'not-ten-digits': 'NHS number must be 10 digits, like 943 476 5919',
  'check-digit': 'Enter a real NHS number: the last digit does not match the others. Check each digit has been typed correctly',
};
