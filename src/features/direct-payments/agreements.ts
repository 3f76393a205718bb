import type { DpAgreement, DpSuspension, EndedBecause, Person, SupportPlan } from '../../db/schema.js';
import { addDays, addMonths } from '../../domain/directory/checks.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { formatDate } from '../../web/format.js';
import type { Context, Executor } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { activeRepresentativesOf, personById } from '../people/repository.js';
import { planById } from '../support-plans/repository.js';
import { agreementsPayingAfter, endAgreementAtVersion, endSuspensionAtVersion, insertVariation, variationsOf, varyAgreementAtVersion } from './changes-repository.js';
import { agreementForPlan, insertAgreement, insertAuditDue, insertSuspension } from './repository.js';

export interface AgreementInput {
  recipientKind: DpAgreement['recipient_kind'];
  recipientName: string;
  accountKind: DpAgreement['account_kind'];
  accountDetails: string;
  prepaidCardChoice: DpAgreement['prepaid_card_choice'];
  startOn: string;
  frequency: DpAgreement['frequency'];
  contingencyPence: number;
  /** Required to open a second account while one is still paying: otherwise vary that one. */
  secondAccountReason?: string | null;
  /** The person pays their assessed contribution into this account (monitoring checks it). */
  contributionIntoAccount?: boolean;
}

export interface PlanForAgreement {
  plan: SupportPlan;
  person: Person;
  representatives: { name: string; kind: string }[];
  directPayment: NonNullable<NonNullable<SupportPlan['statement']>['directPayment']>;
}

/** An agreed plan that pays a direct payment, with its person and representatives; undefined otherwise. */
export async function loadPlanForAgreement(db: Executor, planId: string): Promise<PlanForAgreement | undefined> {
  const plan = await planById(db, planId);
  if (!plan || plan.status !== 'agreed' || !plan.statement?.directPayment) return undefined;
  const person = await personById(db, plan.person_id);
  if (!person) return undefined;
  return { plan, person, representatives: await activeRepresentativesOf(db, person.id), directPayment: plan.statement.directPayment };
}

/**
 * Sets up the direct payment for an agreed plan: net of the contribution, as the budget statement
 * says. Where the person already has one paying, a new plan version varies it (`varyDirectPayment`);
 * a second account beside it is opened only deliberately, with the reason, and ends nothing.
 */
export async function createAgreement(ctx: Context, { plan, person, directPayment }: PlanForAgreement, input: AgreementInput) {
  if (await agreementForPlan(ctx.db, plan.id)) throw new ConflictError('This plan already has a direct payment agreement');
  const paying = await agreementsPayingAfter(ctx.db, person.id, input.startOn);
  if (paying.length && !input.secondAccountReason) {
    throw new ValidationError([{ field: 'second_account_reason', message: `${paying[0]!.reference} is still paying: vary it for this plan, or say why a second account is needed` }]);
  }
  const created = await insertAgreement(ctx.db, {
    person_id: person.id,
    plan_id: plan.id,
    recipient_kind: input.recipientKind,
    recipient_name: input.recipientName,
    account_kind: input.accountKind,
    account_details: input.accountDetails,
    prepaid_card_choice: input.prepaidCardChoice,
    start_on: input.startOn,
    net_weekly_pence: directPayment.netWeeklyPence,
    frequency: input.frequency,
    contingency_pence: input.contingencyPence,
    created_by: ctx.actor.id,
    second_account_reason: paying.length ? input.secondAccountReason! : null,
    contribution_into_account: input.contributionIntoAccount ?? false,
  });
  await insertAuditDue(ctx.db, created.id, addMonths(input.startOn, 12));
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'direct-payment.agreed',
    subjectType: 'dp-agreement',
    subjectId: created.id,
    personId: person.id,
    after: { reference: created.reference, net_weekly_pence: created.net_weekly_pence, frequency: created.frequency, start_on: created.start_on, recipient_kind: created.recipient_kind, account_kind: created.account_kind, prepaid_card_choice: created.prepaid_card_choice },
  });
  return created;
}

export async function suspendPayments(ctx: Context, agreement: DpAgreement, input: { fromOn: string; toOn: string | null; reason: string }) {
  if (agreement.end_on && input.fromOn > agreement.end_on) throw new ValidationError([{ field: 'from_on', message: `${agreement.reference} ended on ${formatDate(agreement.end_on)}: there is nothing after that to suspend` }]);
  await insertSuspension(ctx.db, { agreementId: agreement.id, ...input });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'direct-payment.suspended', subjectType: 'dp-agreement', subjectId: agreement.id, personId: agreement.person_id, after: { from_on: input.fromOn, to_on: input.toOn }, reason: input.reason });
}

/**
 * Resumes suspended payments from a day: the suspension now ends the day before. A day already
 * paid around is put right by the next run (the days now due are paid with it).
 */
export async function resumePayments(ctx: Context, agreement: DpAgreement, suspension: DpSuspension, version: number, resumeOn: string) {
  if (resumeOn <= suspension.from_on) throw new ValidationError([{ field: 'resume_on', message: `Payments were suspended from ${formatDate(suspension.from_on)}: they must start again after that` }]);
  if (suspension.to_on && resumeOn > addDays(suspension.to_on, 1)) throw new ValidationError([{ field: 'resume_on', message: `The suspension already ends on ${formatDate(suspension.to_on)}: payments start again the day after` }]);
  if (agreement.end_on && resumeOn > agreement.end_on) throw new ValidationError([{ field: 'resume_on', message: `${agreement.reference} ended on ${formatDate(agreement.end_on)}` }]);
  await endSuspensionAtVersion(ctx.db, suspension.id, version, addDays(resumeOn, -1));
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'direct-payment.resumed', subjectType: 'dp-agreement', subjectId: agreement.id, personId: agreement.person_id, before: { from_on: suspension.from_on, to_on: suspension.to_on }, after: { to_on: addDays(resumeOn, -1) } });
}

/**
 * Ends a direct payment on a day (a record closed, a death, a move): no payment run pays a day
 * after it, and the period it falls in is paid pro rata up to it. Never before it started.
 */
export async function endDirectPayment(ctx: Context, agreement: DpAgreement, endOn: string, reason: string, because: EndedBecause = 'other') {
  const last = endOn < agreement.start_on ? addDays(agreement.start_on, -1) : endOn;
  if (!(await endAgreementAtVersion(ctx.db, agreement.id, agreement.version, last, because))) throw new ConflictError('The direct payment was changed by someone else while you were working on it');
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'direct-payment.ended', subjectType: 'dp-agreement', subjectId: agreement.id, personId: agreement.person_id, before: { end_on: agreement.end_on }, after: { end_on: last, ended_because: because }, reason });
}

/**
 * A new plan version varies the direct payment already paying (issue 13): the same account, so its
 * balance, reclaims waiting to be netted and monitoring carry across; the weekly amount changes from
 * a day (the period it falls in paid days ÷ 7 of each amount; a period already paid is adjusted in
 * the next payment); the agreement follows the new plan. The variation notice is the letter.
 */
export async function varyDirectPayment(ctx: Context, agreement: DpAgreement, { plan, directPayment }: PlanForAgreement, fromOn: string) {
  const problems: { field: string; message: string }[] = [];
  const variations = await variationsOf(ctx.db, [agreement.id]);
  const latest = variations.at(-1)?.from_on ?? agreement.start_on;
  if (plan.person_id !== agreement.person_id) problems.push({ field: 'from_on', message: 'This plan is for someone else' });
  if (fromOn < agreement.start_on) problems.push({ field: 'from_on', message: `The change must be from ${formatDate(agreement.start_on)} or later, when ${agreement.reference} started` });
  else if (variations.length && fromOn <= latest) problems.push({ field: 'from_on', message: `The change must be after the last one, from ${formatDate(latest)}` });
  if (agreement.end_on && fromOn > agreement.end_on) problems.push({ field: 'from_on', message: `${agreement.reference} ended on ${formatDate(agreement.end_on)}` });
  if (problems.length) throw new ValidationError(problems);
  const variation = await insertVariation(ctx.db, { agreementId: agreement.id, fromOn, planId: plan.id, previousPlanId: agreement.plan_id, netWeeklyPence: directPayment.netWeeklyPence, previousWeeklyPence: agreement.net_weekly_pence, createdBy: ctx.actor.id });
  if (!(await varyAgreementAtVersion(ctx.db, agreement.id, agreement.version, plan.id, directPayment.netWeeklyPence))) throw new ConflictError('The direct payment was changed by someone else while you were working on it');
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'direct-payment.varied',
    subjectType: 'dp-agreement',
    subjectId: agreement.id,
    personId: agreement.person_id,
    before: { plan_id: agreement.plan_id, net_weekly_pence: agreement.net_weekly_pence },
    after: { plan_id: plan.id, net_weekly_pence: directPayment.netWeeklyPence, from_on: fromOn },
  });
  return variation;
}
