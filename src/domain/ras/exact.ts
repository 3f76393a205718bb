/**
 * Exact decimal arithmetic for the RAS. Rates, reductions and weeks per year may carry decimals;
 * they are read as scaled integers (2350.5 → 23505 / 10), multiplied as integers, divided once
 * and rounded once, half up. Number is used while every intermediate is a safe integer, BigInt
 * otherwise, so results are exact either way.
 */
export interface Decimal {
  /** value = units / 10^scale */
  units: bigint;
  scale: number;
}

/** The decimal a JSON number was written as (JavaScript prints the shortest round-tripping form). */
export function decimalOf(value: number | string): Decimal {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal number: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`) * (sign ? -1n : 1n);
  return { units, scale: fraction.length };
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and the like: expand without losing digits.
  const [mantissa, exponentText] = text.toLowerCase().split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = mantissa.replace('-', '').split('.') as [string, string?];
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const expanded =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + expanded;
}

export function decimalPlaces(value: number): number {
  return decimalOf(value).scale;
}

export const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** A fraction with a positive denominator. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export const ONE: Ratio = { num: 1n, den: 1n };

export function ratioOf(d: Decimal): Ratio {
  return { num: d.units, den: pow10(d.scale) };
}

export function multiply(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** floor(n / d + 1/2) for d > 0: rounding half up, once, to a whole number. */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  const twice = 2n * num + den;
  const twoDen = 2n * den;
  const q = twice / twoDen;
  // BigInt division truncates toward zero; floor needs one less for a negative inexact quotient.
  return twice < 0n && q * twoDen !== twice ? q - 1n : q;
}

/** The same with numbers, exact while the inputs are safe integers; falls back to BigInt otherwise. */
export function roundHalfUpNumber(num: number, den: number): number {
  const twice = 2 * num + den;
  const twoDen = 2 * den;
  if (!Number.isSafeInteger(twice) || !Number.isSafeInteger(twoDen) || !Number.isSafeInteger(num)) {
    return Number(roundHalfUp(BigInt(num), BigInt(den)));
  }
  let q = Math.floor(twice / twoDen);
  if (q * twoDen > twice) q -= 1;
  else if ((q + 1) * twoDen <= twice) q += 1;
  return q;
}

/** An exact decimal as text: terminating ratios exactly, others to 6 places with "≈". */
export function ratioText(r: Ratio): string {
  let den = r.den;
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) {
    den /= 2n;
    twos++;
  }
  while (den % 5n === 0n) {
    den /= 5n;
    fives++;
  }
  if (den === 1n || r.num % den === 0n) {
    const places = Math.max(twos, fives);
    const scaled = (r.num * pow10(places)) / r.den;
    return decimalText({ units: scaled, scale: places });
  }
  const scaled = roundHalfUp(r.num * pow10(6), r.den);
  return `≈${decimalText({ units: scaled, scale: 6 })}`;
}

export function decimalText(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  let fraction = d.scale > 0 ? digits.slice(digits.length - d.scale) : '';
  fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
