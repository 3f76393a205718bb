import type { ChargingRules, RulesProblem } from './rules.js';

/**
 * The statutory figures a council's rules may be more generous than, never less (charging.md §4
 * and §5): per financial year, each with whether it was read in a primary source. A council may
 * set higher capital limits and a higher minimum income guarantee; it may not set them lower.
 */
export interface StatutoryFigure {
  path: string;
  pence: number;
  /** The figure could not be read in the circular itself: a comparison with it is a prompt to check, not a finding. */
  toConfirm: boolean;
  /** 'at-least': the council's figure must be this or more; 'at-most': this or less (tariff steps, tariff per band). */
  direction: 'at-least' | 'at-most';
}

const figures = (rows: [string, number, boolean, ('at-least' | 'at-most')?][]): StatutoryFigure[] => rows.map(([path, pence, toConfirm, direction]) => ({ path, pence, toConfirm, direction: direction ?? 'at-least' }));

export const STATUTORY_FIGURES: Record<string, StatutoryFigure[]> = {
  '2025-26': figures([
    ['capital.upperPence', 2325000, false],
    ['capital.lowerPence', 1425000, false],
    ['capital.tariffPerPence', 25000, false],
    ['capital.tariffWeeklyPence', 100, false, 'at-most'],
    ['mig.single.age18to24Pence', 8915, false],
    ['mig.single.age25ToPensionCreditAgePence', 11250, false],
    ['mig.single.pensionCreditAgePence', 23260, false],
    ['mig.loneParentPence', 11250, true],
    ['mig.couple.eachPence', 8835, true],
    ['mig.couple.eachPensionCreditAgePence', 17755, true],
    ['mig.childPence', 10295, true],
    ['mig.premiums.disabilitySinglePence', 4965, false],
    ['mig.premiums.disabilityCouplePence', 3540, true],
    ['mig.premiums.enhancedDisabilitySinglePence', 2425, false],
    ['mig.premiums.enhancedDisabilityCouplePence', 1730, true],
    ['mig.premiums.carerPence', 5325, true],
    ['disregards.savingsCredit.singlePence', 705, true],
    ['disregards.savingsCredit.couplePence', 1060, true],
    ['disregards.warPension.weeklyPence', 1000, false],
  ]),
  '2026-27': figures([
    ['capital.upperPence', 2325000, true],
    ['capital.lowerPence', 1425000, true],
    ['capital.tariffPerPence', 25000, false],
    ['capital.tariffWeeklyPence', 100, false, 'at-most'],
    ['mig.single.age18to24Pence', 9540, false],
    ['mig.single.age25ToPensionCreditAgePence', 12040, true],
    ['mig.single.pensionCreditAgePence', 24145, false],
    ['mig.loneParentPence', 12040, true],
    ['mig.couple.eachPence', 9455, true],
    ['mig.couple.eachPensionCreditAgePence', 18430, true],
    ['mig.childPence', 10685, true],
    ['mig.premiums.disabilitySinglePence', 5155, true],
    ['mig.premiums.disabilityCouplePence', 3675, true],
    ['mig.premiums.enhancedDisabilitySinglePence', 2515, true],
    ['mig.premiums.enhancedDisabilityCouplePence', 1795, true],
    ['mig.premiums.carerPence', 5525, true],
    ['disregards.savingsCredit.singlePence', 730, true],
    ['disregards.savingsCredit.couplePence', 1100, true],
    ['disregards.warPension.weeklyPence', 1000, false],
  ]),
};

const pounds = (pence: number) => `£${Math.floor(pence / 100).toLocaleString('en-GB')}.${String(pence % 100).padStart(2, '0')}`;

function figureOf(rules: ChargingRules, path: string): number {
  let at: unknown = rules;
  for (const part of path.split('.')) at = (at as Record<string, unknown>)[part];
  return at as number;
}

/**
 * Warnings where the council's figure is less generous than the statutory one for its year (and a
 * note when Selfdirect holds no statutory figures for that year). The Savings Credit caps count
 * only where the council caps the disregard; the war pension amount only where it is not
 * disregarded in full.
 */
export function belowStatutory(rules: ChargingRules): RulesProblem[] {
  const statutory = STATUTORY_FIGURES[rules.financialYear];
  if (!statutory) return [{ path: '$.financialYear', message: `Selfdirect holds no statutory figures for ${rules.financialYear}, so it cannot check that this council’s figures are at least the statutory ones: check them against the circular` }];
  const warnings: RulesProblem[] = [];
  for (const s of statutory) {
    if (s.path.startsWith('disregards.savingsCredit') && rules.disregards.savingsCredit.mode !== 'capped') continue;
    if (s.path.startsWith('disregards.warPension') && rules.disregards.warPension.mode === 'full') continue;
    const value = figureOf(rules, s.path);
    const worse = s.direction === 'at-least' ? value < s.pence : value > s.pence;
    if (!worse) continue;
    warnings.push({
      path: `$.${s.path}`,
      message: `${pounds(value)} is less generous than the statutory ${pounds(s.pence)} for ${rules.financialYear}${s.toConfirm ? ' (our statutory figure is itself still to be confirmed)' : ''}: a council may be more generous than the law, never less`,
    });
  }
  return warnings;
}
