/**
 * How far an analysis of a group can be trusted. Separate from disclosure (which hides figures about
 * fewer than 5 people): a group can be big enough to show and still too small to conclude from.
 *
 * Twenty is a working rule, not a statistical test: in a group of 20, one person whose care costs
 * twice the average moves the group's total by about 5%, half the default tolerance of 10%.
 */
export const FEWEST_TO_CONCLUDE = 20;

export const tooFewToConclude = (people: number) => people > 0 && people < FEWEST_TO_CONCLUDE;

/**
 * A caution about a fitted rate, or null. A line with a fixed amount through 2 people always
 * passes through both exactly, so its R² is 1 whatever they cost: it says nothing about the fit.
 */
export function fitCaution(n: number, throughOrigin: boolean): string | null {
  if (!throughOrigin && n === 2) return 'only 2 people: a line always fits 2 people exactly, so R² says nothing';
  if (tooFewToConclude(n)) return `only ${n} people: too few to rely on the fitted rate`;
  return null;
}

/** R² as a figure to show, or why it is not shown. */
export function r2Text(r2: number, n: number, throughOrigin: boolean): string {
  return !throughOrigin && n === 2 ? 'not meaningful (2 people)' : r2.toFixed(3);
}
