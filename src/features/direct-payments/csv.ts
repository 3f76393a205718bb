/** One CSV row: a cell with a comma, quote or line break is quoted. */
export function csvRow(cells: string[]): string {
  return cells.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}
