/** The council financial year (1 April to 31 March) a day falls in, by the year it starts: 2026-03-31 → 2025. */
export function financialYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return isoDate.slice(5) >= '04-01' ? year : year - 1;
}

/** Its first and last days. */
export function financialYearDates(startYear: number): { from: string; to: string } {
  return { from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}
