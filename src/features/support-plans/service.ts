import { type Kysely, type Transaction, type Updateable, sql } from 'kysely';
import type { Assessment, Database, Person, SupportPlan, SupportPlansTable } from '../../db/schema.js';
import type { CheckPolicy, CheckRecord } from '../../domain/directory/checks.js';
import { type PlanContent, planChanges } from '../../domain/planning/changes.js';
import { type AssessedNeed, type DirectoryFacts, type PlanChecks, allPassed, planChecks } from '../../domain/planning/checks.js';
import { reviewsAfterSignOff } from '../../domain/planning/journey.js';
import { type BudgetStatement, PAID_AS_DIRECT_PAYMENT, budgetStatement, planCost } from '../../domain/planning/plan.js';
import { type SignOffLevel, type SignOffLimits, mayAgree, requiredLevel } from '../../domain/planning/sign-off.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { type Actor, can, canAccessPerson } from '../../policy.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { findPersonInTeams, isUuid } from '../people/repository.js';
import { documentOf } from '../schemes/service.js';

export class PlanError extends ValidationError {}

export interface PlanRecord {
  plan: SupportPlan;
  person: Person;
  assessment: Assessment;
  /** The assessed needs: the assessment's domains that scored points. */
  needs: AssessedNeed[];
  /** The panel's amount when it decided, otherwise the RAS figure. */
  indicativeWeeklyPence: number;
  /** The assessment was referred to the panel and it has not decided yet. */
  awaitingPanel: boolean;
  directory: Map<string, DirectoryFacts>;
}

export interface PlanView extends PlanRecord {
  checks: PlanChecks;
  statement: BudgetStatement;
  signOff: { level: SignOffLevel; reason: string };
  decisions: { decision: 'agreed' | 'returned'; level: SignOffLevel; weekly_cost_pence: number; indicative_weekly_pence: number; reasons: string; decided_at: Date; decided_by_name: string }[];
  versions: { id: string; plan_number: number; status: SupportPlan['status']; agreed_on: string | null }[];
}

/** The content of a plan version: what a draft edit changes and a new version copies. */
export function contentOf(plan: SupportPlan): PlanContent {
  return {
    importantToMe: plan.important_to_me,
    stayingWell: plan.staying_well,
    contingency: plan.contingency,
    preventionAdvice: plan.prevention_advice,
    outcomes: plan.outcomes,
    unpaidSupport: plan.unpaid_support,
    lines: plan.lines,
    contributionWeeklyPence: plan.contribution_weekly_pence,
    paymentFrequency: plan.payment_frequency,
    exceptionalNeed: plan.exceptional_need,
    differenceReason: plan.difference_reason,
  };
}

function contentColumns(content: PlanContent) {
  return {
    important_to_me: content.importantToMe,
    staying_well: content.stayingWell,
    contingency: content.contingency,
    prevention_advice: content.preventionAdvice,
    outcomes: JSON.stringify(content.outcomes),
    unpaid_support: JSON.stringify(content.unpaidSupport),
    lines: JSON.stringify(content.lines),
    contribution_weekly_pence: content.contributionWeeklyPence,
    payment_frequency: content.paymentFrequency,
    exceptional_need: content.exceptionalNeed,
    difference_reason: content.differenceReason,
  };
}

/** The assessment's domains that scored: the needs a plan must meet. */
export function assessedNeeds(scheme: RasScheme, answers: Record<string, string>): AssessedNeed[] {
  return scheme.domains
    .filter((domain) => domain.questions.some((q) => (q.answers.find((a) => a.id === answers[q.id])?.points ?? 0) > 0))
    .map((domain) => ({ id: domain.id, title: domain.title }));
}

export interface PlanSettings {
  checkPolicy: CheckPolicy;
  signOffLimits: SignOffLimits;
}

export function createSupportPlanService(db: Kysely<Database>, settings: PlanSettings) {
  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => db.transaction().execute(fn);

  async function directoryFacts(trx: Kysely<Database>, plan: SupportPlan): Promise<Map<string, DirectoryFacts>> {
    const ids = [...new Set(plan.lines.map((l) => l.directoryEntryId).filter((id): id is string => id !== null))];
    const facts = new Map<string, DirectoryFacts>();
    if (ids.length === 0) return facts;
    const entries = await trx.selectFrom('directory_entries').select(['id', 'name', 'kind']).where('id', 'in', ids).execute();
    const checks = await trx
      .selectFrom('directory_checks')
      .select(['entry_id', 'check_type', 'checked_on', 'expires_on', 'update_service', 'outcome', 'decision', 'accreditation_status'])
      .where('entry_id', 'in', ids)
      .execute();
    for (const entry of entries) {
      facts.set(entry.id, { name: entry.name, kind: entry.kind, checks: checks.filter((c) => c.entry_id === entry.id) as CheckRecord[] });
    }
    return facts;
  }

  async function load(trx: Kysely<Database>, id: string): Promise<PlanRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const plan = await trx.selectFrom('support_plans').selectAll().where('id', '=', id).executeTakeFirst();
    if (!plan) return undefined;
    const person = await trx.selectFrom('people').selectAll().where('id', '=', plan.person_id).executeTakeFirstOrThrow();
    const assessment = await trx.selectFrom('assessments').selectAll().where('id', '=', plan.assessment_id).executeTakeFirstOrThrow();
    const scheme = documentOf(await trx.selectFrom('ras_schemes').select('document').where('id', '=', assessment.scheme_row_id).executeTakeFirstOrThrow());
    const decision = await trx.selectFrom('panel_decisions').select('weekly_pence').where('assessment_id', '=', assessment.id).executeTakeFirst();
    return {
      plan,
      person,
      assessment,
      needs: assessedNeeds(scheme, assessment.answers),
      indicativeWeeklyPence: decision?.weekly_pence ?? assessment.weekly_pence ?? 0,
      awaitingPanel: assessment.outcome === 'panel-review' && !decision,
      directory: await directoryFacts(trx, plan),
    };
  }

  /**
   * The plan if the actor may use it for the purpose: casework staff for people in their teams;
   * panel members only for plans waiting for the panel's sign-off. Otherwise not found.
   */
  async function accessible(trx: Kysely<Database>, actor: Actor, id: string, purpose: 'read' | 'write' | 'sign-off'): Promise<PlanRecord> {
    const record = await load(trx, id);
    if (!record) throw new NotFoundError('support plan');
    const panelCase = record.plan.status === 'awaiting-sign-off' && record.plan.sign_off_level === 'panel';
    let allowed: boolean;
    if (actor.role === 'panel-member') allowed = purpose !== 'write' && panelCase;
    else if (purpose === 'write') allowed = canAccessPerson(actor, 'people:write', record.person) && can(actor, 'plans:write');
    else if (purpose === 'sign-off') allowed = canAccessPerson(actor, 'people:read', record.person) && can(actor, 'plans:sign-off');
    else allowed = canAccessPerson(actor, 'people:read', record.person);
    if (!allowed) throw new NotFoundError('support plan');
    return record;
  }

  function checksFor(record: PlanRecord, today: string): PlanChecks {
    const { plan } = record;
    return planChecks({
      needs: record.needs,
      outcomes: plan.outcomes,
      unpaidSupport: plan.unpaid_support,
      lines: plan.lines,
      directory: record.directory,
      indicativeWeeklyPence: record.indicativeWeeklyPence,
      differenceReason: plan.difference_reason,
      today,
      checkPolicy: settings.checkPolicy,
    });
  }

  function signOffFor(record: PlanRecord) {
    return requiredLevel(
      { planAnnualPence: planCost(record.plan.lines).annualPence, indicativeWeeklyPence: record.indicativeWeeklyPence, exceptional: Boolean(record.plan.exceptional_need) || record.awaitingPanel },
      settings.signOffLimits,
    );
  }

  function statementFor(plan: SupportPlan): BudgetStatement {
    return plan.statement ?? budgetStatement({ lines: plan.lines, contributionWeeklyPence: plan.contribution_weekly_pence, paymentFrequency: plan.payment_frequency });
  }

  async function viewOf(trx: Kysely<Database>, record: PlanRecord, today: string): Promise<PlanView> {
    const decisions = await trx
      .selectFrom('sign_off_decisions')
      .innerJoin('staff_users', 'staff_users.id', 'sign_off_decisions.decided_by')
      .select(['decision', 'level', 'weekly_cost_pence', 'indicative_weekly_pence', 'reasons', 'decided_at', 'staff_users.display_name as decided_by_name'])
      .where('plan_id', '=', record.plan.id)
      .orderBy('decided_at')
      .execute();
    const versions = await trx.selectFrom('support_plans').select(['id', 'plan_number', 'status', 'agreed_on']).where('person_id', '=', record.person.id).orderBy('plan_number', 'desc').execute();
    return {
      ...record,
      checks: checksFor(record, today),
      statement: statementFor(record.plan),
      signOff: record.plan.sign_off_level ? { level: record.plan.sign_off_level, reason: signOffFor(record).reason } : signOffFor(record),
      decisions,
      versions,
    };
  }

  async function latestCompletedAssessment(trx: Kysely<Database>, personId: string) {
    return trx.selectFrom('assessments').selectAll().where('person_id', '=', personId).where('status', '=', 'completed').orderBy('completed_at', 'desc').limit(1).executeTakeFirst();
  }

  async function createVersion(trx: Transaction<Database>, actor: Actor, person: Person, assessmentId: string, previous: SupportPlan | undefined): Promise<SupportPlan> {
    const last = await trx.selectFrom('support_plans').select((eb) => eb.fn.max('plan_number').as('n')).where('person_id', '=', person.id).executeTakeFirst();
    const content: PlanContent = previous
      ? contentOf(previous)
      : { importantToMe: null, stayingWell: null, contingency: null, preventionAdvice: null, outcomes: [], unpaidSupport: [], lines: [], contributionWeeklyPence: 0, paymentFrequency: 'four-weekly', exceptionalNeed: null, differenceReason: null };
    const created = await trx
      .insertInto('support_plans')
      .values({
        person_id: person.id,
        assessment_id: assessmentId,
        plan_number: (last?.n ?? 0) + 1,
        previous_id: previous?.id ?? null,
        status: 'draft',
        created_by: actor.id,
        updated_at: new Date(),
        ...contentColumns(content),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: previous ? 'plan.revision-started' : 'plan.started',
      subjectType: 'support-plan',
      subjectId: created.id,
      personId: person.id,
      after: { plan_number: created.plan_number, assessment_id: assessmentId, previous_id: previous?.id ?? null },
    });
    return created;
  }

  /** A new draft for the person: the open one if there is one, else a copy of the latest agreed version on their latest assessment. */
  async function openDraft(trx: Transaction<Database>, actor: Actor, person: Person): Promise<SupportPlan> {
    const open = await trx.selectFrom('support_plans').selectAll().where('person_id', '=', person.id).where('status', '<>', 'agreed').executeTakeFirst();
    if (open) return open;
    const assessment = await latestCompletedAssessment(trx, person.id);
    if (!assessment) throw new PlanError([{ field: 'plan', message: 'Complete a needs assessment before starting a support plan' }]);
    const previous = await trx.selectFrom('support_plans').selectAll().where('person_id', '=', person.id).where('status', '=', 'agreed').orderBy('plan_number', 'desc').limit(1).executeTakeFirst();
    return createVersion(trx, actor, person, assessment.id, previous);
  }

  async function updateAtVersion(trx: Transaction<Database>, id: string, version: number, changes: Updateable<SupportPlansTable>) {
    const updated = await trx
      .updateTable('support_plans')
      .set({ ...changes, updated_at: new Date(), row_version: sql`row_version + 1` })
      .where('id', '=', id)
      .where('row_version', '=', version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new ConflictError('Someone else changed this support plan while you were working on it. Your change was not saved: look at the plan as it is now and make it again');
    return updated;
  }

  return {
    /** For a review that ends in a plan revision: the person's draft, in the review's transaction. */
    openDraft,

    /** Starts the person's support plan, or opens the draft they already have. */
    async start(actor: Actor, personId: string): Promise<SupportPlan> {
      if (!can(actor, 'plans:write')) throw new ForbiddenError();
      return tx(async (trx) => {
        const person = await findPersonInTeams(trx, personId, actor.teamIds);
        if (!person) throw new NotFoundError('person');
        if (person.closed_on) throw new ConflictError('This record is closed');
        return openDraft(trx, actor, person);
      });
    },

    /** A new draft version of an agreed plan, to change it. The agreed version stays as it is. */
    async revise(actor: Actor, id: string): Promise<SupportPlan> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        if (record.person.closed_on) throw new ConflictError('This record is closed');
        return openDraft(trx, actor, record.person);
      });
    },

    /** Refuses (not found) unless the actor may use the plan for the purpose: for a form's POST, before reading the form. */
    async access(actor: Actor, id: string, purpose: 'read' | 'write' | 'sign-off'): Promise<void> {
      await accessible(db, actor, id, purpose);
    },

    async view(actor: Actor, id: string, today: string, purpose: 'read' | 'sign-off' = 'read'): Promise<PlanView> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, purpose);
        await recordAudit(trx, auditActor(actor), { action: 'plan.viewed', subjectType: 'support-plan', subjectId: id, personId: record.person.id });
        return viewOf(trx, record, today);
      });
    },

    /** A draft for editing: refuses a plan that is waiting for sign-off or agreed. */
    async forEditing(actor: Actor, id: string): Promise<PlanRecord> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        if (record.plan.status !== 'draft') {
          throw new ConflictError(record.plan.status === 'agreed' ? 'This version of the plan is agreed and never changes. Start a new version to change it' : 'This plan is waiting for sign-off. It can be changed again if it is returned');
        }
        await recordAudit(trx, auditActor(actor), { action: 'plan.viewed', subjectType: 'support-plan', subjectId: id, personId: record.person.id });
        return record;
      });
    },

    /**
     * Changes a draft: `change` gets the current content and returns the new content, or throws a
     * ValidationError. The version the editor started from must still be current, so a second
     * editor's save is refused, never silently applied over the first.
     */
    async edit(actor: Actor, id: string, version: number, what: string, change: (content: PlanContent, record: PlanRecord) => PlanContent): Promise<SupportPlan> {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        if (record.plan.status !== 'draft') throw new ConflictError('This plan is not a draft any more, so it cannot be changed. Start a new version to change it');
        if (record.plan.row_version !== version) throw new ConflictError('Someone else changed this support plan while you were working on it. Your change was not saved: look at the plan as it is now and make it again');
        const before = contentOf(record.plan);
        const after = change(before, record);
        const updated = await updateAtVersion(trx, id, version, contentColumns(after));
        await recordAudit(trx, auditActor(actor), {
          action: `plan.${what}`,
          subjectType: 'support-plan',
          subjectId: id,
          personId: record.person.id,
          after: { changes: planChanges(before, after) },
        });
        return updated;
      });
    },

    /** Sends a draft for sign-off at the level its cost and needs require. Every check must pass. */
    async submit(actor: Actor, id: string, version: number, today: string) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        if (record.plan.status !== 'draft') throw new ConflictError('This plan has already been sent for sign-off');
        const checks = checksFor(record, today);
        if (!allPassed(checks)) {
          throw new PlanError([...checks.effective.problems, ...checks.legal.problems, ...checks.affordable.problems].map((p) => ({ field: 'checks', message: p.message })));
        }
        const signOff = signOffFor(record);
        const updated = await updateAtVersion(trx, id, version, { status: 'awaiting-sign-off', sign_off_level: signOff.level, submitted_at: new Date(), submitted_by: actor.id });
        await recordAudit(trx, auditActor(actor), { action: 'plan.submitted', subjectType: 'support-plan', subjectId: id, personId: record.person.id, after: { level: signOff.level, annual_cost_pence: planCost(record.plan.lines).annualPence } });
        return { plan: updated, level: signOff.level };
      });
    },

    /**
     * Agrees a plan, setting the final personal budget, or returns it with reasons. Only someone
     * whose delegated limit covers the plan may agree it; the checks run again first.
     */
    async decide(actor: Actor, id: string, version: number, decision: { agree: boolean; reasons: string }, today: string) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'sign-off');
        const { plan, person } = record;
        if (plan.status !== 'awaiting-sign-off' || !plan.sign_off_level) throw new ConflictError('This plan is not waiting for sign-off');
        if (!mayAgree(actor.role, plan.sign_off_level)) throw new ForbiddenError('This plan needs sign-off at a higher level than yours');
        const cost = planCost(plan.lines);
        if (decision.agree) {
          const checks = checksFor(record, today);
          if (!allPassed(checks)) {
            throw new PlanError([...checks.effective.problems, ...checks.legal.problems, ...checks.affordable.problems].map((p) => ({ field: 'checks', message: p.message })));
          }
          const required = signOffFor(record);
          if (!mayAgree(actor.role, required.level)) throw new ForbiddenError('This plan now needs sign-off at a higher level than yours');
        }
        const statement = budgetStatement({ lines: plan.lines, contributionWeeklyPence: plan.contribution_weekly_pence, paymentFrequency: plan.payment_frequency });
        const changes = decision.agree
          ? { status: 'agreed' as const, agreed_on: today, agreed_at: new Date(), agreed_by: actor.id, indicative_weekly_pence: record.indicativeWeeklyPence, statement: JSON.stringify(statement) }
          : { status: 'draft' as const, sign_off_level: null, submitted_at: null, submitted_by: null };
        const updated = await updateAtVersion(trx, id, version, changes);
        await trx
          .insertInto('sign_off_decisions')
          .values({
            plan_id: id,
            decision: decision.agree ? 'agreed' : 'returned',
            level: plan.sign_off_level,
            weekly_cost_pence: cost.weeklyPence,
            annual_cost_pence: cost.annualPence,
            indicative_weekly_pence: record.indicativeWeeklyPence,
            reasons: decision.reasons,
            decided_by: actor.id,
          })
          .execute();
        if (decision.agree) {
          // Reviews the rules expect; the previous version's unfinished reviews give way to them.
          const earlier = await trx.selectFrom('support_plans').select(['id', 'lines']).where('person_id', '=', person.id).where('status', '=', 'agreed').where('id', '<>', id).execute();
          const hadDirectPayment = earlier.some((p) => p.lines.some((l) => PAID_AS_DIRECT_PAYMENT.includes(l.management)));
          const hasDirectPayment = plan.lines.some((l) => PAID_AS_DIRECT_PAYMENT.includes(l.management));
          await trx.updateTable('reviews').set({ status: 'cancelled', cancelled_reason: 'A new version of the plan was agreed', version: sql`version + 1` }).where('person_id', '=', person.id).where('status', '=', 'scheduled').execute();
          const scheduled = reviewsAfterSignOff(today, hasDirectPayment && !hadDirectPayment);
          await trx
            .insertInto('reviews')
            .values(scheduled.map((r) => ({ person_id: person.id, plan_id: id, kind: r.kind, due_from: r.dueFrom, due_by: r.dueBy })))
            .execute();
        }
        await recordAudit(trx, auditActor(actor), {
          action: decision.agree ? 'plan.agreed' : 'plan.returned',
          subjectType: 'support-plan',
          subjectId: id,
          personId: person.id,
          after: decision.agree
            ? { level: plan.sign_off_level, indicative_weekly_pence: record.indicativeWeeklyPence, weekly_cost_pence: cost.weeklyPence, annual_cost_pence: cost.annualPence, council_weekly_pence: statement.weekly.councilPence }
            : { level: plan.sign_off_level },
          reason: decision.reasons,
        });
        return updated;
      });
    },

    /** When the support in an agreed plan starts (the only thing recorded on an agreed version). */
    async recordSupportStart(actor: Actor, id: string, version: number, startsOn: string) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'write');
        if (record.plan.status !== 'agreed') throw new ConflictError('Record when support starts once the plan is agreed');
        const updated = await updateAtVersion(trx, id, version, { support_starts_on: startsOn });
        await recordAudit(trx, auditActor(actor), {
          action: 'plan.support-start-recorded',
          subjectType: 'support-plan',
          subjectId: id,
          personId: record.person.id,
          before: { support_starts_on: record.plan.support_starts_on },
          after: { support_starts_on: startsOn },
        });
        return updated;
      });
    },

    /** What changed from the version before, for a new version's page. */
    async changes(actor: Actor, id: string) {
      return tx(async (trx) => {
        const record = await accessible(trx, actor, id, 'read');
        const previous = record.plan.previous_id ? await trx.selectFrom('support_plans').selectAll().where('id', '=', record.plan.previous_id).executeTakeFirst() : undefined;
        await recordAudit(trx, auditActor(actor), { action: 'plan.viewed', subjectType: 'support-plan', subjectId: id, personId: record.person.id });
        return { record, previous: previous ?? null, changes: previous ? planChanges(contentOf(previous), contentOf(record.plan)) : [] };
      });
    },

    /** A person's plan versions, newest first, for their page (no audit: the page's own view is audited). */
    async forPerson(actor: Actor, personId: string) {
      const person = await findPersonInTeams(db, personId, actor.teamIds);
      if (!person || !canAccessPerson(actor, 'people:read', person)) throw new NotFoundError('person');
      return db.selectFrom('support_plans').select(['id', 'plan_number', 'status', 'sign_off_level', 'agreed_on', 'support_starts_on', 'lines', 'created_at']).where('person_id', '=', personId).orderBy('plan_number', 'desc').execute();
    },

    /** Plans waiting for this member of staff to sign off: their teams' within their limit, or the panel's. */
    async signOffQueue(actor: Actor) {
      const levels: SignOffLevel[] = actor.role === 'panel-member' ? ['panel'] : actor.role === 'team-manager' ? ['worker', 'manager'] : actor.role === 'social-worker' ? ['worker'] : [];
      if (levels.length === 0) return [];
      let query = db
        .selectFrom('support_plans')
        .innerJoin('people', 'people.id', 'support_plans.person_id')
        .innerJoin('teams', 'teams.id', 'people.team_id')
        .select(['support_plans.id', 'support_plans.sign_off_level', 'support_plans.submitted_at', 'support_plans.lines', 'people.reference', 'people.given_name', 'people.family_name', 'teams.name as team_name'])
        .where('support_plans.status', '=', 'awaiting-sign-off')
        .where('support_plans.sign_off_level', 'in', levels);
      if (actor.role !== 'panel-member') query = query.where('people.team_id', 'in', actor.teamIds.length ? actor.teamIds : ['00000000-0000-0000-0000-000000000000']);
      return query.orderBy('support_plans.submitted_at').execute();
    },
  };
}

export type SupportPlanService = ReturnType<typeof createSupportPlanService>;
