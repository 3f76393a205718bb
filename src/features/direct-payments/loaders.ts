import { openFinancialConcernsAbout } from '../safeguarding/repository.js';
import type { DpAgreement, PaymentRun } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { type Context, redirect } from '../../web/route.js';
import { COUNCIL_PAYMENT_WINDOW_DAYS } from '../../domain/direct-payments/matching.js';
import { personById } from '../people/repository.js';
import { planLinesOf } from '../support-plans/repository.js';
import { monitorAccount } from './monitoring.js';
import { paymentRunById, settlementOf } from './payment-runs.js';
import * as present from './presenters.js';
import * as changes from './changes-repository.js';
import { lettersOf } from './letters.js';
import { isFinalReclaim } from './endings-repository.js';
import * as repo from './repository.js';
import { explanationsOf } from '../portal-money/repository.js';
import { pageOf } from '../../db/page-of.js';
import { loadPage, pageQuery } from '../../web/pagination.js';

/** What the direct payments routes share: who may use them, and the records they load. Every route is for finance officers, for every team (see src/policies/finance.ts). */
export const ACCESS = 'payments:manage' as const;
export const manages = (actor: StaffActor, agreement: { person_id: string }) => can(actor, 'account:manage', agreement);
export const toAccount = (id: string, text?: string) => redirect(paths.directPayments.account(id), text);

export async function loadAgreement(ctx: Context, params: { id: string }) {
  const agreement = await repo.agreementById(ctx.db, params.id);
  if (!agreement) return undefined;
  const person = await personById(ctx.db, agreement.person_id);
  return person ? { agreement, person, person_id: agreement.person_id } : undefined;
}
export type Agreement = NonNullable<Awaited<ReturnType<typeof loadAgreement>>>;

export async function loadVariation(ctx: Context, params: { id: string }) {
  const variation = await changes.variationById(ctx.db, params.id);
  const found = variation ? await loadAgreement(ctx, { id: variation.agreement_id }) : undefined;
  return variation && found ? { variation, ...found, person_id: found.agreement.person_id } : undefined;
}

/** Transactions on a page of an account. */
export const TRANSACTIONS_PAGE = 25;

/** One account's page: the agreement, its monitoring figures as of today, and everything listed on it. */
export async function loadAccount(ctx: Context, params: { id: string }, request?: { query?: unknown }): Promise<(present.AccountView & { person_id: string }) | undefined> {
  const found = await loadAgreement(ctx, params);
  if (!found) return undefined;
  const { agreement, person } = found;
  const [summary, transactions, reclaims, audits, suspensions, plan, months, later, variations, settlement, missing, letters] = await Promise.all([
    monitorAccount(ctx.db, agreement, ctx.today, ctx.config.monitoring),
    loadPage(pageQuery.parse(request?.query ?? {}).page, TRANSACTIONS_PAGE, (window) => pageOf(repo.statementLinesOf(ctx.db, agreement.id), window), (l) => l.rows.length),
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
  const statement = transactions.rows;
  const transactionsPage = { page: transactions.page, pageSize: TRANSACTIONS_PAGE, total: transactions.total };
  const [explanations, financialConcerns] = await Promise.all([explanationsOf(ctx.db, statement.filter((l) => l.flags.length > 0).map((l) => l.id)), openFinancialConcernsAbout(ctx.db, agreement.person_id)]);
  return { agreement, person, person_id: agreement.person_id, asOf: ctx.today, summary, statement, transactionsPage, reclaims, audits, suspensions, lines: plan.lines, contributionWeeklyPence: Number(plan.contribution_weekly_pence ?? 0), months, later, variations, settlement, missing, letters, explanations, financialConcerns };
}
export type Account = NonNullable<Awaited<ReturnType<typeof loadAccount>>>;

export async function loadReclaim(ctx: Context, params: { id: string }) {
  const reclaim = await repo.reclaimById(ctx.db, params.id);
  const found = reclaim ? await loadAgreement(ctx, { id: reclaim.agreement_id }) : undefined;
  return reclaim && found ? { reclaim, agreement: found.agreement, person: found.person, person_id: found.agreement.person_id, final: await isFinalReclaim(ctx.db, reclaim.id) } : undefined;
}
export type ReclaimRecord = NonNullable<Awaited<ReturnType<typeof loadReclaim>>>;

export async function loadAudit(ctx: Context, params: { id: string }) {
  const audit = await repo.auditById(ctx.db, params.id);
  const found = audit ? await loadAgreement(ctx, { id: audit.agreement_id }) : undefined;
  if (!audit || !found || audit.status !== 'due') return undefined;
  const listing = { id: audit.id, due_on: audit.due_on, agreement_id: audit.agreement_id, reference: found.agreement.reference, given_name: found.person.given_name, family_name: found.person.family_name };
  return { audit, agreement: found.agreement, listing, person_id: found.agreement.person_id };
}
export type AuditRecord = NonNullable<Awaited<ReturnType<typeof loadAudit>>>;

/** A payment run with something worked out from it (what it pays, its payment file). */
export const runWith =
  <T>(derive: (db: Context['db'], run: PaymentRun) => Promise<T>) =>
  async (ctx: Context, params: { id: string }) => {
    const run = await paymentRunById(ctx.db, params.id);
    return run ? { run, with: await derive(ctx.db, run) } : undefined;
  };

export const accountViewed = (a: { agreement: DpAgreement }) => ({ action: 'direct-payment.viewed', subjectType: 'dp-agreement', subjectId: a.agreement.id, personId: a.agreement.person_id });
export const reclaimViewed = (r: ReclaimRecord) => ({ action: 'reclaim.viewed', subjectType: 'reclaim', subjectId: r.reclaim.id, personId: r.agreement.person_id });
