import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/root.js';
import type { Circumstances } from '../../src/domain/charging/contribution.js';
import { type ChargingRules, validateChargingRules } from '../../src/domain/charging/rules.js';

/** The Anytown 2025-26 rules (the shared example), for tests. */
export function anytownRules(): ChargingRules {
  const result = validateChargingRules(JSON.parse(readFileSync(path.join(projectRoot, 'src/db/seed/charging/anytown-charging-2025-26.json'), 'utf8')));
  if (!result.ok) throw new Error('the Anytown charging rules are not valid');
  return result.rules;
}

/** The rules with some figures changed (a deep copy: the original is never touched). */
export function rulesWith(change: (r: ChargingRules) => void, base = anytownRules()): ChargingRules {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

/** A single adult of 40 with nothing at all: change what a test is about, keep the rest. */
export function circumstances(overrides: Partial<Circumstances> = {}): Circumstances {
  return {
    assessmentDate: '2025-06-02',
    dateOfBirth: '1985-01-15',
    household: 'single',
    pensionCreditAge: false,
    partnerPensionCreditAge: null,
    dependentChildren: 0,
    disabilityPremium: false,
    enhancedDisabilityPremium: false,
    carerPremium: false,
    nightCareArranged: false,
    lightTouch: 'none',
    freeService: 'none',
    statePensionPence: 0,
    occupationalPensionPence: 0,
    pensionCreditGuaranteePence: 0,
    pensionCreditSavingsPence: 0,
    universalCreditPence: 0,
    esaPence: 0,
    incomeSupportJsaPence: 0,
    carersAllowancePence: 0,
    aaRate: 'none',
    aaPence: 0,
    dlaCareRate: 'none',
    dlaCarePence: 0,
    pipDailyLivingRate: 'none',
    pipDailyLivingPence: 0,
    dlaMobilityPence: 0,
    pipMobilityPence: 0,
    earningsPence: 0,
    warPensionPence: 0,
    armedForcesGipAfipPence: 0,
    childBenefitCtcPence: 0,
    otherCountedPence: 0,
    otherDisregardedPence: 0,
    jointIncomePence: 0,
    capitalSolePence: 0,
    capitalJointPence: 0,
    jointOwners: 0,
    housingCostsPence: 0,
    councilTaxPence: 0,
    dreItemisedPence: 0,
    costOfCareWeeklyPence: 100000,
    ...overrides,
  };
}

/**
 * A completed financial assessment under the seeded Anytown 2025-26 rules, for a person, giving
 * `weeklyPence` a week (a single adult of 40 with that much over the minimum income guarantee).
 */
export async function completedFinancialAssessment(db: import('kysely').Kysely<import('../../src/db/schema.js').Database>, personId: string, staffId: string, weeklyPence: number) {
  const { assessContribution } = await import('../../src/domain/charging/contribution.js');
  const rules = await db.selectFrom('charging_rules').select('id').where('rules_id', '=', 'anytown-charging').where('financial_year', '=', '2025-26').executeTakeFirstOrThrow();
  const c = circumstances({ otherCountedPence: 11250 + weeklyPence });
  const result = assessContribution(anytownRules(), c);
  const row = await db
    .insertInto('financial_assessments')
    .values({ person_id: personId, status: 'completed', entries: JSON.stringify({}), assessed_on: c.assessmentDate, rules_row_id: rules.id, circumstances: JSON.stringify(c), result: JSON.stringify(result), weekly_contribution_pence: result.weeklyContributionPence, reason: result.reason, started_by: staffId, completed_by: staffId, completed_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
