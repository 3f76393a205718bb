/**
 * Small numbers on pages without names: a count of 1 to 4 people, or a figure for so few, can
 * identify someone (a group of one's annual cost is that person's budget), so it is shown as
 * "fewer than 5" and its money is not shown. Zero and 5 or more are shown as they are.
 */
export const SMALL_NUMBER_THRESHOLD = 5;

export const isSmallNumber = (people: number) => people > 0 && people < SMALL_NUMBER_THRESHOLD;

export function disclosedCount(people: number): string {
  return isSmallNumber(people) ? `fewer than ${SMALL_NUMBER_THRESHOLD}` : people.toLocaleString('en-GB');
}

/** A figure about `people` people: withheld when they are few enough to be identified. */
export function disclosedFigure<T>(people: number, figure: T): T | null {
  return isSmallNumber(people) ? null : figure;
}
