import { z } from 'zod';
import type { DpAgreement, PaymentRun } from '../../db/schema.js';
import { financialYearDates, financialYearOf } from '../../domain/calendar/financial-year.js';
import { addDays } from '../../domain/directory/checks.js';
import { formatPence } from '../../domain/money/pence.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { dateParts } from '../../web/forms.js';
import { formatDate } from '../../web/format.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { COUNCIL_PAYMENT_WINDOW_DAYS } from '../../domain/direct-payments/matching.js';
import { BatchFileError } from '../ras/allocate.js';
import { personById } from '../people/repository.js';
import { agreedPlansAwaitingDirectPayment, planLinesOf } from '../support-plans/repository.js';
import { type AgreementInput, createAgreement, endDirectPayment, loadPlanForAgreement, suspendPayments, varyDirectPayment } from './agreements.js';
import { completeAnnualAudit } from './audits.js';
import { monitorAccount, monitorAll } from './monitoring.js';
import { type RunPayment, confirmPaymentRun, createPaymentRun, discardPaymentRun, paymentFile, paymentRunById, paymentsOf, settlementOf } from './payment-runs.js';
import * as present from './presenters.js';
import { decideReclaim, proposeReclaim, recordReclaim } from './reclaims.js';
import * as changes from './changes-repository.js';
import { letterById, lettersOf, recordLetterSent } from './letters.js';
import * as repo from './repository.js';
import { agreementSchema, endSchema, variationSchema, auditSchema, matchSchema, reclaimDecisionSchema, reclaimRecordSchema, runSchema, spendParams, suspendSchema } from './schemas.js';
import { importStatement, matchStatementLine } from './statements.js';
import { spendFile } from './spend.js';

/** Direct payments, as data: every route is for finance officers, for every team (see src/policies/finance.ts). */

const ACCESS = 'payments:manage' as const;
/** The largest statement file taken. */
export const STATEMENT_UPLOAD_BYTES = 32 * 1024 * 1024;
const manages = (actor: StaffActor, agreement: { person_id: string }) => can(actor, 'account:manage', agreement);
const toAccount = (id: string, text?: string) => redirect(paths.directPayments.account(id), text);

async function loadAgreement(ctx: Context, params: { id: string }) {
  const agreement = await repo.agreementById(ctx.db, params.id);
  if (!agreement) return undefined;
  const person = await personById(ctx.db, agreement.person_id);
  return person ? { agreement, person, person_id: agreement.person_id } : undefined;
}
type Agreement = NonNullable<Awaited<ReturnType<typeof loadAgreement>>>;

async function loadVariation(ctx: Context, params: { id: string }) {
  const variation = await changes.variationById(ctx.db, params.id);
  const found = variation ? await loadAgreement(ctx, { id: variation.agreement_id }) : undefined;
  return variation && found ? { variation, ...found, person_id: found.agreement.person_id } : undefined;
}

/** A letter's page, with the button that records it as sent (its words kept as they are now). */
const letterOutcome = (letter: ReturnType<typeof present.letterPage>, sentAction: string) => page('direct-payments/views/letter.njk', { ...letter, sentAction }, { noStore: true });
const sentRoute = <R extends { agreement: DpAgreement }>(url: string, load: (ctx: Context, p: { id: string }) => Promise<R | undefined>, kind: 'reclaim' | 'variation' | 'contribution', content: (ctx: Context, r: R) => { id: string | null; letter: ReturnType<typeof present.letterPage> }) =>
  route({
    method: 'POST',
    url,
    access: ACCESS,
    params: idParams,
    load,
    allow: (actor, r: R) => manages(actor, r.agreement),
    command: (ctx, r: R) => {
      const { id, letter } = content(ctx, r);
      return recordLetterSent(ctx, r.agreement, kind, id, letter);
    },
    respond: (_ctx, _r, sent) => redirect(paths.directPayments.letterSent(sent.id), 'Recorded as sent: this is the letter as it went, kept on the account'),
  });

/** The set-up, second-account and vary routes: an agreed plan's page, for those who manage the person's payments. */
const onPlanPage = { access: ACCESS, params: idParams, load: loadPlanPage, allow: (actor: StaffActor, p: PlanPage) => manages(actor, { person_id: p.person.id }) };
type PlanPage = NonNullable<Awaited<ReturnType<typeof loadPlanPage>>>;

/** An agreed plan to set up a direct payment for, with the person's direct payments still paying (to vary instead). */
async function loadPlanPage(ctx: Context, params: { id: string }) {
  const p = await loadPlanForAgreement(ctx.db, params.id);
  return p ? { ...p, paying: await changes.agreementsPayingAfter(ctx.db, p.person.id, ctx.today) } : undefined;
}

/** One account's page: the agreement, its monitoring figures as of today, and everything listed on it. */
async function loadAccount(ctx: Context, params: { id: string }): Promise<(present.AccountView & { person_id: string }) | undefined> {
  const found = await loadAgreement(ctx, params);
  if (!found) return undefined;
  const { agreement, person } = found;
  const [summary, statement, reclaims, audits, suspensions, plan, months, later, variations, settlement, missing, letters] = await Promise.all([
    monitorAccount(ctx.db, agreement, ctx.today, ctx.config.monitoring),
    repo.statementLinesOf(ctx.db, agreement.id),
    repo.reclaimsOf(ctx.db, agreement.id),
    repo.auditsOf(ctx.db, agreement.id),
    repo.suspensionsOf(ctx.db, [agreement.id]),
    planLinesOf(ctx.db, agreement.plan_id),
    repo.accountMonths(ctx.db, agreement.id, ctx.today),
    repo.accountTotalsAfter(ctx.db, agreement.id, ctx.today),
    changes.variationsOf(ctx.db, [agreement.id]),
    agreement.end_on ? settlementOf(ctx.db, agreement) : Promise.resolve(0),
    changes.paymentsNotOnStatements(ctx.db, agreement.id, COUNCIL_PAYMENT_WINDOW_DAYS),
    lettersOf(ctx.db, agreement.id),
  ]);
  return { agreement, person, person_id: agreement.person_id, asOf: ctx.today, summary, statement, reclaims, audits, suspensions, lines: plan.lines, contributionWeeklyPence: Number(plan.contribution_weekly_pence ?? 0), months, later, variations, settlement, missing, letters };
}
type Account = NonNullable<Awaited<ReturnType<typeof loadAccount>>>;

async function loadReclaim(ctx: Context, params: { id: string }) {
  const reclaim = await repo.reclaimById(ctx.db, params.id);
  const found = reclaim ? await loadAgreement(ctx, { id: reclaim.agreement_id }) : undefined;
  return reclaim && found ? { reclaim, agreement: found.agreement, person: found.person, person_id: found.agreement.person_id } : undefined;
}
type ReclaimRecord = NonNullable<Awaited<ReturnType<typeof loadReclaim>>>;

async function loadAudit(ctx: Context, params: { id: string }) {
  const audit = await repo.auditById(ctx.db, params.id);
  const found = audit ? await loadAgreement(ctx, { id: audit.agreement_id }) : undefined;
  if (!audit || !found || audit.status !== 'due') return undefined;
  const listing = { id: audit.id, due_on: audit.due_on, agreement_id: audit.agreement_id, reference: found.agreement.reference, given_name: found.person.given_name, family_name: found.person.family_name };
  return { audit, agreement: found.agreement, listing, person_id: found.agreement.person_id };
}
type AuditRecord = NonNullable<Awaited<ReturnType<typeof loadAudit>>>;

/** A payment run with something worked out from it (what it pays, its payment file). */
const runWith =
  <T>(derive: (db: Context['db'], run: PaymentRun) => Promise<T>) =>
  async (ctx: Context, params: { id: string }) => {
    const run = await paymentRunById(ctx.db, params.id);
    return run ? { run, with: await derive(ctx.db, run) } : undefined;
  };

const accountViewed = (a: { agreement: DpAgreement }) => ({ action: 'direct-payment.viewed', subjectType: 'dp-agreement', subjectId: a.agreement.id, personId: a.agreement.person_id });
const reclaimViewed = (r: ReclaimRecord) => ({ action: 'reclaim.viewed', subjectType: 'reclaim', subjectId: r.reclaim.id, personId: r.agreement.person_id });
const reclaimPage = (r: ReclaimRecord, values: Record<string, string | string[]>, errors?: { field: string; message: string }[]) => page('direct-payments/views/reclaim.njk', present.reclaimPage(r, values, errors), { noStore: true });

export const directPaymentRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/direct-payments',
    access: ACCESS,
    load: async (ctx) => {
      const [awaiting, listing, monitored, flagged, audits, toEnd] = await Promise.all([agreedPlansAwaitingDirectPayment(ctx.db, ctx.today), repo.agreementListing(ctx.db), monitorAll(ctx.db, ctx.today, ctx.config.monitoring), repo.flaggedCounts(ctx.db), repo.auditsDueBy(ctx.db, addDays(ctx.today, 30)), changes.paymentsReplacedByPlansWithout(ctx.db)]);
      const flags = new Map(flagged.map((f) => [f.agreement_id, Number(f.n)]));
      const accounts = listing.map((a) => ({ ...a, balance: monitored.get(a.id)?.balancePence ?? 0, proposedReclaim: monitored.get(a.id)?.proposedReclaimPence ?? 0, flagged: flags.get(a.id) ?? 0 }));
      return { year: financialYearOf(ctx.today), awaiting, accounts, audits, toEnd };
    },
    respond: (_ctx, figures) => page('direct-payments/views/index.njk', present.indexPage(figures)),
  }),
  route({
    method: 'GET',
    url: '/direct-payments/new/:id',
    ...onPlanPage,
    respond: (ctx, p) => page('direct-payments/views/agreement.njk', present.agreementPage(p, { frequency: 'four-weekly', contingency: '0.00', ...dateParts('start_on', ctx.today), ...dateParts('from_on', ctx.today) })),
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
  route({
    method: 'GET',
    url: '/direct-payments/:id/contribution-note',
    access: ACCESS,
    params: idParams,
    load: loadAccount,
    allow: manages,
    viewed: accountViewed,
    respond: (ctx, a: Account) => letterOutcome(present.contributionNote({ agreement: a.agreement, person: a.person, weeklyPence: a.contributionWeeklyPence, check: a.summary.contribution }, ctx.today, ctx.config.councilContact), `/direct-payments/${a.agreement.id}/contribution-note/sent`),
  }),
  route({
    method: 'GET',
    url: '/dp-variations/:id/notice',
    access: ACCESS,
    params: idParams,
    load: loadVariation,
    allow: manages,
    viewed: (r) => ({ action: 'direct-payment.variation-notice-viewed', subjectType: 'dp-variation', subjectId: r.variation.id, personId: r.agreement.person_id }),
    respond: (ctx, r) => letterOutcome(present.variationNotice(r.variation, r.agreement, r.person, ctx.today, ctx.config.councilContact), `/dp-variations/${r.variation.id}/notice/sent`),
  }),
  route({ method: 'GET', url: '/direct-payments/:id', access: ACCESS, params: idParams, load: loadAccount, allow: manages, viewed: accountViewed, respond: (_ctx, a: Account) => page('direct-payments/views/account.njk', present.accountPage(a), { noStore: true }) }),
  route({
    method: 'POST',
    url: '/direct-payments/:id/reclaims',
    access: ACCESS,
    params: idParams,
    load: loadAccount,
    allow: manages,
    command: (ctx, a: Account) => proposeReclaim(ctx, a.agreement, a.summary),
    invalid: (_ctx, a: Account, problems) => page('direct-payments/views/account.njk', present.accountPage(a, problems.errors)),
    conflict: (_ctx, a: Account, error) => page('direct-payments/views/account.njk', present.accountPage(a, [{ field: 'reclaim', message: error.message }]), { status: 409 }),
    respond: (_ctx, _a, reclaim) => redirect(paths.directPayments.reclaim(reclaim.id), `A reclaim of ${formatPence(reclaim.proposed_pence)} is proposed. Decide it below`),
  }),
  route({ method: 'GET', url: '/direct-payments/:id/end', access: ACCESS, params: idParams, load: loadAgreement, allow: manages, respond: (ctx, a: Agreement) => page('direct-payments/views/end.njk', present.endPage(a, dateParts('end_on', ctx.today))) }),
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
      await endDirectPayment(ctx, a.agreement, f.end_on, f.reason);
    },
    invalid: (_ctx, a: Agreement, problems) => page('direct-payments/views/end.njk', present.endPage(a, problems.values, problems.errors)),
    respond: (_ctx, a: Agreement) => toAccount(a.agreement.id, `${a.agreement.reference} ends: no payment run pays for a day after the last day you chose`),
  }),
  route({ method: 'GET', url: '/direct-payments/:id/suspend', access: ACCESS, params: idParams, load: loadAgreement, allow: manages, respond: (_ctx, a: Agreement) => page('direct-payments/views/suspend.njk', present.suspendPage(a, {})) }),
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
    invalid: (_ctx, a: Agreement, problems) => page('direct-payments/views/suspend.njk', present.suspendPage(a, problems.values, problems.errors)),
    respond: (_ctx, a: Agreement) => toAccount(a.agreement.id, 'Suspension recorded: those days will not be paid'),
  }),
  route({
    method: 'POST',
    url: '/statement-lines/:id/match',
    access: ACCESS,
    params: idParams,
    load: async (ctx, params) => {
      const line = await repo.statementLineById(ctx.db, params.id);
      const agreement = line ? await repo.agreementById(ctx.db, line.agreement_id) : undefined;
      return line && agreement ? { line, agreement, person_id: agreement.person_id } : undefined;
    },
    allow: manages,
    form: matchSchema,
    command: (ctx, found, f: z.infer<typeof matchSchema>) => matchStatementLine(ctx, found, f.line),
    invalid: (_ctx, found, problems) => toAccount(found.agreement.id, problems.errors[0]!.message),
    respond: (_ctx, found) => toAccount(found.agreement.id, 'Transaction matched'),
  }),
  route({
    method: 'GET',
    url: '/direct-payments/spend/:year',
    access: ACCESS,
    params: spendParams,
    load: async (ctx, params: { year: number }) => ({ year: params.year, file: await spendFile(ctx.db, financialYearDates(params.year)) }),
    allow: (actor) => can(actor, 'spend:read', {}),
    respond: (_ctx, s) => download('text/csv; charset=utf-8', s.file, `spend-${s.year}.csv`),
  }),
  route({ method: 'GET', url: '/payment-runs', access: ACCESS, load: (ctx) => repo.recentPaymentRuns(ctx.db), respond: (ctx, runs) => page('direct-payments/views/runs.njk', present.runsPage(runs, dateParts('run_on', ctx.today))) }),
  route({
    method: 'POST',
    url: '/payment-runs',
    access: ACCESS,
    load: (ctx) => repo.recentPaymentRuns(ctx.db),
    allow: (actor) => can(actor, 'payment-run:manage', {}),
    form: runSchema,
    dates: ['run_on'],
    command: (ctx, _runs, f: z.infer<typeof runSchema>) => createPaymentRun(ctx, f.run_on),
    invalid: (_ctx, runs, problems) => page('direct-payments/views/runs.njk', present.runsPage(runs, problems.values, problems.errors)),
    respond: (_ctx, _runs, run) => redirect(paths.directPayments.run(run.id)),
  }),
  route({
    method: 'GET',
    url: '/payment-runs/:id',
    access: ACCESS,
    params: idParams,
    load: runWith(paymentsOf),
    respond: (_ctx, r: { run: PaymentRun; with: RunPayment[] }) => page('direct-payments/views/run.njk', present.runPage(r.run, r.with)),
  }),
  route({
    method: 'POST',
    url: '/payment-runs/:id/confirm',
    access: ACCESS,
    params: idParams,
    load: (ctx, params) => paymentRunById(ctx.db, params.id),
    allow: (actor, run) => can(actor, 'payment-run:manage', run),
    command: (ctx, run) => confirmPaymentRun(ctx, run.id),
    respond: (_ctx, run, result) =>
      redirect(paths.directPayments.run(run.id), result.alreadyConfirmed ? 'This run was already confirmed: nothing was paid twice' : `Run confirmed: ${result.count} payments recorded`, result.alreadyConfirmed ? 'important' : 'success'),
  }),
  route({
    method: 'POST',
    url: '/payment-runs/:id/discard',
    access: ACCESS,
    params: idParams,
    load: (ctx, params) => paymentRunById(ctx.db, params.id),
    allow: (actor, run) => can(actor, 'payment-run:manage', run),
    command: (ctx, run) => discardPaymentRun(ctx, run),
    conflict: (_ctx, run, error) => redirect(paths.directPayments.run(run.id), error.message, 'important'),
    respond: (_ctx, run) => redirect(paths.directPayments.runs(), `The run for ${formatDate(run.run_on)} was discarded: nothing was paid by it`),
  }),
  route({
    method: 'GET',
    url: '/payment-runs/:id/payments.csv',
    access: ACCESS,
    params: idParams,
    load: runWith(paymentFile),
    respond: (_ctx, r: { run: PaymentRun; with: string }) => download('text/csv; charset=utf-8', r.with, `payments-${r.run.id.slice(0, 8)}.csv`),
  }),
  route({ method: 'GET', url: '/statements/import', access: ACCESS, respond: () => page('direct-payments/views/import.njk', present.importPage()) }),
  route({
    method: 'POST',
    url: '/statements/import',
    access: ACCESS,
    // A month's statements for every account is a few megabytes; the rows are held while checked.
    uploads: { maxBytes: STATEMENT_UPLOAD_BYTES },
    transaction: false,
    command: async (ctx) => {
      const file = ctx.files.statement;
      if (!file) throw new ValidationError([{ field: 'statement', message: 'Choose the statement CSV file to upload' }]);
      try {
        return await importStatement(ctx, file.path);
      } catch (error) {
        if (error instanceof BatchFileError) throw new ValidationError(present.fileProblems('statement', error.problems, error.more));
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => page('direct-payments/views/import.njk', present.importPage(problems.errors)),
    respond: (_ctx, _r, r) => redirect(paths.directPayments.index(), `${r.added} transactions added${r.alreadyImported ? ` (${r.alreadyImported} were already imported)` : ''}; ${r.flagged} flagged; ${r.unmatched} waiting to be matched`),
  }),
  route({ method: 'GET', url: '/reclaims/:id', access: ACCESS, params: idParams, load: loadReclaim, allow: manages, viewed: reclaimViewed, respond: (_ctx, r: ReclaimRecord) => reclaimPage(r, {}) }),
  route({
    method: 'POST',
    url: '/reclaims/:id/decision',
    access: ACCESS,
    params: idParams,
    load: loadReclaim,
    allow: manages,
    form: reclaimDecisionSchema,
    command: (ctx, r: ReclaimRecord, f: z.infer<typeof reclaimDecisionSchema>) => decideReclaim(ctx, r, f.version, f),
    invalid: (_ctx, r: ReclaimRecord, problems) => reclaimPage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ReclaimRecord, error) => ({ ...reclaimPage(r, {}, [{ field: 'decision', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ReclaimRecord) => redirect(paths.directPayments.reclaim(r.reclaim.id), 'Decision recorded'),
  }),
  route({
    method: 'POST',
    url: '/reclaims/:id/record',
    access: ACCESS,
    params: idParams,
    load: loadReclaim,
    allow: manages,
    form: reclaimRecordSchema,
    command: (ctx, r: ReclaimRecord, f: z.infer<typeof reclaimRecordSchema>) => recordReclaim(ctx, r, f.version, f.how),
    invalid: (_ctx, r: ReclaimRecord, problems) => reclaimPage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ReclaimRecord, error) => ({ ...reclaimPage(r, {}, [{ field: 'how', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ReclaimRecord) => redirect(paths.directPayments.reclaim(r.reclaim.id), 'Reclaim recorded. A review of the plan has been created'),
  }),
  route({ method: 'GET', url: '/reclaims/:id/letter', access: ACCESS, params: idParams, load: loadReclaim, allow: manages, viewed: reclaimViewed, respond: (ctx, r: ReclaimRecord) => letterOutcome(present.letterPage(r, ctx.today, ctx.config.councilContact), `/reclaims/${r.reclaim.id}/letter/sent`) }),
  sentRoute('/reclaims/:id/letter/sent', loadReclaim, 'reclaim', (ctx, r) => ({ id: r.reclaim.id, letter: present.letterPage(r, ctx.today, ctx.config.councilContact) })),
  sentRoute('/dp-variations/:id/notice/sent', loadVariation, 'variation', (ctx, r) => ({ id: r.variation.id, letter: present.variationNotice(r.variation, r.agreement, r.person, ctx.today, ctx.config.councilContact) })),
  sentRoute('/direct-payments/:id/contribution-note/sent', loadAccount, 'contribution', (ctx, a) => ({ id: null, letter: present.contributionNote({ agreement: a.agreement, person: a.person, weeklyPence: a.contributionWeeklyPence, check: a.summary.contribution }, ctx.today, ctx.config.councilContact) })),
  route({
    method: 'GET',
    url: '/dp-letters/:id',
    access: ACCESS,
    params: idParams,
    load: async (ctx, params) => {
      const letter = await letterById(ctx.db, params.id);
      const found = letter ? await loadAgreement(ctx, { id: letter.agreement_id }) : undefined;
      return letter && found ? { letter, ...found, person_id: found.agreement.person_id } : undefined;
    },
    allow: manages,
    viewed: (r) => ({ action: 'direct-payment.letter-viewed', subjectType: 'dp-letter', subjectId: r.letter.id, personId: r.agreement.person_id }),
    respond: (_ctx, r) => page('direct-payments/views/letter.njk', present.sentLetterPage(r.letter, r.agreement), { noStore: true }),
  }),
  route({ method: 'GET', url: '/dp-audits/:id', access: ACCESS, params: idParams, load: loadAudit, allow: manages, respond: (_ctx, a: AuditRecord) => page('direct-payments/views/audit.njk', present.auditPage(a.listing, {})) }),
  route({
    method: 'POST',
    url: '/dp-audits/:id',
    access: ACCESS,
    params: idParams,
    load: loadAudit,
    allow: manages,
    form: auditSchema,
    command: (ctx, a: AuditRecord, f: z.infer<typeof auditSchema>) => completeAnnualAudit(ctx, a, f),
    invalid: (_ctx, a: AuditRecord, problems) => page('direct-payments/views/audit.njk', present.auditPage(a.listing, problems.values, problems.errors)),
    respond: (_ctx, a: AuditRecord) => toAccount(a.agreement.id, 'Audit recorded. The next one is due in 12 months'),
  }),
];
