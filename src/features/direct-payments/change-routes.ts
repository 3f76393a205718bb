import { z } from 'zod';
import { addDays } from '../../domain/directory/checks.js';
import { formatPence } from '../../domain/money/pence.js';
import { ValidationError } from '../../errors.js';
import { type StaffActor } from '../../policies/index.js';
import { dateParts } from '../../web/forms.js';
import { formatDate } from '../../web/format.js';
import { type Context, type Route, idParams, page, route } from '../../web/route.js';
import { financialAssessmentById } from '../charging/repository.js';
import { planById } from '../support-plans/repository.js';
import { type AgreementInput, createAgreement, endDirectPayment, loadPlanForAgreement, resumePayments, suspendPayments, varyDirectPayment } from './agreements.js';
import { suspensionById } from './changes-repository.js';
import * as present from './presenters.js';
import * as ending from './ending-presenters.js';
import * as changes from './changes-repository.js';
import { agreementSchema, endSchema, resumeSchema, variationSchema, suspendSchema } from './schemas.js';
import { ACCESS, type Agreement, loadAgreement, manages, toAccount } from './loaders.js';

/** Changes of a direct payment through a person's life: set up, varied, suspended, ended. */

/** The set-up, second-account and vary routes: an agreed plan's page, for those who manage the person's payments. */
const onPlanPage = { access: ACCESS, params: idParams, load: loadPlanPage, allow: (actor: StaffActor, p: PlanPage) => manages(actor, { person_id: p.person.id }) };
type PlanPage = NonNullable<Awaited<ReturnType<typeof loadPlanPage>>>;

/** An agreed plan to set up a direct payment for, with the person's direct payments still paying (to vary instead). */
async function loadPlanPage(ctx: Context, params: { id: string }) {
  const p = await loadPlanForAgreement(ctx.db, params.id);
  if (!p) return undefined;
  const paying = await changes.agreementsPayingAfter(ctx.db, p.person.id, ctx.today);
  return { ...p, paying, contributionFrom: await contributionChangedOn(ctx, p.plan, paying[0]) };
}

/**
 * A new plan version whose contribution came from a newer financial assessment than the plan the
 * direct payment pays now: the variation starts from that assessment's date (charging.md rule 29),
 * when that is after the payment started.
 */
async function contributionChangedOn(ctx: Context, plan: { contribution_assessment_id: string | null }, paying: { plan_id: string; start_on: string } | undefined): Promise<string | null> {
  if (!paying || !plan.contribution_assessment_id) return null;
  const current = await planById(ctx.db, paying.plan_id);
  if (current?.contribution_assessment_id === plan.contribution_assessment_id) return null;
  const fa = await financialAssessmentById(ctx.db, plan.contribution_assessment_id);
  return fa?.assessed_on && fa.assessed_on > paying.start_on ? fa.assessed_on : null;
}

/** A suspension, with its account: resumed by those who manage the person's payments. */
async function loadSuspension(ctx: Context, params: { id: string }) {
  const suspension = await suspensionById(ctx.db, params.id);
  const found = suspension ? await loadAgreement(ctx, { id: suspension.agreement_id }) : undefined;
  return suspension && found ? { suspension, ...found } : undefined;
}
type Suspension = NonNullable<Awaited<ReturnType<typeof loadSuspension>>>;
const onSuspension = { access: ACCESS, params: idParams, load: loadSuspension, allow: (actor: StaffActor, s: Suspension) => manages(actor, s.agreement) };

/** The form starts from today, or the day after the suspension began if that is later: the earliest a resume can be. */
const firstDayToResume = (fromOn: string, today: string) => (today > fromOn ? today : addDays(fromOn, 1));

export const changeRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/direct-payments/new/:id',
    ...onPlanPage,
    respond: (ctx, p) => page('direct-payments/views/agreement.njk', present.agreementPage(p, { frequency: 'four-weekly', contingency: '0.00', ...dateParts('start_on', ctx.today), ...dateParts('from_on', p.contributionFrom ?? ctx.today) })),
  }),
  route({
    method: 'POST',
    url: '/direct-payments/new/:id',
    ...onPlanPage,
    form: agreementSchema,
    dates: ['start_on'],
    command: (ctx, p, f: z.infer<typeof agreementSchema>) => {
      const input: AgreementInput = { recipientKind: f.recipient_kind, recipientName: f.recipient_name, accountKind: f.account_kind, accountDetails: f.account_details, prepaidCardChoice: f.prepaid_card_choice, startOn: f.start_on, frequency: f.frequency, contingencyPence: f.contingency, secondAccountReason: f.second_account_reason, contributionIntoAccount: f.contribution_into_account === 'yes' };
      return createAgreement(ctx, p, input);
    },
    invalid: (_ctx, p, problems) => page('direct-payments/views/agreement.njk', present.agreementPage(p, problems.values, problems.errors)),
    respond: (_ctx, _p, created) => toAccount(created.id, `Direct payment ${created.reference} set up`),
  }),
  route({
    method: 'POST',
    url: '/direct-payments/new/:id/vary',
    ...onPlanPage,
    form: variationSchema,
    dates: ['from_on'],
    command: (ctx, p, f: z.infer<typeof variationSchema>) => {
      if (!p.paying.length) throw new ValidationError([{ field: 'from_on', message: `No direct payment is paying for ${p.person.given_name} ${p.person.family_name}: set one up instead` }]);
      return varyDirectPayment(ctx, p.paying[0]!, p, f.from_on);
    },
    invalid: (_ctx, p, problems) => page('direct-payments/views/agreement.njk', present.agreementPage(p, problems.values, problems.errors)),
    respond: (_ctx, p, variation) => toAccount(p.paying[0]!.id, `${p.paying[0]!.reference} varied: ${formatPence(variation.net_weekly_pence)} a week from ${formatDate(variation.from_on)}. Send the variation notice from the account page`),
  }),
  route({ method: 'GET', url: '/direct-payments/:id/end', access: ACCESS, params: idParams, load: loadAgreement, allow: manages, respond: (ctx, a: Agreement) => page('direct-payments/views/end.njk', ending.endPage(a, dateParts('end_on', ctx.today))) }),
  route({
    method: 'POST',
    url: '/direct-payments/:id/end',
    access: ACCESS,
    params: idParams,
    load: loadAgreement,
    allow: manages,
    form: endSchema,
    dates: ['end_on'],
    command: async (ctx, a: Agreement, f: z.infer<typeof endSchema>) => {
      if (a.agreement.end_on && a.agreement.end_on <= f.end_on) throw new ValidationError([{ field: 'end_on', message: `${a.agreement.reference} already ends on ${formatDate(a.agreement.end_on)}` }]);
      if (f.end_on < addDays(a.agreement.start_on, -1)) throw new ValidationError([{ field: 'end_on', message: `${a.agreement.reference} started on ${formatDate(a.agreement.start_on)}: the last day cannot be before that` }]);
      await endDirectPayment(ctx, a.agreement, f.end_on, f.reason, f.ended_because);
    },
    invalid: (_ctx, a: Agreement, problems) => page('direct-payments/views/end.njk', ending.endPage(a, problems.values, problems.errors)),
    respond: (_ctx, a: Agreement) => toAccount(a.agreement.id, `${a.agreement.reference} ends: no payment run pays for a day after the last day you chose. From that day, do its final reconciliation`),
  }),
  route({ method: 'GET', url: '/direct-payments/:id/suspend', access: ACCESS, params: idParams, load: loadAgreement, allow: manages, respond: (_ctx, a: Agreement) => page('direct-payments/views/suspend.njk', ending.suspendPage(a, {})) }),
  route({
    method: 'POST',
    url: '/direct-payments/:id/suspend',
    access: ACCESS,
    params: idParams,
    load: loadAgreement,
    allow: manages,
    form: suspendSchema,
    dates: ['from_on', 'to_on'],
    command: (ctx, a: Agreement, f: z.infer<typeof suspendSchema>) => suspendPayments(ctx, a.agreement, { fromOn: f.from_on, toOn: f.to_on, reason: f.reason }),
    invalid: (_ctx, a: Agreement, problems) => page('direct-payments/views/suspend.njk', ending.suspendPage(a, problems.values, problems.errors)),
    respond: (_ctx, a: Agreement) => toAccount(a.agreement.id, 'Suspension recorded: those days will not be paid'),
  }),
  route({ method: 'GET', url: '/dp-suspensions/:id/resume', ...onSuspension, respond: (ctx, s: Suspension) => page('direct-payments/views/resume.njk', ending.resumePage(s, dateParts('resume_on', firstDayToResume(s.suspension.from_on, ctx.today)))) }),
  route({
    method: 'POST',
    url: '/dp-suspensions/:id/resume',
    ...onSuspension,
    form: resumeSchema,
    dates: ['resume_on'],
    command: (ctx, s: Suspension, f: z.infer<typeof resumeSchema>) => resumePayments(ctx, s.agreement, s.suspension, f.version, f.resume_on),
    invalid: (_ctx, s: Suspension, problems) => page('direct-payments/views/resume.njk', ending.resumePage(s, problems.values, problems.errors)),
    conflict: (_ctx, s: Suspension, error) => ({ ...page('direct-payments/views/resume.njk', ending.resumePage(s, {}, [{ field: 'resume_on', message: error.message }])), status: 409 }),
    respond: (_ctx, s: Suspension) => toAccount(s.agreement.id, 'Payments resume from the day you gave: the next payment run pays what is due'),
  }),
];
