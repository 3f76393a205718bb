import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ChargingRulesRow } from '../../db/schema.js';
import { checkCircumstances } from '../../domain/charging/circumstances.js';
import { type Circumstances, assessContribution, completedYears } from '../../domain/charging/contribution.js';
import type { ChargingRules } from '../../domain/charging/rules.js';
import { budgetStatement } from '../../domain/planning/plan.js';
import type { SupportLine } from '../../domain/planning/plan.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit, recordAudits } from '../audit/audit-trail.js';
import { queueMessage } from '../outbox/repository.js';
import { readersOf } from '../portal/repository.js';
import type { Entries } from './entries.js';
import { upratingLetter } from './letters.js';
import { rulesOf } from './rules-repository.js';

/**
 * The annual recalculation (charging.md rule 29): when a new year's rules are published, every
 * person's latest assessment under an earlier year's rules is worked out again under the new ones
 * from their first day, with the same circumstances and their plan's cost now. Anyone whose
 * circumstances need a fresh look (a change reported, turning 25 or reaching pension credit age
 * since, reablement past its free weeks) is left as they are and listed for review instead.
 */
export interface Recalculated {
  financialAssessmentId: string;
  personId: string;
  name: string;
  beforePence: number;
  afterPence: number;
  circumstances: Circumstances;
  result: ReturnType<typeof assessContribution>;
  entries: Entries;
}
export interface ForReview {
  financialAssessmentId: string;
  personId: string;
  name: string;
  beforePence: number;
  why: string;
}
export interface UpratingPreview {
  effectiveOn: string;
  recalculated: Recalculated[];
  forReview: ForReview[];
  /** Names the exact preview: confirming checks nothing changed since it was shown. */
  token: string;
}

/** Each open person's latest completed assessment under rules that started before these, with what the recalculation needs. */
async function candidates(db: Executor, startsOn: string) {
  const latest = await db
    .selectFrom('financial_assessments as fa')
    .innerJoin('people', 'people.id', 'fa.person_id')
    .innerJoin('charging_rules as r', 'r.id', 'fa.rules_row_id')
    .select(['fa.id', 'fa.person_id', 'fa.entries', 'fa.circumstances', 'fa.weekly_contribution_pence', 'fa.assessed_on', 'fa.pension_credit_age_on', 'people.given_name', 'people.family_name', 'r.valid_from'])
    .where('fa.status', '=', 'completed')
    .where('people.closed_on', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('financial_assessments as later').select('later.id').whereRef('later.person_id', '=', 'fa.person_id').where('later.status', '=', 'completed').where(sql<boolean>`(later.assessed_on, later.completed_at) > (fa.assessed_on, fa.completed_at)`))),
    )
    .orderBy('people.family_name')
    .orderBy('people.given_name')
    .execute();
  const earlier = latest.filter((r) => r.valid_from < startsOn);
  const ids = earlier.map((r) => r.person_id);
  const reminders = ids.length ? await db.selectFrom('charging_reminders').select(['person_id', 'detail']).where('person_id', 'in', ids).where('resolved_at', 'is', null).execute() : [];
  const plans = ids.length
    ? await db.selectFrom('support_plans as p').select(['p.person_id', 'p.lines']).where('p.person_id', 'in', ids).where('p.status', '=', 'agreed').where(({ not, exists, selectFrom }) => not(exists(selectFrom('support_plans as q').select('q.id').whereRef('q.person_id', '=', 'p.person_id').where('q.status', '=', 'agreed').whereRef('q.plan_number', '>', 'p.plan_number')))).execute()
    : [];
  return { earlier, reminders: new Map(reminders.map((r) => [r.person_id, r.detail])), planLines: new Map(plans.map((p) => [p.person_id, p.lines as SupportLine[]])) };
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function previewUprating(db: Executor, row: ChargingRulesRow): Promise<UpratingPreview> {
  const rules: ChargingRules = rulesOf(row);
  const effectiveOn = rules.validFrom;
  const { earlier, reminders, planLines } = await candidates(db, effectiveOn);
  const recalculated: Recalculated[] = [];
  const forReview: ForReview[] = [];
  for (const fa of earlier) {
    const before = parsed<Circumstances>(fa.circumstances);
    const name = `${fa.given_name} ${fa.family_name}`;
    const lines = planLines.get(fa.person_id);
    const cost = lines ? budgetStatement({ lines, contributionWeeklyPence: 0, paymentFrequency: 'four-weekly' }).weekly.costPence : before.costOfCareWeeklyPence;
    const after: Circumstances = { ...before, assessmentDate: effectiveOn, costOfCareWeeklyPence: cost };
    const base = { financialAssessmentId: fa.id, personId: fa.person_id, name, beforePence: Number(fa.weekly_contribution_pence) };
    const why = [
      reminders.has(fa.person_id) ? `a change was reported: ${reminders.get(fa.person_id)}` : null,
      completedYears(before.dateOfBirth, before.assessmentDate) < 25 && completedYears(before.dateOfBirth, effectiveOn) >= 25 ? 'they have turned 25 since' : null,
      !before.pensionCreditAge && fa.pension_credit_age_on && fa.pension_credit_age_on <= effectiveOn ? 'they have reached pension credit age since' : null,
      before.freeService === 'reablement' ? 'reablement is free for its first 6 weeks only' : null,
      ...checkCircumstances(rules, after).map((p) => `${p.column}: ${p.message}`),
    ].filter((w): w is string => w !== null);
    if (why.length > 0) {
      forReview.push({ ...base, why: why.join('; ') });
      continue;
    }
    const result = assessContribution(rules, after);
    recalculated.push({ ...base, afterPence: result.weeklyContributionPence, circumstances: after, result, entries: parsed<Entries>(fa.entries) });
  }
  const token = createHash('sha256')
    .update(JSON.stringify([row.id, recalculated.map((r) => [r.financialAssessmentId, r.afterPence]), forReview.map((r) => r.financialAssessmentId)]))
    .digest('hex');
  return { effectiveOn, recalculated, forReview, token };
}

export interface UpratingOutcome {
  recalculated: number;
  wentUp: number;
  wentDown: number;
  forReview: number;
}

/**
 * Confirms the preview: in one transaction, a new assessment for each person recalculated
 * (pinned to the new rules, from the rules' first day), a letter to each through the outbox,
 * a reminder for each listed for review, the uprating's own record, and their audit entries.
 */
export async function confirmUprating(ctx: Context, row: ChargingRulesRow, token: string): Promise<UpratingOutcome> {
  if (row.status !== 'published') throw new ConflictError('Only published rules can be used to recalculate contributions');
  const preview = await previewUprating(ctx.db, row);
  if (preview.token !== token) throw new ConflictError('Something changed since you looked at the preview: look at it again before confirming');
  if (preview.recalculated.length === 0 && preview.forReview.length === 0) throw new ValidationError([{ field: 'token', message: 'There is no one to recalculate: everyone’s contribution is already under these rules or later ones' }]);
  const rules = rulesOf(row);
  const outcome = {
    recalculated: preview.recalculated.length,
    wentUp: preview.recalculated.filter((r) => r.afterPence > r.beforePence).length,
    wentDown: preview.recalculated.filter((r) => r.afterPence < r.beforePence).length,
    forReview: preview.forReview.length,
  };
  const uprating = await ctx.db
    .insertInto('charging_upratings')
    .values({ rules_row_id: row.id, effective_on: preview.effectiveOn, recalculated: outcome.recalculated, went_up: outcome.wentUp, went_down: outcome.wentDown, for_review: outcome.forReview, confirmed_by: ctx.actor.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const who = auditActor(ctx.actor);
  await recordAudit(ctx.db, who, { action: 'charging.uprated', subjectType: 'charging-uprating', subjectId: uprating.id, after: { rules: `${rules.id} ${rules.financialYear}`, ...outcome } });
  const audits = [];
  for (const r of preview.recalculated) {
    const entries: Entries = { ...r.entries, about: { ...(r.entries.about ?? {}), assessed_on: preview.effectiveOn }, costs: { ...(r.entries.costs ?? {}), cost_of_care: r.circumstances.costOfCareWeeklyPence } };
    const fa = await ctx.db
      .insertInto('financial_assessments')
      .values({ person_id: r.personId, status: 'completed', entries: JSON.stringify(entries), assessed_on: preview.effectiveOn, rules_row_id: row.id, circumstances: JSON.stringify(r.circumstances), result: JSON.stringify(r.result), weekly_contribution_pence: r.afterPence, reason: r.result.reason, source: 'uprating', uprated_from: r.financialAssessmentId, uprating_id: uprating.id, started_by: ctx.actor.id, completed_at: new Date(), completed_by: ctx.actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    audits.push({ action: 'financial-assessment.uprated', subjectType: 'financial-assessment', subjectId: fa.id, personId: r.personId, before: { weekly_contribution_pence: r.beforePence }, after: { weekly_contribution_pence: r.afterPence, reason: r.result.reason, rules: `${rules.id} ${rules.financialYear}` } });
    const letter = upratingLetter({ name: r.name, beforePence: r.beforePence, afterPence: r.afterPence, effectiveOn: preview.effectiveOn, financialYear: rules.financialYear, contact: ctx.config.councilContact });
    for (const reader of await readersOf(ctx.db, r.personId, 'money')) {
      await queueMessage(ctx, { template: 'letter', to: reader.email, personalisation: { name: reader.display_name, title: letter.title, body: letter.paragraphs.join('\n\n') }, reference: `charging-uprating-${fa.id}`, personId: r.personId });
    }
  }
  for (const r of preview.forReview) {
    const id = await ctx.db.insertInto('charging_reminders').values({ person_id: r.personId, financial_assessment_id: r.financialAssessmentId, kind: 'uprating-review', detail: `Not recalculated for ${rules.financialYear}: ${r.why}`, raised_by: who.label }).returning('id').executeTakeFirstOrThrow();
    audits.push({ action: 'charging-reminder.raised', subjectType: 'charging-reminder', subjectId: id.id, personId: r.personId, after: { kind: 'uprating-review' } });
  }
  await recordAudits(ctx.db, who, audits);
  return outcome;
}
