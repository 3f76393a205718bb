import { z } from 'zod';
import { financialYearDates, financialYearOf } from '../../domain/calendar/financial-year.js';
import { formatPence } from '../../domain/money/pence.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { loadPage, pageQuery } from '../../web/pagination.js';
import { type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { BatchFileError } from '../../batch/problems.js';
import { completeAnnualAudit } from './audits.js';
import { monitorAll } from './monitoring.js';
import { QUEUES, QUEUE_NAMES, QUEUE_PAGE, QUEUE_PREVIEW, type QueueName, queueParams } from './queues.js';
import * as present from './presenters.js';
import { proposeReclaim } from './reclaims.js';
import * as repo from './repository.js';
import { auditSchema, matchSchema, spendParams } from './schemas.js';
import { importStatement, matchStatementLine } from './statements.js';
import { spendFile } from './spend.js';
import { ACCESS, type Account, type AuditRecord, accountViewed, loadAccount, loadAudit, manages, toAccount } from './loaders.js';

/** The accounts: the list, one account, its statements and spending, annual audits. */

/** Accounts on a page of the list. */
const ACCOUNTS_PAGE = 50;

/** The largest statement file taken. */
export const STATEMENT_UPLOAD_BYTES = 32 * 1024 * 1024;

export const accountRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/direct-payments',
    access: ACCESS,
    load: async (ctx, _p, request) => {
      const { page: requested } = pageQuery.parse(request.query ?? {});
      const [listing, queues] = await Promise.all([
        loadPage(requested, ACCOUNTS_PAGE, (window) => repo.agreementListing(ctx.db, window), (l) => l.rows.length),
        Promise.all(QUEUE_NAMES.map(async (name) => ({ name, ...(await QUEUES[name].load(ctx, { limit: QUEUE_PREVIEW, offset: 0 })) }))),
      ]);
      // Figures for this page's accounts only: the list never works over every account.
      const ids = listing.rows.map((a) => a.id);
      const [monitored, flagged] = await Promise.all([monitorAll(ctx.db, ctx.today, ctx.config.monitoring, ids), repo.flaggedCounts(ctx.db, ids)]);
      const flags = new Map(flagged.map((f) => [f.agreement_id, Number(f.n)]));
      const accounts = listing.rows.map((a) => ({ ...a, balance: monitored.get(a.id)?.balancePence ?? 0, proposedReclaim: monitored.get(a.id)?.proposedReclaimPence ?? 0, flagged: flags.get(a.id) ?? 0 }));
      return { year: financialYearOf(ctx.today), queues, accounts, total: listing.total, page: listing.page, pageSize: ACCOUNTS_PAGE };
    },
    respond: (_ctx, figures) => page('direct-payments/views/index.njk', present.indexPage(figures)),
  }),
  route({
    method: 'GET',
    url: '/direct-payments/waiting/:queue',
    access: ACCESS,
    params: queueParams,
    load: async (ctx, params: { queue: QueueName }, request) => ({
      name: params.queue,
      ...(await loadPage(pageQuery.parse(request.query ?? {}).page, QUEUE_PAGE, (window) => QUEUES[params.queue].load(ctx, window), (q) => q.rows.length)),
    }),
    respond: (_ctx, queue) => page('direct-payments/views/queue.njk', present.queuePage(queue)),
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
