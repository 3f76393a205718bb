import type { Person } from '../../db/schema.js';
import { checkCircumstances } from '../../domain/charging/circumstances.js';
import { type Contribution, assessContribution } from '../../domain/charging/contribution.js';
import type { ChargingRules } from '../../domain/charging/rules.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { statementFor } from '../support-plans/plan-record.js';
import { latestAgreedPlanOf } from '../support-plans/repository.js';
import { type Entries, SECTION_TITLES, type Section, circumstancesFromEntries, missingSections } from './entries.js';
import { type FinancialAssessment, draftOf, insertDraft, latestCompletedOf, markCompleted, resolveRemindersOf, saveEntries } from './repository.js';
import { rulesInForce, rulesOf } from './rules-repository.js';

/**
 * Recording a financial assessment: start (from the last one, so a reassessment changes only what
 * changed), save each section at the version read, and complete it with the rules in force on its
 * date, pinned to them. Each is one transaction with its audit entry.
 */

/** The weekly cost of the care in the person's agreed plan (its regular lines), or 0 before there is one. */
export async function weeklyCostOfCare(db: Executor, personId: string): Promise<number> {
  const plan = await latestAgreedPlanOf(db, personId);
  return plan ? statementFor(plan).weekly.costPence : 0;
}

export async function startFinancialAssessment(ctx: Context, person: Person): Promise<string> {
  const existing = await draftOf(ctx.db, person.id);
  if (existing) return existing.id;
  const previous = await latestCompletedOf(ctx.db, person.id);
  const cost = await weeklyCostOfCare(ctx.db, person.id);
  // A reassessment starts from the last one, dated today with the plan's cost now; a first one starts empty.
  const start: Entries = previous ? { ...previous.entries, about: { ...previous.entries.about, assessed_on: ctx.today }, costs: { ...previous.entries.costs, cost_of_care: cost } } : {};
  const id = await insertDraft(ctx.db, { person_id: person.id, entries: start, started_by: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'financial-assessment.started', subjectType: 'financial-assessment', subjectId: id, personId: person.id, after: { from: previous?.id ?? null } });
  return id;
}

/** What a section's form shows before anything is saved in it: the record's date of birth, today, the plan's cost. */
export async function sectionDefaults(db: Executor, fa: FinancialAssessment, person: Person, today: string): Promise<Record<string, unknown>> {
  return { assessed_on: today, date_of_birth: person.date_of_birth, cost_of_care: await weeklyCostOfCare(db, fa.person_id) };
}

export async function saveSection(ctx: Context, fa: FinancialAssessment, section: Section, form: Record<string, unknown>) {
  if (fa.status !== 'draft') throw new ConflictError('This financial assessment is complete: start a new one to change it');
  const { row_version: rowVersion, ...values } = form;
  const entries = { ...fa.entries, [section]: values };
  const pensionCreditAgeOn = section === 'about' ? ((values.pension_credit_age_on as string | null) ?? null) : undefined;
  if (!(await saveEntries(ctx.db, fa.id, rowVersion as number, entries, pensionCreditAgeOn))) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'financial-assessment.section-saved', subjectType: 'financial-assessment', subjectId: fa.id, personId: fa.person_id, before: fa.entries[section] ?? null, after: { section, ...values } });
}

export interface Calculation {
  rulesRowId: string;
  rules: ChargingRules;
  result: Contribution;
  circumstances: ReturnType<typeof circumstancesFromEntries>;
}

/** Which section each problem of the cross-field checks belongs to, for the check page's links. */
const SECTION_OF_COLUMN: Record<string, Section> = { assessment_date: 'about', date_of_birth: 'about', dependent_children: 'about', partner_pension_credit_age: 'about', joint_income_pence: 'income', aa_pence: 'income', dla_care_pence: 'income', pip_daily_living_pence: 'income', joint_owners: 'capital' };

/**
 * The contribution the entries give under the rules in force on the assessment's date, or the
 * problems that stop it (sections not filled in, no rules published for the date, entries that
 * do not fit together), each naming the section to change.
 */
export async function calculate(db: Executor, fa: FinancialAssessment): Promise<{ ok: true; calculation: Calculation } | { ok: false; problems: { field: string; message: string }[] }> {
  const missing = missingSections(fa.entries);
  if (missing.length > 0) return { ok: false, problems: missing.map((s) => ({ field: s, message: `Fill in “${SECTION_TITLES[s]}”` })) };
  const circumstances = circumstancesFromEntries(fa.entries as Required<Entries>);
  const row = await rulesInForce(db, circumstances.assessmentDate);
  if (!row) return { ok: false, problems: [{ field: 'about', message: `No published charging rules apply on ${circumstances.assessmentDate}: a finance officer must publish the rules for that financial year first` }] };
  const rules = rulesOf(row);
  const problems = checkCircumstances(rules, circumstances).map((p) => ({ field: SECTION_OF_COLUMN[p.column] ?? 'about', message: `${SECTION_TITLES[SECTION_OF_COLUMN[p.column] ?? 'about']}: ${p.message}` }));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, calculation: { rulesRowId: row.id, rules, result: assessContribution(rules, circumstances), circumstances } };
}

export async function completeFinancialAssessment(ctx: Context, fa: FinancialAssessment, rowVersion: number): Promise<Contribution> {
  if (fa.status !== 'draft') throw new ConflictError('This financial assessment is already complete');
  const outcome = await calculate(ctx.db, fa);
  if (!outcome.ok) throw new ValidationError(outcome.problems);
  const { calculation } = outcome;
  const saved = await markCompleted(ctx.db, fa.id, rowVersion, { assessed_on: calculation.circumstances.assessmentDate, rules_row_id: calculation.rulesRowId, circumstances: calculation.circumstances, result: calculation.result, completed_by: ctx.actor.id });
  if (!saved) throw new ConflictError();
  await resolveRemindersOf(ctx.db, fa.person_id, ctx.actor.id);
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'financial-assessment.completed',
    subjectType: 'financial-assessment',
    subjectId: fa.id,
    personId: fa.person_id,
    after: { assessed_on: calculation.circumstances.assessmentDate, rules: `${calculation.rules.id} ${calculation.rules.financialYear}`, weekly_contribution_pence: calculation.result.weeklyContributionPence, reason: calculation.result.reason },
  });
  return calculation.result;
}

