import { type Fit, ExactSums, fit } from '../../domain/analytics/regression.js';
import { decimalOf, decimalText, pow10, roundHalfUp } from '../../domain/ras/exact.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import type { Progress } from '../../batch/progress.js';
import { exactHeader, scanCsv, wholeNumber } from './files.js';

/** `selfdirect ras calibrate`: least squares of weekly cost on points, per group, from a history file. */
export interface CalibrationReport {
  groups: ({ id: string } & Fit)[];
}

export async function calibrate(history: string, options: { throughOrigin: boolean; progress?: Progress }): Promise<CalibrationReport> {
  const groups = new Map<string, ExactSums>();
  await scanCsv(
    history,
    exactHeader(['person_id', 'group', 'points', 'weekly_cost_pence']),
    (f, line, problems) => {
      const [personId, group, pointsText, costText] = f as [string, string, string, string];
      const points = wholeNumber(pointsText);
      const cost = wholeNumber(costText);
      if (personId === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
      if (group === '') problems.push({ line, column: 'group', message: 'is empty; expected the person’s group' });
      if (points === null) problems.push({ line, column: 'points', message: `"${pointsText}" is not a whole number of points, 0 or more` });
      if (cost === null) problems.push({ line, column: 'weekly_cost_pence', message: `"${costText}" is not a whole number of pence, 0 or more` });
      if (problems.length > 0) return;
      let sums = groups.get(group);
      if (!sums) groups.set(group, (sums = new ExactSums()));
      sums.add(points!, cost!);
    },
    options.progress,
  );
  return { groups: [...groups].map(([id, sums]) => ({ id, ...fit(sums, options.throughOrigin) })) };
}

/** A fitted figure to `places` decimal places, half up, exactly from the decimal it prints as. */
export function roundDecimal(value: number, places: number): number {
  const d = decimalOf(value);
  if (d.scale <= places) return value;
  return Number(decimalText({ units: roundHalfUp(d.units, pow10(d.scale - places)), scale: places }));
}

/**
 * A new draft version of a rate scheme with each fitted group's rate and fixed amount. Groups
 * that could not be fitted, or whose fitted rate is negative, keep their rates and are named.
 */
export function calibratedScheme(scheme: RasScheme, report: CalibrationReport, version: string): { scheme: RasScheme; kept: string[] } {
  if (scheme.allocation.type !== 'rate') throw new Error('Only a rate scheme can take fitted rates: this scheme uses bands');
  const kept: string[] = [];
  const groups = scheme.allocation.groups.map((g) => {
    const fitted = report.groups.find((r) => r.id === g.id);
    if (!fitted || 'error' in fitted || fitted.pencePerPoint < 0) {
      kept.push(g.id);
      return g;
    }
    // The format's rounding: pencePerPoint to 4 places, fixedPence to a whole penny.
    return { ...g, pencePerPoint: roundDecimal(fitted.pencePerPoint, 4), fixedPence: roundDecimal(fitted.fixedPence, 0) || 0 };
  });
  return { scheme: { ...scheme, version, allocation: { ...scheme.allocation, groups } }, kept };
}
