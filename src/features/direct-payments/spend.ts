import type { Executor } from '../../web/route.js';
import { spendByPerson, wholePeriodSpendByPerson } from './repository.js';

/** The equity review's spend file from rows of reference and spend (a refund never makes spend negative). */
const spendCsv = (rows: readonly { reference: string; spend: number }[]) => `person_id,annual_spend_pence\n${rows.map((r) => `${r.reference},${Math.max(0, Number(r.spend))}\n`).join('')}`;

/** What each person's direct payment account spent in a period, as the equity review's `spend` file: `person_id,annual_spend_pence`. */
export async function spendFile(db: Executor, period: { from: string; to: string }): Promise<string> {
  const rows = await spendByPerson(db, period.from, period.to);
  return spendCsv(rows);
}

/** The same file for people whose direct payment ran the whole period only, and how many were left out for having one for part of it. */
export async function wholePeriodSpendFile(db: Executor, period: { from: string; to: string }): Promise<{ text: string; people: string[]; partPeriod: number }> {
  const { wholePeriod, partPeriod } = await wholePeriodSpendByPerson(db, period.from, period.to);
  return { text: spendCsv(wholePeriod), people: wholePeriod.map((r) => r.reference), partPeriod };
}
