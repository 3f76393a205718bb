import { z } from 'zod';
import type { PaymentRun } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { dateParts } from '../../web/forms.js';
import { formatDate } from '../../web/format.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { type RunPayment, confirmPaymentRun, createPaymentRun, discardPaymentRun, paymentFile, paymentRunById, paymentsOf } from './payment-runs.js';
import * as present from './presenters.js';
import * as repo from './repository.js';
import { runSchema } from './schemas.js';
import { ACCESS, runWith } from './loaders.js';

/** Payment runs: made for a date, confirmed once, discarded while a draft, and the bank's file. */

/** Confirming or discarding a run: for those who manage payment runs. */
const onRun = { access: ACCESS, params: idParams, load: (ctx: Context, params: { id: string }) => paymentRunById(ctx.db, params.id), allow: (actor: StaffActor, run: PaymentRun) => can(actor, 'payment-run:manage', run) };

export const paymentRunRoutes: Route[] = [
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
    ...onRun,
    command: (ctx, run) => confirmPaymentRun(ctx, run.id),
    respond: (_ctx, run, result) =>
      redirect(paths.directPayments.run(run.id), result.alreadyConfirmed ? 'This run was already confirmed: nothing was paid twice' : `Run confirmed: ${result.count} ${result.count === 1 ? 'payment' : 'payments'} recorded`, result.alreadyConfirmed ? 'important' : 'success'),
  }),
  route({
    method: 'POST',
    url: '/payment-runs/:id/discard',
    ...onRun,
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
];
