import { bankText, exportCell } from '../../batch/csv.js';

/** One row of the payment file: each field reduced to what a bank accepts, and never a formula. */
export function csvRow(cells: string[]): string {
  return cells.map((v) => exportCell(bankText(v))).join(',');
}
