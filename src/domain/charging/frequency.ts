/**
 * Amounts are assessed weekly (charging.md §3): monthly × 12 ÷ 52, four-weekly ÷ 4, two-weekly ÷ 2,
 * yearly ÷ 52. A fraction of a penny goes to the adult's advantage (rule 30): income is rounded
 * down, an allowance (housing costs, council tax) up. Exact: the products are safe integers.
 */
export const FREQUENCIES = ['weekly', 'two-weekly', 'four-weekly', 'monthly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_NAMES: Record<Frequency, string> = { weekly: 'a week', 'two-weekly': 'every 2 weeks', 'four-weekly': 'every 4 weeks', monthly: 'a month', yearly: 'a year' };

const SCALE: Record<Frequency, [number, number]> = { weekly: [1, 1], 'two-weekly': [1, 2], 'four-weekly': [1, 4], monthly: [12, 52], yearly: [1, 52] };

export function weeklyPence(pence: number, frequency: Frequency, round: 'income' | 'allowance'): number {
  const [times, per] = SCALE[frequency];
  const product = pence * times;
  return round === 'income' ? Math.floor(product / per) : Math.ceil(product / per);
}
