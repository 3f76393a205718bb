import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { csvField } from '../batch/csv.js';
import { pageOf } from '../db/page-of.js';
import { BatchFileError } from '../batch/problems.js';
import { monitorAccount } from '../features/direct-payments/monitoring.js';
import { agreementById, statementLinesOf } from '../features/direct-payments/repository.js';
import { STATEMENT_COLUMNS, importStatement } from '../features/direct-payments/statements.js';
import { personById } from '../features/people/repository.js';
import { seesTeam } from './clients.js';
import { type ApiContext, type ApiRoute, ApiInputProblem, apiRoute } from './pipeline.js';
import * as s from './schemas.js';

/**
 * Direct payment accounts through the open API (ADR 0021): an account and its transactions for the
 * council's finance systems, and statements sent by the card or bank provider's system — checked
 * and imported exactly as an uploaded statement file is (the same code: every line checked first,
 * the whole statement refused if one is wrong, a transaction sent twice added once).
 */
const idParams = z.object({ id: z.uuid() });
const TRANSACTIONS_PAGE = 100;
/** A statement a request: a month of a busy account is a few hundred lines. */
export const MOST_LINES = 5_000;

/** The account with its person, when this client may see them. */
async function visibleAccount(ctx: ApiContext, id: string) {
  const agreement = await agreementById(ctx.db, id);
  const person = agreement ? await personById(ctx.db, agreement.person_id) : undefined;
  return agreement && person && seesTeam(ctx.client, person.team_id) ? { agreement, person } : undefined;
}

/** The account the client may see, with the read audited as a view of the person's direct payment. */
async function readAccount(ctx: ApiContext, id: string) {
  const found = await visibleAccount(ctx, id);
  if (found) await ctx.audit({ action: 'direct-payment.viewed', subjectType: 'dp-agreement', subjectId: found.agreement.id, personId: found.person.id });
  return found;
}

/** The statement file's column for each field of a line, to name problems where they were sent. */
const FIELD_OF: Record<string, string> = { transaction_id: 'transactionId', posted_on: 'postedOn', amount_pence: 'amountPence', counterparty: 'counterparty', description: 'description', merchant_category_code: 'merchantCategoryCode' };

export const apiPaymentRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    url: '/api/v1/direct-payments/:id',
    scope: 'payments:read',
    tag: 'Direct payments',
    summary: 'A direct payment account: what it pays, and the money in, spent and left',
    params: idParams,
    response: s.paymentAccount,
    handle: async (ctx, { params }) => {
      const found = await readAccount(ctx, params.id);
      if (!found) return undefined;
      const { agreement, person } = found;
      const summary = await monitorAccount(ctx.db, agreement, ctx.today, ctx.config.monitoring);
      return {
        id: agreement.id,
        reference: agreement.reference,
        personId: person.id,
        startOn: agreement.start_on,
        endOn: agreement.end_on,
        netWeeklyPence: agreement.net_weekly_pence,
        frequency: agreement.frequency,
        contingencyPence: agreement.contingency_pence,
        paidInPence: summary.paymentsIn,
        spentPence: summary.spending,
        reclaimedPence: summary.reclaimed,
        balancePence: summary.balance,
      };
    },
  }),
  apiRoute({
    method: 'GET',
    url: '/api/v1/direct-payments/:id/transactions',
    scope: 'payments:read',
    tag: 'Direct payments',
    summary: 'An account’s transactions from its statements, newest first, 100 a page',
    params: idParams,
    query: s.pageQuery,
    response: s.transactionsPage,
    handle: async (ctx, { params, query }) => {
      const found = await readAccount(ctx, params.id);
      if (!found) return undefined;
      const { rows, total } = await pageOf(statementLinesOf(ctx.db, found.agreement.id), { limit: TRANSACTIONS_PAGE, offset: (query.page - 1) * TRANSACTIONS_PAGE });
      return {
        transactions: rows.map((l) => ({ transactionId: l.transaction_id, postedOn: l.posted_on, amountPence: l.amount_pence, counterparty: l.counterparty, description: l.description, merchantCategoryCode: l.merchant_category_code, matchedBy: l.matched_by, planLineId: l.plan_line_id, flags: l.flags })),
        page: query.page,
        pages: Math.max(1, Math.ceil(total / TRANSACTIONS_PAGE)),
        total,
      };
    },
  }),
  apiRoute({
    method: 'POST',
    url: '/api/v1/direct-payments/:id/statements',
    scope: 'payments:write',
    tag: 'Direct payments',
    summary: 'Send an account’s statement: its transactions, matched to the plan and posted to the account',
    description: `Up to ${MOST_LINES} lines. Every line is checked first; if any is wrong nothing is imported and each problem is named. A transaction already sent (the same transactionId for the account) is not added again, so an overlapping statement can be sent safely. Amounts are pence: positive for money in, negative for money out.`,
    params: idParams,
    body: s.statement,
    response: s.statementImported,
    // The import opens its own transaction once every line is checked (as for an uploaded file).
    transaction: false,
    handle: async (ctx, { params, body }) => {
      const found = await visibleAccount(ctx, params.id);
      if (!found) return undefined;
      const dir = await mkdtemp(path.join(tmpdir(), 'selfdirect-statement-'));
      try {
        const file = path.join(dir, 'statement.csv');
        const lines = body.lines.map((l) => [found.agreement.reference, l.transactionId, l.postedOn, l.amountPence, l.counterparty, l.description, l.merchantCategoryCode ?? ''].map(csvField).join(','));
        await writeFile(file, `${STATEMENT_COLUMNS.join(',')}\r\n${lines.join('\r\n')}\r\n`, { mode: 0o600 });
        try {
          return await importStatement({ db: ctx.db, today: ctx.today }, file, { client: { id: ctx.client.id, name: ctx.client.name } });
        } catch (error) {
          if (!(error instanceof BatchFileError)) throw error;
          // Line 1 of the file is its header: the statement's first line is line 2.
          const errors = error.problems.map((p) => ({ pointer: p.line > 1 ? `/lines/${p.line - 2}${p.column && FIELD_OF[p.column] ? `/${FIELD_OF[p.column]}` : ''}` : '/lines', detail: p.message }));
          throw new ApiInputProblem(`The statement was not imported: ${error.problems.length + error.more} ${error.problems.length + error.more === 1 ? 'problem' : 'problems'}`, errors);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  }),
];
