/** Money is integer pence. These format it for people: £1,234.56. Pure and exact (no floating point). */
export function formatPence(pence: number): string {
  const negative = pence < 0;
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${negative ? '−' : ''}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** An exact decimal number of pence, as text ("92261.7"), in pounds ("£922.617"), keeping every digit. */
export function formatExactPence(text: string): string {
  const approximate = text.startsWith('≈');
  const [whole, exactFraction = ''] = text.replace('≈', '').split('.') as [string, string?];
  const negative = whole.startsWith('-');
  // A figure that is only about right (a repeating decimal) is shown to the penny, rounded half up;
  // an exact one keeps every digit, as a council's rate of £3.365 a point is exactly that.
  const roundUp = approximate && (exactFraction[0] ?? '0') >= '5';
  const fraction = approximate ? '' : exactFraction;
  const digits = (roundUp ? (BigInt(whole.replace('-', '')) + 1n).toString() : whole.replace('-', '')).padStart(3, '0');
  const pounds = Number(digits.slice(0, -2)).toLocaleString('en-GB');
  const decimals = `${digits.slice(-2)}${fraction}`;
  return `${approximate ? 'about ' : ''}${negative ? '−' : ''}£${pounds}.${decimals}`;
}

/** Pence as a form shows them for editing: 123456 → "1234.56" (what parsePounds reads back). */
export function poundsForInput(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

/** "£12.34" or "12.34" or "12" → 1234 pence; null when it is not an amount of money. */
export function parsePounds(input: string): number | null {
  const match = /^£?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!match) return null;
  const pounds = Number(match[1]!.replace(/,/g, ''));
  const pence = Number((match[2] ?? '').padEnd(2, '0'));
  const total = pounds * 100 + pence;
  return Number.isSafeInteger(total) ? total : null;
}
