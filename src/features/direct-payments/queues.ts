import { z } from 'zod';
import { addDays } from '../../domain/directory/checks.js';
import { pageOf } from '../../db/page-of.js';
import { paths } from '../../paths.js';
import type { Context } from '../../web/route.js';
import type { Cell } from '../../web/tables.js';
import { agreedPlansAwaitingDirectPayment } from '../support-plans/repository.js';
import * as changes from './changes-repository.js';
import { auditRow, toEndRow, toSetUpRow } from './presenters.js';
import * as repo from './repository.js';

/**
 * The direct payments officers' queues: payments to end because a new plan has none, agreed plans
 * whose payment is to be set up or varied, and annual audits due within 30 days. The accounts page
 * shows the first few of each, oldest first, and each has its own page a page at a time: at the
 * largest council an audit falls due for dozens of accounts a week.
 */
export const QUEUES = {
  'to-end': {
    caption: 'Direct payments to end: the person’s new plan has none',
    head: [{ text: 'Account' }, { text: 'New plan' }],
    load: (ctx: Context, window: Window) => pageOf(changes.paymentsReplacedByPlansWithout(ctx.db), window).then((r) => ({ total: r.total, rows: r.rows.map(toEndRow) })),
  },
  'to-set-up': {
    caption: 'Agreed plans waiting for their direct payment to be set up or varied',
    head: [{ text: 'Person' }, { text: 'Plan agreed' }, { text: 'Net weekly amount', format: 'numeric' }],
    load: (ctx: Context, window: Window) => pageOf(agreedPlansAwaitingDirectPayment(ctx.db, ctx.today), window).then((r) => ({ total: r.total, rows: r.rows.map(toSetUpRow) })),
  },
  'audits-due': {
    caption: 'Annual audits due',
    head: [{ text: 'Account' }, { text: 'Person' }, { text: 'Due' }],
    load: (ctx: Context, window: Window) => pageOf(repo.auditsDueBy(ctx.db, addDays(ctx.today, 30)), window).then((r) => ({ total: r.total, rows: r.rows.map(auditRow) })),
  },
} satisfies Record<string, { caption: string; head: Cell[]; load: (ctx: Context, window: Window) => Promise<{ total: number; rows: Cell[][] }> }>;

type Window = { limit: number; offset: number };
export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
export const queueParams = z.object({ queue: z.enum(QUEUE_NAMES as [QueueName, ...QueueName[]]) });

/** Shown of each queue on the accounts page. */
export const QUEUE_PREVIEW = 10;
/** A page of a queue on its own page. */
export const QUEUE_PAGE = 50;

export const queueHref = (queue: QueueName) => `${paths.directPayments.index()}/waiting/${queue}`;
