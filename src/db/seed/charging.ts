import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { assessContribution } from '../../domain/charging/contribution.js';
import { type ChargingRules, validateChargingRules } from '../../domain/charging/rules.js';
import { budgetStatement } from '../../domain/planning/plan.js';
import { type Entries, circumstancesFromEntries } from '../../features/charging/entries.js';
import { recordAudit } from '../../features/audit/audit-trail.js';
import { projectRoot } from '../../root.js';
import type { Database } from '../schema.js';

export const DEMO_CHARGING_RULES = ['anytown-charging-2025-26.json', 'anytown-charging-2026-27.json'];

/** Anytown's charging rules for 2025-26 (the shared example) and 2026-27, both published. Returns their row ids by financial year. */
export async function seedChargingRules(trx: Transaction<Database>, system: { id: null; label: string }): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  for (const file of DEMO_CHARGING_RULES) {
    const text = readFileSync(path.join(projectRoot, 'src/db/seed/charging', file), 'utf8').trim();
    const result = validateChargingRules(JSON.parse(text));
    if (!result.ok) throw new Error(`Demo charging rules ${file} are not valid`);
    const r = result.rules;
    const row = await trx
      .insertInto('charging_rules')
      .values({ rules_id: r.id, financial_year: r.financialYear, title: r.title, valid_from: r.validFrom, valid_to: r.validTo, status: 'published', document: text, to_confirm: r.toConfirm.length, imported_by: system.label, published_at: new Date(), published_by: system.label })
      .returning('id')
      .executeTakeFirstOrThrow();
    rows[r.financialYear] = row.id;
    await recordAudit(trx, system, { action: 'charging-rules.imported', subjectType: 'charging-rules', subjectId: row.id, after: { rules_id: r.id, financial_year: r.financialYear } });
    await recordAudit(trx, system, { action: 'charging-rules.published', subjectType: 'charging-rules', subjectId: row.id, after: { rules_id: r.id, financial_year: r.financialYear } });
  }
  return rows;
}

/**
 * Margaret's financial assessment of March 2026 under the 2025-26 rules (with a bank statement as
 * evidence), recalculated when the 2026-27 rules came in (£26.75 → £20.00 a week, the
 * contribution on her plan); and a change Thomas's daughter reported, waiting to be looked at.
 */
export async function seedFinancialAssessments(trx: Transaction<Database>, system: { id: null; label: string }, rules: Record<string, string>, people: string[], workerId: string, financeId: string) {
  const margaret = people[0]!;
  const plan = await trx.selectFrom('support_plans').select(['lines', 'contribution_weekly_pence', 'payment_frequency']).where('person_id', '=', margaret).where('status', '=', 'agreed').executeTakeFirstOrThrow();
  const cost = budgetStatement({ lines: plan.lines, contributionWeeklyPence: 0, paymentFrequency: plan.payment_frequency }).weekly.costPence;
  const entries = (assessedOn: string): Required<Entries> => ({
    about: { assessed_on: assessedOn, date_of_birth: '1938-05-14', household: 'couple', pension_credit_age: 'yes', pension_credit_age_on: null, partner_pension_credit_age: 'yes', dependent_children: 0, premiums: [], night_care_arranged: 'no' },
    route: { route: 'full' },
    income: { state_pension_amount: 16675, state_pension_frequency: 'weekly', occupational_pension_amount: 16272, occupational_pension_frequency: 'monthly', aa_rate: 'none', dla_care_rate: 'none', pip_daily_living_rate: 'none' },
    capital: { capital_sole: 500000, capital_joint: 1200000, joint_owners: 2 },
    costs: { housing_costs_amount: null, housing_costs_frequency: 'weekly', council_tax_amount: null, council_tax_frequency: 'weekly', dre_itemised: null, cost_of_care: cost },
  });
  const assess = async (financialYear: string, assessedOn: string, extra: { source: 'assessment' | 'uprating'; uprated_from?: string; uprating_id?: string; by: string }) => {
    const row = (await trx.selectFrom('charging_rules').select('document').where('id', '=', rules[financialYear]!).executeTakeFirstOrThrow()).document;
    const r = JSON.parse(typeof row === 'string' ? row : JSON.stringify(row)) as ChargingRules;
    const e = entries(assessedOn);
    const circumstances = circumstancesFromEntries(e);
    const result = assessContribution(r, circumstances);
    const fa = await trx
      .insertInto('financial_assessments')
      .values({ person_id: margaret, status: 'completed', entries: JSON.stringify(e), assessed_on: assessedOn, rules_row_id: rules[financialYear]!, circumstances: JSON.stringify(circumstances), result: JSON.stringify(result), weekly_contribution_pence: result.weeklyContributionPence, reason: result.reason, source: extra.source, uprated_from: extra.uprated_from ?? null, uprating_id: extra.uprating_id ?? null, started_by: extra.by, completed_at: new Date(`${assessedOn}T12:00:00Z`), completed_by: extra.by })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, system, { action: 'financial-assessment.completed', subjectType: 'financial-assessment', subjectId: fa.id, personId: margaret, after: { assessed_on: assessedOn, rules: `${r.id} ${r.financialYear}`, weekly_contribution_pence: result.weeklyContributionPence, reason: result.reason } });
    return { id: fa.id, pence: result.weeklyContributionPence };
  };
  const march = await assess('2025-26', '2026-03-02', { source: 'assessment', by: workerId });
  // A one-page PDF standing in for the bank statement she showed.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  await trx.insertInto('financial_assessment_evidence').values({ financial_assessment_id: march.id, description: 'Bank statement, February 2026 (savings)', media_type: 'application/pdf', bytes: pdf.length, content: pdf, uploaded_by: workerId }).execute();
  const uprating = await trx.insertInto('charging_upratings').values({ rules_row_id: rules['2026-27']!, effective_on: '2026-04-06', recalculated: 1, went_up: 0, went_down: 1, for_review: 0, confirmed_by: financeId, confirmed_at: new Date('2026-04-01T09:00:00Z') }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(trx, system, { action: 'charging.uprated', subjectType: 'charging-uprating', subjectId: uprating.id, after: { financial_year: '2026-27', recalculated: 1 } });
  const april = await assess('2026-27', '2026-04-06', { source: 'uprating', uprated_from: march.id, uprating_id: uprating.id, by: financeId });
  if (april.pence !== Number(plan.contribution_weekly_pence)) throw new Error(`Margaret's demo contribution is ${april.pence}, not the ${plan.contribution_weekly_pence} on her plan`);
  const thomas = people[4]!;
  const reminder = await trx.insertInto('charging_reminders').values({ person_id: thomas, financial_assessment_id: null, kind: 'change-reported', detail: 'His daughter Susan rang: he now gets Attendance Allowance at the higher rate', raised_by: 'worker@anytown.example' }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(trx, system, { action: 'charging-reminder.raised', subjectType: 'charging-reminder', subjectId: reminder.id, personId: thomas, after: { kind: 'change-reported' } });
}
