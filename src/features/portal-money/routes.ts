import { z } from 'zod';
import { RECEIPT_EXTENSIONS, RECEIPT_MAX_BYTES } from '../../domain/documents/receipt.js';
import { paths } from '../../paths.js';
import { type CitizenActor, type StaffActor, can } from '../../policies/index.js';
import { optionalText } from '../../web/fields.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { monitorAccount } from '../direct-payments/monitoring.js';
import { agreementById, reclaimsOf, spendingByLine, statementLineById } from '../direct-payments/repository.js';
import { planLinesOf } from '../support-plans/repository.js';
import { lineCost, regularDirectPaymentLines } from '../../domain/planning/plan.js';
import { roundHalfUpNumber } from '../../domain/ras/exact.js';
import { periodContaining } from '../../domain/direct-payments/schedule.js';
import { personById } from '../people/repository.js';
import { explainTransaction } from './explain.js';
import { type AccountForPerson, explainPage, moneyPage } from './presenters.js';
import { accountsOfPerson, explanationsOf, flaggedLinesOf, latestAgreedPlanOf, receiptOf } from './repository.js';
import { citizenOf } from '../portal/acting.js';

/**
 * Their money in My Selfdirect (issue 14, part 6): for the person and representatives given the
 * money. Flagged transactions can be explained in words or with a receipt; staff see the
 * explanations on the account and open the receipts.
 */
const explainForm = z.object({ explanation: optionalText(2000, 'What the payment was for') });
const seesMoney = (actor: Parameters<typeof can>[0], r: { person_id: string }) => can(actor, 'portal:money', r);

async function loadMoney(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  if (!person) return undefined;
  const agreements = await accountsOfPerson(ctx.db, person.id);
  const accounts: AccountForPerson[] = [];
  for (const agreement of agreements) {
    const period = periodContaining({ startOn: agreement.start_on, endOn: agreement.end_on, netWeeklyPence: agreement.net_weekly_pence, frequency: agreement.frequency, suspensions: [] }, ctx.today);
    const [summary, flagged, reclaims, plan, spentThisPeriod] = await Promise.all([
      monitorAccount(ctx.db, agreement, ctx.today, ctx.config.monitoring),
      flaggedLinesOf(ctx.db, agreement.id),
      reclaimsOf(ctx.db, agreement.id),
      planLinesOf(ctx.db, agreement.plan_id),
      period ? spendingByLine(ctx.db, agreement.id, ctx.today, period.from) : Promise.resolve([]),
    ]);
    const thisPeriod = period ? { ...period, lines: regularDirectPaymentLines(plan.lines).map((l) => ({ description: l.description, provider: l.providerName, allocatedPence: roundHalfUpNumber(lineCost(l) * period.days, 7), spentPence: Number(spentThisPeriod.find((x) => x.plan_line_id === l.id)?.spent ?? 0) })) } : null;
    accounts.push({ agreement, summary, thisPeriod, flagged, explanations: await explanationsOf(ctx.db, flagged.map((l) => l.id)), reclaims });
  }
  return { person, person_id: person.id, accounts, arranged: (await latestAgreedPlanOf(ctx.db, person.id))?.lines ?? [] };
}
type Money = NonNullable<Awaited<ReturnType<typeof loadMoney>>>;

/** A flagged transaction on one of the person's accounts; any other reads as missing. */
async function loadFlagged(ctx: Context, params: { id: string }) {
  const line = await statementLineById(ctx.db, params.id);
  if (!line || line.flags.length === 0) return undefined;
  const agreement = await agreementById(ctx.db, line.agreement_id);
  return agreement ? { line, person_id: agreement.person_id } : undefined;
}
type Flagged = NonNullable<Awaited<ReturnType<typeof loadFlagged>>>;
const explainView = (r: Flagged, values?: Record<string, unknown>, errors?: { field: string; message: string }[]) =>
  page('portal-money/views/explain.njk', explainPage(r.line, paths.portal.money(r.person_id), values, errors), { noStore: true, status: errors ? 400 : 200 });

export const portalMoneyRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/my/people/:id/money',
    access: 'portal',
    params: idParams,
    load: loadMoney,
    allow: seesMoney,
    viewed: (m: Money) => ({ action: 'portal.money-viewed', subjectType: 'person', subjectId: m.person.id, personId: m.person.id }),
    respond: (ctx, m: Money) => page('portal-money/views/money.njk', { ...moneyPage({ own: citizenOf(ctx).kind === 'person', name: m.person.preferred_name || m.person.given_name, accounts: m.accounts, arranged: m.arranged, back: paths.portal.home() }), contributionHref: paths.portal.contribution(m.person.id) }, { noStore: true }),
  }),
  route({ method: 'GET', url: '/my/statement-lines/:id/explain', access: 'portal', params: idParams, load: loadFlagged, allow: seesMoney, viewed: (r: Flagged) => ({ action: 'portal.transaction-viewed', subjectType: 'statement-line', subjectId: r.line.id, personId: r.person_id }), respond: (_ctx, r: Flagged) => explainView(r) }),
  route({
    method: 'POST',
    url: '/my/statement-lines/:id/explain',
    access: 'portal',
    params: idParams,
    load: loadFlagged,
    allow: seesMoney,
    uploads: { maxBytes: RECEIPT_MAX_BYTES },
    form: explainForm,
    command: (ctx, r: Flagged, f: z.infer<typeof explainForm>) => explainTransaction(ctx, citizenOf(ctx), r.line, r.person_id, { explanation: f.explanation, receipt: ctx.files.receipt }),
    invalid: (_ctx, r: Flagged, problems) => explainView(r, problems.values, problems.errors),
    respond: (_ctx, r: Flagged) => redirect(paths.portal.money(r.person_id), 'Thank you. The council will look at what you told us'),
  }),
  // Staff open a receipt from the account page: read like the account, and audited.
  route({
    method: 'GET',
    url: '/receipts/:id',
    access: 'payments:manage',
    params: idParams,
    load: (ctx, params: { id: string }) => receiptOf(ctx.db, params.id),
    allow: (actor: StaffActor, r) => can(actor, 'account:manage', r),
    viewed: (r) => ({ action: 'statement.receipt-viewed', subjectType: 'statement-line', subjectId: r.statement_line_id, personId: r.person_id }),
    respond: (_ctx, r) => ({ ...download(r.receipt_type!, r.receipt!, `receipt-${r.id}.${RECEIPT_EXTENSIONS[r.receipt_type!]}`), noStore: true }),
  }),
];
