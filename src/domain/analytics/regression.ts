/**
 * Least squares of weekly cost on points, per group, for RAS calibration. Points and costs are
 * whole numbers, so the sums are kept exactly: in Number while they are safe integers, moved into
 * BigInt before they could lose a unit. The statistics are formed from the exact centred sums
 * (n·Σxy − Σx·Σy and so on) and only the final ratios are floating point, so a million rows with
 * large costs lose nothing to cancellation.
 */
const SAFE = 2 ** 52;
/** Below this, a square (and so every product) of two values is a safe integer. */
const LARGE = 2 ** 26;

export class ExactSums {
  n = 0;
  private x = 0;
  private y = 0;
  private xx = 0;
  private xy = 0;
  private yy = 0;
  private bx = 0n;
  private by = 0n;
  private bxx = 0n;
  private bxy = 0n;
  private byy = 0n;

  add(x: number, y: number) {
    if (x >= LARGE || x <= -LARGE || y >= LARGE || y <= -LARGE) return this.addExactly(x, y);
    this.n++;
    this.x += x;
    this.y += y;
    this.xx += x * x;
    this.xy += x * y;
    this.yy += y * y;
    if (this.yy > SAFE || this.xy > SAFE || this.xy < -SAFE || this.y > SAFE || this.y < -SAFE || this.xx > SAFE) this.flush();
  }

  /** A row too large for its squares to be safe integers goes straight into BigInt. */
  private addExactly(x: number, y: number) {
    this.n++;
    const bx = BigInt(x);
    const by = BigInt(y);
    this.bx += bx;
    this.by += by;
    this.bxx += bx * bx;
    this.bxy += bx * by;
    this.byy += by * by;
  }

  private flush() {
    this.bx += BigInt(this.x);
    this.by += BigInt(this.y);
    this.bxx += BigInt(this.xx);
    this.bxy += BigInt(this.xy);
    this.byy += BigInt(this.yy);
    this.x = this.y = this.xx = this.xy = this.yy = 0;
  }

  totals() {
    this.flush();
    return { n: BigInt(this.n), x: this.bx, y: this.by, xx: this.bxx, xy: this.bxy, yy: this.byy };
  }
}

export type Fit = { n: number; pencePerPoint: number; fixedPence: number; r2: number } | { n: number; error: string };

/** Ordinary least squares with an intercept, or through the origin (fixedPence 0, slope Σxy/Σx²). */
export function fit(sums: ExactSums, throughOrigin: boolean): Fit {
  const n = sums.n;
  if (n < 2) return { n, error: `${n === 0 ? 'no people' : 'only one person'} in this group: at least 2 are needed to fit a line` };
  const t = sums.totals();
  // n²·variance terms, exact.
  const sxx = t.n * t.xx - t.x * t.x;
  const syy = t.n * t.yy - t.y * t.y;
  const sxy = t.n * t.xy - t.x * t.y;
  if (sxx === 0n) return { n, error: 'everyone in this group has the same points, so no line can be fitted' };
  if (throughOrigin) {
    const slope = Number(t.xy) / Number(t.xx);
    // SS_res = Σy² − (Σxy)²/Σx²; SS_tot about the mean = syy / n. Both scaled by n·Σx² to stay exact.
    const ssResScaled = t.n * (t.yy * t.xx - t.xy * t.xy);
    const ssTotScaled = syy * t.xx;
    const r2 = ssTotScaled === 0n ? (ssResScaled === 0n ? 1 : 0) : 1 - ratio(ssResScaled, ssTotScaled);
    return { n, pencePerPoint: slope, fixedPence: 0, r2 };
  }
  const slope = ratio(sxy, sxx);
  const fixed = ratio(t.y * t.xx - t.x * t.xy, sxx); // (Σy·Σx² − Σx·Σxy) / (n·Σx² − (Σx)²)
  const r2 = syy === 0n ? 1 : ratio(sxy * sxy, sxx * syy);
  return { n, pencePerPoint: slope, fixedPence: fixed, r2 };
}

/** a / b for big integers, to full double precision. */
function ratio(a: bigint, b: bigint): number {
  const negative = a < 0n !== b < 0n;
  let num = a < 0n ? -a : a;
  const den = b < 0n ? -b : b;
  const whole = num / den;
  num -= whole * den;
  // 20 more decimal digits are beyond a double's precision.
  const fraction = Number((num * 10n ** 20n) / den) / 1e20;
  const value = Number(whole) + fraction;
  return negative ? -value : value;
}
