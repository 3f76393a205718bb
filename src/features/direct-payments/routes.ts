import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { FLAG_TEXT, type Flag } from '../../domain/direct-payments/matching.js';
import { formatPence, parsePounds } from '../../domain/money/pence.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { financialYearOf } from '../../domain/calendar/financial-year.js';
import { escapeHtml, formatDate, formatDateTime, londonToday } from '../../web/format.js';
import { requiredChoice, requiredDate, requiredPounds, requiredText } from '../../web/fields.js';
import { blankToNull, dateParts, parseForm, presentErrors, submittedText, withIsoDates } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { uploadedFile } from '../../web/uploads.js';
import { BatchFileError } from '../ras/allocate.js';
import { versionSchema } from '../support-plans/schemas.js';

type IdParams = { Params: { id: string } };
type Errors = { field: string; message: string }[];

const agreementSchema = z.object({
  recipient_kind: requiredChoice(['person', 'nominated-person', 'authorised-person'], 'Select who receives the payments'),
  recipient_name: requiredText(200, 'Enter the name of the person who receives the payments', 'The name'),
  account_kind: requiredChoice(['prepaid-card', 'bank-account', 'managed-account'], 'Select the kind of account'),
  account_details: requiredText(200, 'Enter the card or account reference', 'The reference'),
  prepaid_card_choice: requiredChoice(['accepted', 'declined'], 'Record whether the person chose a prepaid card: it is offered, never imposed'),
  start_on: requiredDate('The start date', 'Enter the date payments start'),
  frequency: requiredChoice(['four-weekly', 'weekly', 'monthly'], 'Select how often payments are made'),
  contingency: requiredPounds('Enter the contingency, or 0', 'Enter the contingency in pounds and pence, like 100.00'),
}).superRefine((f, ctx) => {
  if (f.account_kind === 'prepaid-card' && f.prepaid_card_choice === 'declined') ctx.addIssue({ code: 'custom', path: ['account_kind'], message: 'The person declined a prepaid card: choose their bank account or a managed account' });
}, { when: () => true });

const RECIPIENTS = { person: 'The person', 'nominated-person': 'A nominated person (the person has capacity)', 'authorised-person': 'An authorised person (the person lacks capacity, Care Act s32)' };
const ACCOUNTS = { 'prepaid-card': 'Prepaid card account', 'bank-account': 'Bank account', 'managed-account': 'Managed account (payroll or account-support service)' };
const FREQUENCIES = { 'four-weekly': 'Every 4 weeks, in advance', weekly: 'Every week, in advance', monthly: 'Every month, in advance' };
const OUTCOMES = { 'no-concerns': 'No concerns', 'advice-given': 'Advice given', 'reclaim-proposed': 'A reclaim was proposed', referred: 'Referred for a review or investigation' };
const items = (choices: Record<string, string>, selected: string | undefined) => Object.entries(choices).map(([value, text]) => ({ value, text, checked: value === selected }));

export function registerDirectPaymentRoutes(app: FastifyInstance, { directPayments: dp }: Services) {
  const finance = { preHandler: [allow('payments:manage')] };
  const upload = { preHandler: [allow('payments:manage')], config: { uploads: 'payments:manage' as const } };

  app.get('/direct-payments', finance, async (request, reply) => {
    const actor = actorOf(request);
    const today = londonToday();
    const [awaiting, accounts, audits] = await Promise.all([dp.awaitingAgreement(actor), dp.list(actor, today), dp.auditsDue(actor, today)]);
    const year = financialYearOf(today);
    return reply.view('direct-payments/views/index.njk', {
      title: 'Direct payments',
      spend: { href: paths.directPayments.spend(year), text: `Actual spend, ${year} to ${year + 1} (CSV for the equity review)` },
      awaiting: awaiting.length
        ? {
            caption: 'Agreed plans waiting for a direct payment to be set up',
            captionClasses: 'govuk-table__caption--m',
            firstCellIsHeader: true,
            head: [{ text: 'Person' }, { text: 'Plan agreed' }, { text: 'Net weekly amount', format: 'numeric' }],
            rows: awaiting.map((p) => [
              { html: `<a class="govuk-link" href="${paths.directPayments.create(p.id)}">Set up for ${escapeHtml(`${p.given_name} ${p.family_name}`)}</a> (${p.reference})` },
              { text: formatDate(p.agreed_on) },
              { text: formatPence(p.statement!.directPayment!.netWeeklyPence), format: 'numeric' },
            ]),
          }
        : null,
      accounts: accounts.length
        ? {
            caption: 'Accounts',
            captionClasses: 'govuk-table__caption--m',
            firstCellIsHeader: true,
            head: [{ text: 'Account' }, { text: 'Person' }, { text: 'Paid' }, { text: 'Balance', format: 'numeric' }, { text: 'Above the threshold', format: 'numeric' }, { text: 'Flagged transactions', format: 'numeric' }],
            rows: accounts.map((a) => [
              { html: `<a class="govuk-link" href="${paths.directPayments.account(a.id)}">${a.reference}</a>` },
              { text: `${a.given_name} ${a.family_name}` },
              { text: `${formatPence(a.net_weekly_pence)} a week, ${FREQUENCIES[a.frequency].toLowerCase()}${a.end_on ? `; ended ${formatDate(a.end_on)}` : ''}` },
              { text: formatPence(a.balance), format: 'numeric' },
              { text: a.proposedReclaim ? formatPence(a.proposedReclaim) : '', format: 'numeric' },
              { text: String(a.flagged), format: 'numeric' },
            ]),
          }
        : null,
      audits: audits.length
        ? {
            caption: 'Annual audits due',
            captionClasses: 'govuk-table__caption--m',
            firstCellIsHeader: true,
            head: [{ text: 'Account' }, { text: 'Person' }, { text: 'Due' }],
            rows: audits.map((a) => [{ html: `<a class="govuk-link" href="${paths.directPayments.audit(a.id)}">${a.reference}</a>` }, { text: `${a.given_name} ${a.family_name}` }, { text: formatDate(a.due_on) }]),
          }
        : null,
    });
  });

  // ----- agreements -----

  async function renderAgreement(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Record<string, string>, errors?: Errors, status = 200) {
    const { person, directPayment, representatives } = await dp.planForAgreement(actorOf(request), request.params.id);
    const { errorSummary, fieldErrors } = presentErrors(errors, { recipient_kind: 'recipient_kind', account_kind: 'account_kind', prepaid_card_choice: 'prepaid_card_choice', start_on: 'start_on-day', frequency: 'frequency' });
    return reply.code(status).view('direct-payments/views/agreement.njk', {
      title: 'Set up a direct payment',
      caption: `${person.given_name} ${person.family_name} (${person.reference})`,
      amount: `${formatPence(directPayment.netWeeklyPence)} a week: ${formatPence(directPayment.grossWeeklyPence)} for the lines paid this way, less the person’s contribution`,
      representatives: representatives.map((r) => `${r.name} (${r.kind.replace('-', ' ')})`).join(', '),
      values,
      recipientItems: items(RECIPIENTS, values.recipient_kind),
      accountItems: items(ACCOUNTS, values.account_kind),
      cardItems: items({ accepted: 'Chose a prepaid card', declined: 'Declined a prepaid card' }, values.prepaid_card_choice),
      frequencyItems: items(FREQUENCIES, values.frequency),
      errorSummary,
      fieldErrors,
      backLink: { href: paths.directPayments.index(), text: 'Direct payments' },
    });
  }

  app.get<IdParams>('/direct-payments/new/:id', finance, async (request, reply) => renderAgreement(request, reply, { frequency: 'four-weekly', contingency: '0.00', ...dateParts('start_on', londonToday()) }));

  app.post<IdParams>('/direct-payments/new/:id', finance, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(agreementSchema, withIsoDates(request.body, ['start_on']));
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      const f = form.value;
      const created = await dp.createAgreement(actorOf(request), request.params.id, {
        recipientKind: f.recipient_kind,
        recipientName: f.recipient_name,
        accountKind: f.account_kind,
        accountDetails: f.account_details,
        prepaidCardChoice: f.prepaid_card_choice,
        startOn: f.start_on,
        frequency: f.frequency,
        contingencyPence: f.contingency,
      });
      flash(request, `Direct payment ${created.reference} set up`);
      return reply.redirect(paths.directPayments.account(created.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderAgreement(request, reply, values, error.fieldErrors, 400);
    }
  });

  async function renderAccount(request: FastifyRequest<IdParams>, reply: FastifyReply, errors?: Errors, status = 200) {
    const actor = actorOf(request);
    const a = await dp.account(actor, request.params.id, londonToday());
    const { errorSummary } = presentErrors(errors);
    const lineName = new Map(a.lines.map((l) => [l.id, `${l.description} (${l.providerName})`]));
    let running = 0;
    const monthly = [...new Set(a.months.map((m) => m.month))].map((month) => {
      const sum = (kind: string) => Number(a.months.find((m) => m.month === month && m.kind === kind)?.total ?? 0);
      running += sum('payment') + sum('spend') + sum('reclaim');
      return [{ text: month }, { text: formatPence(sum('payment')), format: 'numeric' }, { text: formatPence(-sum('spend')), format: 'numeric' }, { text: formatPence(-sum('reclaim')), format: 'numeric' }, { text: formatPence(running), format: 'numeric' }];
    });
    const open = a.reclaims.find((r) => r.status !== 'recorded' && r.status !== 'waived');
    return reply.code(status).view('direct-payments/views/account.njk', {
      title: `Direct payment ${a.agreement.reference}`,
      caption: `${a.person.given_name} ${a.person.family_name} (${a.person.reference})`,
      errorSummary,
      details: [
        { key: { text: 'Paid to' }, value: { text: `${a.agreement.recipient_name} (${RECIPIENTS[a.agreement.recipient_kind]})` } },
        { key: { text: 'Account' }, value: { text: `${ACCOUNTS[a.agreement.account_kind]}: ${a.agreement.account_details}. Prepaid card ${a.agreement.prepaid_card_choice === 'accepted' ? 'chosen' : 'offered and declined'}` } },
        { key: { text: 'Amount' }, value: { text: `${formatPence(a.agreement.net_weekly_pence)} a week, ${FREQUENCIES[a.agreement.frequency].toLowerCase()}, from ${formatDate(a.agreement.start_on)}${a.agreement.end_on ? ` to ${formatDate(a.agreement.end_on)}` : ''}` } },
        { key: { text: 'Contingency' }, value: { text: formatPence(a.agreement.contingency_pence) } },
        ...a.suspensions.map((s) => ({ key: { text: 'Suspended' }, value: { text: `${formatDate(s.from_on)} to ${formatDate(s.to_on)}: ${s.reason}` } })),
      ],
      balance: [
        { key: { text: 'Paid in' }, value: { text: formatPence(a.summary.paymentsIn) } },
        { key: { text: 'Spent' }, value: { text: formatPence(a.summary.spending) } },
        { key: { text: 'Reclaimed' }, value: { text: formatPence(a.summary.reclaimed) } },
        { key: { text: 'Balance' }, value: { text: formatPence(a.summary.balance) } },
      ],
      monthly: monthly.length ? { caption: 'Balance over time', captionClasses: 'govuk-table__caption--m', firstCellIsHeader: true, head: [{ text: 'Month' }, { text: 'Paid in', format: 'numeric' }, { text: 'Spent', format: 'numeric' }, { text: 'Reclaimed', format: 'numeric' }, { text: 'Balance at the end', format: 'numeric' }], rows: monthly } : null,
      perLine: {
        caption: 'Spending against the plan',
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Plan line' }, { text: 'Planned so far', format: 'numeric' }, { text: 'Spent', format: 'numeric' }],
        rows: [...a.summary.perLine.map((l) => [{ text: `${l.description} (${l.provider})` }, { text: formatPence(l.plannedPence), format: 'numeric' }, { text: formatPence(l.spentPence), format: 'numeric' }]), [{ text: 'Not matched to the plan' }, { text: '', format: 'numeric' }, { text: formatPence(a.summary.unmatchedPence), format: 'numeric' }]],
      },
      surplus: a.summary.surplus.explanation,
      canPropose: a.summary.surplus.proposedReclaimPence > 0 && !open,
      openReclaim: open ? { href: paths.directPayments.reclaim(open.id), text: `A reclaim of ${formatPence(open.decided_pence ?? open.proposed_pence)} is ${open.status}` } : null,
      proposeAction: paths.directPayments.proposeReclaim(a.agreement.id),
      suspendHref: paths.directPayments.suspend(a.agreement.id),
      transactions: a.statement.map((t) => ({
        date: formatDate(t.posted_on),
        counterparty: t.counterparty,
        amount: formatPence(t.amount_pence),
        line: t.matched_by === 'council-payment' ? 'The council’s payment' : t.plan_line_id ? (lineName.get(t.plan_line_id) ?? t.plan_line_id) : 'Not matched',
        flags: (t.flags as Flag[]).map((f) => FLAG_TEXT[f]).join('; '),
        match: t.amount_pence < 0 ? { action: paths.directPayments.match(t.id), id: t.id, items: [{ value: '', text: 'Not in the plan' }, ...a.lines.map((l) => ({ value: l.id, text: `${l.description} (${l.providerName})`, selected: l.id === t.plan_line_id }))] } : null,
      })),
      reclaims: a.reclaims.map((r) => ({ href: paths.directPayments.reclaim(r.id), text: `${formatDate(r.proposed_on)}: ${formatPence(r.decided_pence ?? r.proposed_pence)}, ${r.status}` })),
      audits: a.audits.map((d) => ({ href: d.status === 'due' ? paths.directPayments.audit(d.id) : null, text: `Due ${formatDate(d.due_on)}: ${d.status === 'due' ? 'not done yet' : `${OUTCOMES[d.outcome!]} (${formatDate(d.completed_on)})`}` })),
      backLink: { href: paths.directPayments.index(), text: 'Direct payments' },
    });
  }

  app.get<IdParams>('/direct-payments/:id', finance, async (request, reply) => renderAccount(request, reply));

  app.post<IdParams>('/direct-payments/:id/reclaims', finance, async (request, reply) => {
    try {
      const reclaim = await dp.proposeReclaim(actorOf(request), request.params.id, londonToday());
      flash(request, `A reclaim of ${formatPence(reclaim.proposed_pence)} is proposed. Decide it below`);
      return reply.redirect(paths.directPayments.reclaim(reclaim.id), 303);
    } catch (error) {
      if (error instanceof ValidationError) return renderAccount(request, reply, error.fieldErrors, 400);
      if (error instanceof ConflictError) return renderAccount(request, reply, [{ field: 'reclaim', message: error.message }], 409);
      throw error;
    }
  });

  async function renderSuspend(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Record<string, string>, errors?: Errors, status = 200) {
    const a = await dp.account(actorOf(request), request.params.id, londonToday());
    const { errorSummary, fieldErrors } = presentErrors(errors, { from_on: 'from_on-day', to_on: 'to_on-day' });
    return reply.code(status).view('direct-payments/views/suspend.njk', { title: `Suspend ${a.agreement.reference}`, caption: `${a.person.given_name} ${a.person.family_name}`, values, errorSummary, fieldErrors, backLink: { href: paths.directPayments.account(a.agreement.id), text: 'Back to the account' } });
  }

  app.get<IdParams>('/direct-payments/:id/suspend', finance, async (request, reply) => renderSuspend(request, reply, {}));

  app.post<IdParams>('/direct-payments/:id/suspend', finance, async (request, reply) => {
    const form = parseForm(z.object({ from_on: requiredDate('The first day', 'Enter the first day of the suspension'), to_on: requiredDate('The last day', 'Enter the last day of the suspension'), reason: requiredText(1000, 'Enter why payments are suspended', 'The reason') }).refine((f) => f.from_on <= f.to_on, { path: ['to_on'], message: 'The last day must be on or after the first day', when: () => true }), withIsoDates(request.body, ['from_on', 'to_on']));
    if (!form.ok) return renderSuspend(request, reply, submittedText(request.body), form.errors, 400);
    await dp.suspend(actorOf(request), request.params.id, { fromOn: form.value.from_on, toOn: form.value.to_on, reason: form.value.reason });
    flash(request, 'Suspension recorded: those days will not be paid');
    return reply.redirect(paths.directPayments.account(request.params.id), 303);
  });

  app.post<IdParams>('/statement-lines/:id/match', finance, async (request, reply) => {
    const line = blankToNull((request.body as Record<string, unknown> | undefined)?.line);
    const agreement = await dp.matchStatementLine(actorOf(request), request.params.id, typeof line === 'string' ? line : null);
    flash(request, 'Transaction matched');
    return reply.redirect(paths.directPayments.account(agreement.id), 303);
  });

  app.get<{ Params: { year: string } }>('/direct-payments/spend/:year', finance, async (request, reply) => {
    const match = /^(\d{4})\.csv$/.exec(request.params.year);
    if (!match) return reply.callNotFound();
    const year = Number(match[1]);
    const file = await dp.spendFile(actorOf(request), `${year}-04-01`, `${year + 1}-03-31`);
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="spend-${year}.csv"`).type('text/csv; charset=utf-8').send(file);
  });

  // ----- payment runs -----

  async function renderRuns(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: Errors, status = 200) {
    const runs = await dp.runs(actorOf(request));
    const { errorSummary, fieldErrors } = presentErrors(errors, { run_on: 'run_on-day' });
    return reply.code(status).view('direct-payments/views/runs.njk', {
      title: 'Payment runs',
      values,
      errorSummary,
      fieldErrors,
      runs: runs.length
        ? {
            caption: 'Runs',
            captionClasses: 'govuk-table__caption--m',
            firstCellIsHeader: true,
            head: [{ text: 'Run date' }, { text: 'Status' }, { text: 'Payments', format: 'numeric' }, { text: 'Total', format: 'numeric' }],
            rows: runs.map((r) => [{ html: `<a class="govuk-link" href="${paths.directPayments.run(r.id)}">${formatDate(r.run_on)}</a>` }, { text: r.status === 'draft' ? 'Not confirmed' : 'Confirmed' }, { text: r.payment_count === null ? '' : String(r.payment_count), format: 'numeric' }, { text: r.total_pence === null ? '' : formatPence(r.total_pence), format: 'numeric' }]),
          }
        : null,
      backLink: { href: paths.directPayments.index(), text: 'Direct payments' },
    });
  }

  app.get('/payment-runs', finance, async (request, reply) => renderRuns(request, reply, dateParts('run_on', londonToday())));

  app.post('/payment-runs', finance, async (request, reply) => {
    const form = parseForm(z.object({ run_on: requiredDate('The run date', 'Enter the date of the run') }), withIsoDates(request.body, ['run_on']));
    if (!form.ok) return renderRuns(request, reply, submittedText(request.body), form.errors, 400);
    const run = await dp.createRun(actorOf(request), form.value.run_on);
    return reply.redirect(paths.directPayments.run(run.id), 303);
  });

  app.get<IdParams>('/payment-runs/:id', finance, async (request, reply) => {
    const { run, payments } = await dp.run(actorOf(request), request.params.id);
    return reply.view('direct-payments/views/run.njk', {
      title: `Payment run for ${formatDate(run.run_on)}`,
      confirmed: run.status === 'confirmed' ? `Confirmed ${run.confirmed_at ? formatDateTime(run.confirmed_at) : ''}` : null,
      confirmAction: run.status === 'draft' && payments.length ? paths.directPayments.confirm(run.id) : null,
      fileHref: run.status === 'confirmed' ? paths.directPayments.paymentFile(run.id) : null,
      total: formatPence(payments.reduce((sum, p) => sum + p.paidPence, 0)),
      table: payments.length
        ? {
            caption: run.status === 'draft' ? 'What this run will pay' : 'What this run paid',
            captionClasses: 'govuk-table__caption--m',
            firstCellIsHeader: true,
            head: [{ text: 'Account' }, { text: 'Payee' }, { text: 'Period' }, { text: 'Days', format: 'numeric' }, { text: 'Amount', format: 'numeric' }, { text: 'Reclaim netted', format: 'numeric' }, { text: 'Paid', format: 'numeric' }],
            rows: payments.map((p) => [{ text: p.reference }, { text: p.payee }, { text: `${formatDate(p.periodStart)} to ${formatDate(p.periodEnd)}` }, { text: String(p.days), format: 'numeric' }, { text: formatPence(p.amountPence), format: 'numeric' }, { text: p.nettedPence ? formatPence(p.nettedPence) : '', format: 'numeric' }, { text: formatPence(p.paidPence), format: 'numeric' }]),
          }
        : null,
      backLink: { href: paths.directPayments.runs(), text: 'Payment runs' },
    });
  });

  app.post<IdParams>('/payment-runs/:id/confirm', finance, async (request, reply) => {
    const result = await dp.confirmRun(actorOf(request), request.params.id);
    flash(request, result.alreadyConfirmed ? 'This run was already confirmed: nothing was paid twice' : `Run confirmed: ${result.count} payments recorded`, result.alreadyConfirmed ? 'important' : 'success');
    return reply.redirect(paths.directPayments.run(request.params.id), 303);
  });

  app.get<IdParams>('/payment-runs/:id/payments.csv', finance, async (request, reply) => {
    const file = await dp.paymentFile(actorOf(request), request.params.id);
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="payments-${request.params.id.slice(0, 8)}.csv"`).type('text/csv; charset=utf-8').send(file);
  });

  // ----- statements -----

  async function renderImport(reply: FastifyReply, errors?: Errors, status = 200, result: string | null = null) {
    const { errorSummary, fieldErrors } = presentErrors(errors, { statement: 'statement' });
    return reply.code(status).view('direct-payments/views/import.njk', { title: 'Import an account statement', errorSummary, fieldErrors, result, backLink: { href: paths.directPayments.index(), text: 'Direct payments' } });
  }

  app.get('/statements/import', finance, async (_request, reply) => renderImport(reply));

  app.post('/statements/import', upload, async (request, reply) => {
    const file = uploadedFile(request.body, 'statement');
    if (!file) return renderImport(reply, [{ field: 'statement', message: 'Choose the statement CSV file to upload' }], 400);
    try {
      const r = await dp.importStatement(actorOf(request), file.path);
      flash(request, `${r.added} transactions added${r.alreadyImported ? ` (${r.alreadyImported} were already imported)` : ''}; ${r.flagged} flagged; ${r.unmatched} waiting to be matched`);
      return reply.redirect(paths.directPayments.index(), 303);
    } catch (error) {
      if (!(error instanceof BatchFileError)) throw error;
      const shown = error.problems.slice(0, 10).map((p) => ({ field: 'statement', message: `Line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}` }));
      if (error.problems.length > 10) shown.push({ field: 'statement', message: `And ${error.problems.length - 10} more problems. Nothing was imported` });
      return renderImport(reply, shown, 400);
    }
  });

  // ----- reclaims -----

  async function renderReclaim(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Record<string, string>, errors?: Errors, status = 200) {
    const { reclaim, agreement, person } = await dp.reclaim(actorOf(request), request.params.id);
    const { errorSummary, fieldErrors } = presentErrors(errors, { decision: 'decision', how: 'how' });
    return reply.code(status).view('direct-payments/views/reclaim.njk', {
      title: `Reclaim from ${agreement.reference}`,
      caption: `${person.given_name} ${person.family_name} (${person.reference})`,
      explanation: reclaim.explanation,
      summary: [
        { key: { text: 'Proposed on' }, value: { text: formatDate(reclaim.proposed_on) } },
        { key: { text: 'Proposed' }, value: { text: formatPence(reclaim.proposed_pence) } },
        ...(reclaim.decided_at ? [{ key: { text: 'Decided' }, value: { text: `${reclaim.status === 'waived' ? 'Waived' : formatPence(reclaim.decided_pence ?? 0)}: ${reclaim.decision_reason}` } }] : []),
        ...(reclaim.recorded_how ? [{ key: { text: 'Recorded' }, value: { text: reclaim.recorded_how === 'netted' ? 'Netted from the next payment' : 'Returned by the person' } }] : []),
      ],
      reviewCreated: reclaim.review_id ? 'A review of the person’s plan was created and is on their social worker’s worklist.' : null,
      decideAction: reclaim.status === 'proposed' ? paths.directPayments.decide(reclaim.id) : null,
      recordAction: reclaim.status === 'approved' || reclaim.status === 'reduced' ? paths.directPayments.record(reclaim.id) : null,
      letterHref: reclaim.status !== 'proposed' ? paths.directPayments.letter(reclaim.id) : null,
      decisionItems: items({ approve: `Approve ${formatPence(reclaim.proposed_pence)}`, reduce: 'Reduce the amount', waive: 'Waive it: reclaim nothing' }, values.decision),
      howItems: items({ netted: 'Take it from the next payment', returned: 'The person has paid it back' }, values.how),
      version: reclaim.version,
      values,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.directPayments.account(agreement.id), text: 'Back to the account' },
    });
  }

  app.get<IdParams>('/reclaims/:id', finance, async (request, reply) => renderReclaim(request, reply, {}));

  app.post<IdParams>('/reclaims/:id/decision', finance, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(
      z.object({ decision: requiredChoice(['approve', 'reduce', 'waive'], 'Select your decision'), amount: z.preprocess(blankToNull, z.string().nullable()), reason: requiredText(2000, 'Enter the reason for your decision', 'The reason') }).transform((f, ctx) => {
        const pence = f.amount === null ? null : parsePounds(f.amount);
        if (f.decision === 'reduce' && pence === null) {
          ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the reduced amount in pounds and pence, like 150.00' });
          return z.NEVER;
        }
        return { kind: f.decision, amountPence: pence, reason: f.reason };
      }),
      request.body,
    );
    const version = parseForm(versionSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      if (!version.ok) throw new ConflictError();
      await dp.decideReclaim(actorOf(request), request.params.id, version.value.version, form.value, londonToday());
    } catch (error) {
      if (error instanceof ValidationError) return renderReclaim(request, reply, values, error.fieldErrors, 400);
      if (error instanceof ConflictError) return renderReclaim(request, reply, {}, [{ field: 'decision', message: error.message }], 409);
      throw error;
    }
    flash(request, 'Decision recorded');
    return reply.redirect(paths.directPayments.reclaim(request.params.id), 303);
  });

  app.post<IdParams>('/reclaims/:id/record', finance, async (request, reply) => {
    const values = submittedText(request.body);
    const form = parseForm(z.object({ how: requiredChoice(['netted', 'returned'], 'Select how the money comes back') }), request.body);
    const version = parseForm(versionSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      if (!version.ok) throw new ConflictError();
      await dp.recordReclaim(actorOf(request), request.params.id, version.value.version, form.value.how, londonToday());
    } catch (error) {
      if (error instanceof ValidationError) return renderReclaim(request, reply, values, error.fieldErrors, 400);
      if (error instanceof ConflictError) return renderReclaim(request, reply, {}, [{ field: 'how', message: error.message }], 409);
      throw error;
    }
    flash(request, 'Reclaim recorded. A review of the plan has been created');
    return reply.redirect(paths.directPayments.reclaim(request.params.id), 303);
  });

  app.get<IdParams>('/reclaims/:id/letter', finance, async (request, reply) => {
    const { reclaim, agreement, person } = await dp.reclaim(actorOf(request), request.params.id);
    const amount = reclaim.status === 'waived' ? null : formatPence(reclaim.decided_pence ?? reclaim.proposed_pence);
    return reply.view('direct-payments/views/letter.njk', {
      title: 'Letter about your direct payment account',
      address: [`${person.given_name} ${person.family_name}`, person.address_line_1, person.address_line_2, person.town, person.postcode].filter(Boolean),
      date: formatDate(londonToday()),
      paragraphs: [
        `Dear ${person.given_name},`,
        `We have looked at your direct payment account (${agreement.reference}). This is part of checking, once a year, that your direct payment is working for you.`,
        ...(reclaim.explanation as string[]),
        amount
          ? `We have decided to take back ${amount}. ${reclaim.recorded_how === 'returned' ? 'You have already paid this back. Thank you.' : 'We will take it from your next payment, so you do not need to do anything.'}`
          : 'We have decided not to take any money back.',
        `The reason: ${reclaim.decision_reason ?? ''}`,
        'Your social worker will contact you to review your support plan and check that your budget is still right for you. A review never cuts your budget by itself.',
        'If you think we have got this wrong, or if you have bills to pay that we did not know about, please contact us and we will look at it again.',
      ],
      backLink: { href: paths.directPayments.reclaim(reclaim.id), text: 'Back to the reclaim' },
    });
  });

  // ----- annual audits -----

  async function renderAudit(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Record<string, string>, errors?: Errors, status = 200) {
    const audits = await dp.auditsDue(actorOf(request), '2999-12-31'); // every audit not yet done, however far off
    const audit = audits.find((a) => a.id === request.params.id);
    if (!audit) return reply.callNotFound();
    const { errorSummary, fieldErrors } = presentErrors(errors, { outcome: 'outcome' });
    return reply.code(status).view('direct-payments/views/audit.njk', {
      title: `Annual audit of ${audit.reference}`,
      caption: `${audit.given_name} ${audit.family_name}: due ${formatDate(audit.due_on)}`,
      accountHref: paths.directPayments.account(audit.agreement_id),
      outcomeItems: items(OUTCOMES, values.outcome),
      values,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.directPayments.index(), text: 'Direct payments' },
    });
  }

  app.get<IdParams>('/dp-audits/:id', finance, async (request, reply) => renderAudit(request, reply, {}));

  app.post<IdParams>('/dp-audits/:id', finance, async (request, reply) => {
    const form = parseForm(z.object({ outcome: requiredChoice(['no-concerns', 'advice-given', 'reclaim-proposed', 'referred'], 'Select the outcome of the audit'), notes: requiredText(4000, 'Enter what the audit found', 'The notes') }), request.body);
    if (!form.ok) return renderAudit(request, reply, submittedText(request.body), form.errors, 400);
    const agreement = await dp.completeAudit(actorOf(request), request.params.id, form.value, londonToday());
    flash(request, 'Audit recorded. The next one is due in 12 months');
    return reply.redirect(paths.directPayments.account(agreement.id), 303);
  });
}
