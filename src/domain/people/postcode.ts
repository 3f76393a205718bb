/**
 * UK postcodes: an outward code (area, district) and an inward code (sector digit, two unit
 * letters). The unit letters never use C, I, K, M, O or V. GIR 0AA is valid, and so are the
 * pseudo-postcodes ZZ99 3VZ (no fixed abode) and ZZ99 3WZ (address not known).
 */
const OUTWARD = /^(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/;
const INWARD = /^[0-9][ABD-HJLNP-UW-Z]{2}$/;

const SPECIAL = new Set(['GIR 0AA', 'ZZ99 3VZ', 'ZZ99 3WZ']);

export type PostcodeResult = { ok: true; value: string } | { ok: false; problem: 'empty' | 'format' };

export function parsePostcode(input: string): PostcodeResult {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === '') return { ok: false, problem: 'empty' };
  if (compact.length < 5 || compact.length > 7) return { ok: false, problem: 'format' };
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  const formatted = `${outward} ${inward}`;
  if (SPECIAL.has(formatted)) return { ok: true, value: formatted };
  if (!OUTWARD.test(outward) || !INWARD.test(inward)) return { ok: false, problem: 'format' };
  return { ok: true, value: formatted };
}

export const postcodeMessages = {
  empty: 'Enter a postcode',
  format: 'Enter a real postcode, like CR2 6XH. If the person has no fixed abode use ZZ99 3VZ, or ZZ99 3WZ if the address is not known',
} as const;
