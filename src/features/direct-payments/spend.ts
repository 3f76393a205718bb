import type { Executor } from '../../web/route.js';
import { spendByPerson } from './repository.js';

/** What each person's direct payment account spent in a period, as the equity review's `spend` file: `person_id,annual_spend_pence`. */
export async function spendFile(db: Executor, period: { from: string; to: string }): Promise<string> {
  const rows = await spendByPerson(db, period.from, period.to);
  return `person_id,annual_spend_pence\n${rows.map((r) => `${r.reference},${Math.max(0, Number(r.spend))}\n`).join('')}`;
}
