import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Services } from '../../composition.js';
import type { PlanContent } from '../../domain/planning/changes.js';
import { FREQUENCIES, FUNDING_STREAMS, MANAGEMENT, type Outcome, PAYMENT_FREQUENCIES, type SupportLine, type UnpaidSupport, quantityText } from '../../domain/planning/plan.js';
import { mayAgree, SIGN_OFF_LEVELS } from '../../domain/planning/sign-off.js';
import { formatPence, poundsForInput } from '../../domain/money/pence.js';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import type { Actor } from '../../policy.js';
import { formatDate, formatDateTime, londonToday, escapeHtml } from '../../web/format.js';
import { dateParts, parseForm, presentErrors, submittedValues, withIsoDates } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { explanationView } from '../assessments/presenters.js';
import { fullName } from '../people/presenters.js';
import { safeguardingBanner } from '../safeguarding/presenters.js';
import { planPdf } from './pdf.js';
import * as present from './presenters.js';
import { aboutSchema, decisionSchema, lineSchema, moneySchema, outcomeSchema, supportStartSchema, unpaidSchema, versionSchema } from './schemas.js';
import { contentOf, type PlanRecord, type PlanView } from './service.js';

type IdParams = { Params: { id: string } };
type ItemParams = { Params: { id: string; itemId: string } };
type Values = Record<string, string | string[]>;
type Problems = FieldError[];

const CONFLICT_FIELD = 'version';

function text(values: Values, key: string): string {
  const v = values[key];
  return typeof v === 'string' ? v : '';
}

/**
 * One list inside a plan (outcomes, unpaid support, costed lines): its form, how a submitted form
 * becomes an item, and how an item fills the form again.
 */
interface Collection<T extends { id: string }, F> {
  segment: 'outcomes' | 'unpaid-support' | 'lines';
  noun: string;
  template: string;
  schema: ZodType<F>;
  items: (content: PlanContent) => T[];
  replace: (content: PlanContent, items: T[]) => PlanContent;
  build: (form: F, id: string, record: PlanRecord) => T;
  values: (item: T) => Values;
  options: (record: PlanRecord, values: Values, directory: { id: string; name: string; kind: string }[]) => Record<string, unknown>;
  anchors: Record<string, string>;
}

const outcomes: Collection<Outcome, { text: string; needs: string[] }> = {
  segment: 'outcomes',
  noun: 'outcome',
  template: 'support-plans/views/outcome.njk',
  schema: outcomeSchema,
  items: (c) => c.outcomes,
  replace: (c, items) => ({ ...c, outcomes: items, lines: items.length < c.outcomes.length ? c.lines.map((l) => ({ ...l, outcomes: l.outcomes.filter((id) => items.some((o) => o.id === id)) })) : c.lines }),
  build: (form, id, record) => ({ id, text: form.text, needs: form.needs.filter((n) => record.needs.some((need) => need.id === n)) }),
  values: (o) => ({ text: o.text, needs: o.needs }),
  options: (record, values) => ({ needItems: present.needItems(record.needs, [values.needs ?? []].flat()) }),
  anchors: { needs: 'needs' },
};

const unpaid: Collection<UnpaidSupport, { who: string; what: string; needs: string[] }> = {
  segment: 'unpaid-support',
  noun: 'support from family, friends or community',
  template: 'support-plans/views/unpaid.njk',
  schema: unpaidSchema,
  items: (c) => c.unpaidSupport,
  replace: (c, items) => ({ ...c, unpaidSupport: items }),
  build: (form, id, record) => ({ id, who: form.who, what: form.what, needs: form.needs.filter((n) => record.needs.some((need) => need.id === n)) }),
  values: (u) => ({ who: u.who, what: u.what, needs: u.needs }),
  options: (record, values) => ({ needItems: present.needItems(record.needs, [values.needs ?? []].flat()) }),
  anchors: { needs: 'needs' },
};

type LineForm = typeof lineSchema extends ZodType<infer F> ? F : never;

function lineCollection(directoryOf: () => Promise<{ id: string; name: string; kind: string }[]>): Collection<SupportLine, LineForm> & { directoryOf: typeof directoryOf } {
  return {
    directoryOf,
    segment: 'lines',
    noun: 'costed support',
    template: 'support-plans/views/line.njk',
    schema: lineSchema,
    items: (c) => c.lines,
    replace: (c, items) => ({ ...c, lines: items }),
    build: (form, id, record) => {
      const entry = form.provider === 'other' ? null : form.provider;
      const known = entry ? record.directory.get(entry) : undefined;
      return {
        id,
        description: form.description,
        directoryEntryId: entry,
        providerName: entry ? (known?.name ?? form.provider_name ?? '') : form.provider_name!,
        providerKind: entry ? (known?.kind === 'personal-assistant' ? 'personal-assistant' : 'organisation') : form.provider_kind!,
        frequency: form.frequency,
        quantityHundredths: form.quantity,
        unitCostPence: form.unit_cost,
        needs: form.needs.filter((n) => record.needs.some((need) => need.id === n)),
        outcomes: form.outcomes.filter((o) => record.plan.outcomes.some((outcome) => outcome.id === o)),
        management: form.management,
        fundingStream: form.funding_stream,
        paysRelativeInHousehold: form.pays_relative === 'yes',
        relativeDecision: form.relative_decision,
        employerInsurance: form.employer_insurance,
        payrollArrangement: form.payroll_arrangement,
      };
    },
    values: (l) => ({
      description: l.description,
      provider: l.directoryEntryId ?? 'other',
      provider_name: l.directoryEntryId ? '' : l.providerName,
      provider_kind: l.providerKind,
      frequency: l.frequency,
      quantity: quantityText(l.quantityHundredths),
      unit_cost: poundsForInput(l.unitCostPence),
      needs: l.needs,
      outcomes: l.outcomes,
      management: l.management,
      funding_stream: l.fundingStream,
      pays_relative: l.paysRelativeInHousehold ? 'yes' : 'no',
      relative_decision: l.relativeDecision ?? '',
      employer_insurance: l.employerInsurance ?? '',
      payroll_arrangement: l.payrollArrangement ?? '',
    }),
    options: (record, values, directory) => ({
      needItems: present.needItems(record.needs, [values.needs ?? []].flat()),
      outcomeItems: present.outcomeItems(record.plan.outcomes, [values.outcomes ?? []].flat()),
      providerItems: [
        { value: '', text: 'Choose from the directory' },
        ...directory.map((d) => ({ value: d.id, text: `${d.name} (${d.kind === 'personal-assistant' ? 'personal assistant' : d.kind === 'provider' ? 'provider' : 'support organisation'})`, selected: values.provider === d.id })),
        { value: 'other', text: 'Someone not in the directory', selected: values.provider === 'other' },
      ],
      providerKindItems: present.choiceItems({ 'personal-assistant': 'A personal assistant employed by the person', organisation: 'An organisation or self-employed worker' }, text(values, 'provider_kind')),
      frequencyItems: present.choiceItems(FREQUENCIES, text(values, 'frequency')),
      managementItems: present.choiceItems(MANAGEMENT, text(values, 'management')),
      fundingItems: Object.entries(FUNDING_STREAMS).map(([value, label]) => ({ value, text: label, selected: value === (text(values, 'funding_stream') || 'social-care') })),
      relativeItems: present.choiceItems({ no: 'No', yes: 'Yes' }, text(values, 'pays_relative')),
    }),
    anchors: { provider: 'provider', frequency: 'frequency', management: 'management', pays_relative: 'pays_relative', provider_kind: 'provider_kind', needs: 'needs' },
  };
}

export function registerSupportPlanRoutes(app: FastifyInstance, { plans, directory, safeguarding, assessments }: Services, councilName: string) {
  const write = { preHandler: [allow('plans:write')] };
  const read = { preHandler: [allow('people:read')] };
  const signOff = { preHandler: [allow('plans:sign-off')] };

  const lines = lineCollection(() => directory.choices());

  const caption = (record: PlanRecord) => `${fullName(record.person)} (${record.person.reference}): support plan version ${record.plan.plan_number}`;

  async function bannerFor(actor: Actor, personId: string) {
    return safeguardingBanner(await safeguarding.forPerson(actor, personId));
  }

  /** A conflict on save: show the plan as it is now, and say why, so the other person's change is never lost. */
  function conflictRedirect(request: FastifyRequest, reply: FastifyReply, id: string, error: ConflictError) {
    flash(request, error.message, 'important');
    return reply.redirect(paths.plans.view(id), 303);
  }

  // ----- start, view -----

  app.post<IdParams>('/people/:id/plans', write, async (request, reply) => {
    try {
      const plan = await plans.start(actorOf(request), request.params.id);
      return reply.redirect(paths.plans.view(plan.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      flash(request, error.fieldErrors[0]!.message, 'important');
      return reply.redirect(paths.people.view(request.params.id), 303);
    }
  });

  function planPage(actor: Actor, view: PlanView) {
    const editable = view.plan.status === 'draft' && view.person.closed_on === null && actor.role !== 'panel-member';
    const awaiting = view.plan.status === 'awaiting-sign-off';
    const agreed = view.plan.status === 'agreed';
    const latestVersion = view.versions[0]?.id === view.plan.id;
    return {
      title: `Support plan for ${fullName(view.person)}`,
      caption: `${view.person.reference}: version ${view.plan.plan_number}`,
      plan: view.plan,
      status: present.STATUS_TAGS[view.plan.status],
      editable,
      checks: present.checkCards(view.checks, view.plan.id, editable),
      budget: present.budgetRows(view),
      statement: present.statementRows(view.statement),
      about: present.aboutRows(view.plan, editable),
      outcomes: present.outcomeRows(view.plan, view.needs, editable),
      unpaid: present.unpaidRows(view.plan, view.needs, editable),
      lines: view.plan.lines.length ? present.linesTable(view.plan, view.needs, editable) : null,
      tasks: editable ? present.taskList(view.plan) : null,
      needs: view.needs.map((n) => n.title),
      decisions: present.decisionsTable(view),
      versions: present.versionsTable(view),
      actions: {
        submit: editable ? paths.plans.submit(view.plan.id) : null,
        signOff: awaiting && mayAgree(actor.role, view.plan.sign_off_level!) ? paths.plans.signOff(view.plan.id) : null,
        waitingFor: awaiting ? SIGN_OFF_LEVELS[view.plan.sign_off_level!] : null,
        print: paths.plans.print(view.plan.id),
        pdf: agreed ? paths.plans.pdf(view.plan.id) : null,
        supportStart: agreed && latestVersion && actor.role !== 'panel-member' ? paths.plans.supportStart(view.plan.id) : null,
        revise: agreed && latestVersion && actor.role !== 'panel-member' && view.person.closed_on === null ? paths.plans.revise(view.plan.id) : null,
        changes: view.plan.previous_id ? paths.plans.changes(view.plan.id) : null,
      },
      agreedOn: view.plan.agreed_on ? formatDate(view.plan.agreed_on) : null,
      supportStartsOn: view.plan.support_starts_on ? formatDate(view.plan.support_starts_on) : null,
      version: view.plan.row_version,
      backLink: actor.role === 'panel-member' ? { href: paths.plans.signOffQueue(), text: 'Plans waiting for sign-off' } : { href: paths.people.view(view.person.id), text: 'Back to the person’s record' },
    };
  }

  async function renderPlan(request: FastifyRequest<IdParams>, reply: FastifyReply, options: { errors?: Problems; status?: number } = {}) {
    const actor = actorOf(request);
    const view = await plans.view(actor, request.params.id, londonToday(), actor.role === 'panel-member' ? 'sign-off' : 'read');
    const { errorSummary } = presentErrors(options.errors, { checks: 'checks' });
    return reply.code(options.status ?? 200).view('support-plans/views/plan.njk', {
      ...planPage(actor, view),
      safeguardingBanner: actor.role === 'panel-member' ? null : await bannerFor(actor, view.person.id),
      errorSummary,
    });
  }

  app.get<IdParams>('/plans/:id', { preHandler: [allow('plans:read')] }, async (request, reply) => renderPlan(request, reply));

  // ----- about the person -----

  async function renderAbout(request: FastifyRequest<IdParams>, reply: FastifyReply, record: PlanRecord, values: Values, errors?: Problems, status = 200) {
    const { errorSummary, fieldErrors } = presentErrors(errors);
    return reply.code(status).view('support-plans/views/about.njk', {
      title: 'About the person',
      caption: caption(record),
      values,
      version: record.plan.row_version,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.plans.view(record.plan.id), text: 'Back to the plan' },
    });
  }

  app.get<IdParams>('/plans/:id/about', write, async (request, reply) => {
    const record = await plans.forEditing(actorOf(request), request.params.id);
    const p = record.plan;
    return renderAbout(request, reply, record, { important_to_me: p.important_to_me ?? '', staying_well: p.staying_well ?? '', contingency: p.contingency ?? '', prevention_advice: p.prevention_advice ?? '' });
  });

  app.post<IdParams>('/plans/:id/about', write, async (request, reply) => {
    const actor = actorOf(request);
    const record = await plans.forEditing(actor, request.params.id);
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(aboutSchema, request.body);
    if (!form.ok) return renderAbout(request, reply, record, submittedValues(request.body), form.errors, 400);
    try {
      if (!version.ok) throw new ConflictError();
      await plans.edit(actor, record.plan.id, version.value.version, 'about-changed', (c) => ({
        ...c,
        importantToMe: form.value.important_to_me,
        stayingWell: form.value.staying_well,
        contingency: form.value.contingency,
        preventionAdvice: form.value.prevention_advice,
      }));
    } catch (error) {
      if (error instanceof ConflictError) return conflictRedirect(request, reply, record.plan.id, error);
      throw error;
    }
    flash(request, 'Plan saved');
    return reply.redirect(paths.plans.view(record.plan.id), 303);
  });

  // ----- outcomes, unpaid support, costed lines -----

  function registerCollection<T extends { id: string }, F>(collection: Collection<T, F>, directoryList: () => Promise<{ id: string; name: string; kind: string }[]>) {
    const base = `/plans/:id/${collection.segment}`;
    const pathOf = (planId: string, itemId?: string) => (itemId ? `/plans/${planId}/${collection.segment}/${itemId}` : `/plans/${planId}/${collection.segment}/new`);

    async function render(reply: FastifyReply, record: PlanRecord, itemId: string | null, values: Values, errors?: Problems, status = 200) {
      const { errorSummary, fieldErrors } = presentErrors(errors, collection.anchors);
      return reply.code(status).view(collection.template, {
        title: itemId ? `Change ${collection.noun}` : `Add ${collection.noun}`,
        caption: caption(record),
        values,
        version: record.plan.row_version,
        action: pathOf(record.plan.id, itemId ?? undefined),
        removeAction: itemId ? paths.plans.remove(record.plan.id, collection.segment, itemId) : null,
        noNeeds: record.needs.length === 0,
        ...collection.options(record, values, collection.segment === 'lines' ? await directoryList() : []),
        errorSummary,
        fieldErrors,
        backLink: { href: paths.plans.view(record.plan.id), text: 'Back to the plan' },
      });
    }

    const find = (record: PlanRecord, itemId: string) => {
      const item = collection.items(contentOf(record.plan)).find((i) => i.id === itemId);
      if (!item) throw new NotFoundError(collection.noun);
      return item;
    };

    async function save(request: FastifyRequest<IdParams | ItemParams>, reply: FastifyReply, itemId: string | null) {
      const actor = actorOf(request);
      const record = await plans.forEditing(actor, request.params.id);
      if (itemId) find(record, itemId);
      const values = submittedValues(request.body);
      const version = parseForm(versionSchema, request.body);
      const form = parseForm(collection.schema, request.body);
      if (!form.ok) return render(reply, record, itemId, values, form.errors, 400);
      try {
        if (!version.ok) throw new ConflictError();
        await plans.edit(actor, record.plan.id, version.value.version, `${collection.segment}-${itemId ? 'changed' : 'added'}`, (content, current) => {
          const items = collection.items(content);
          const item = collection.build(form.value, itemId ?? randomUUID(), current);
          if (itemId && !items.some((i) => i.id === itemId)) throw new ConflictError('That part of the plan was removed by someone else while you were working on it');
          return collection.replace(content, itemId ? items.map((i) => (i.id === itemId ? item : i)) : [...items, item]);
        });
      } catch (error) {
        if (error instanceof ConflictError) return conflictRedirect(request, reply, record.plan.id, error);
        throw error;
      }
      flash(request, 'Plan saved');
      return reply.redirect(paths.plans.view(record.plan.id), 303);
    }

    app.get<IdParams>(`${base}/new`, write, async (request, reply) => render(reply, await plans.forEditing(actorOf(request), request.params.id), null, {}));
    app.post<IdParams>(`${base}/new`, write, async (request, reply) => save(request, reply, null));
    app.get<ItemParams>(`${base}/:itemId`, write, async (request, reply) => {
      const record = await plans.forEditing(actorOf(request), request.params.id);
      return render(reply, record, request.params.itemId, collection.values(find(record, request.params.itemId)));
    });
    app.post<ItemParams>(`${base}/:itemId`, write, async (request, reply) => save(request, reply, request.params.itemId));
    app.post<ItemParams>(`${base}/:itemId/remove`, write, async (request, reply) => {
      const actor = actorOf(request);
      const record = await plans.forEditing(actor, request.params.id);
      const version = parseForm(versionSchema, request.body);
      try {
        if (!version.ok) throw new ConflictError();
        await plans.edit(actor, record.plan.id, version.value.version, `${collection.segment}-removed`, (content) => {
          const items = collection.items(content);
          return collection.replace(content, items.filter((i) => i.id !== request.params.itemId));
        });
      } catch (error) {
        if (error instanceof ConflictError) return conflictRedirect(request, reply, record.plan.id, error);
        throw error;
      }
      flash(request, 'Removed from the plan');
      return reply.redirect(paths.plans.view(record.plan.id), 303);
    });
  }

  registerCollection(outcomes, async () => []);
  registerCollection(unpaid, async () => []);
  registerCollection(lines, lines.directoryOf);

  // ----- money: contribution, payments, reasons -----

  async function renderMoney(reply: FastifyReply, record: PlanRecord, values: Values, errors?: Problems, status = 200) {
    const { errorSummary, fieldErrors } = presentErrors(errors, { payment_frequency: 'payment_frequency' });
    return reply.code(status).view('support-plans/views/money.njk', {
      title: 'Contribution, payments and reasons',
      caption: caption(record),
      values,
      indicative: formatPence(record.indicativeWeeklyPence),
      awaitingPanel: record.awaitingPanel,
      frequencyItems: present.choiceItems(PAYMENT_FREQUENCIES, text(values, 'payment_frequency')),
      version: record.plan.row_version,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.plans.view(record.plan.id), text: 'Back to the plan' },
    });
  }

  app.get<IdParams>('/plans/:id/money', write, async (request, reply) => {
    const record = await plans.forEditing(actorOf(request), request.params.id);
    const p = record.plan;
    return renderMoney(reply, record, {
      contribution: poundsForInput(p.contribution_weekly_pence),
      payment_frequency: p.payment_frequency,
      exceptional_need: p.exceptional_need ?? '',
      difference_reason: p.difference_reason ?? '',
    });
  });

  app.post<IdParams>('/plans/:id/money', write, async (request, reply) => {
    const actor = actorOf(request);
    const record = await plans.forEditing(actor, request.params.id);
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(moneySchema, request.body);
    if (!form.ok) return renderMoney(reply, record, submittedValues(request.body), form.errors, 400);
    try {
      if (!version.ok) throw new ConflictError();
      await plans.edit(actor, record.plan.id, version.value.version, 'money-changed', (c) => ({
        ...c,
        contributionWeeklyPence: form.value.contribution,
        paymentFrequency: form.value.payment_frequency,
        exceptionalNeed: form.value.exceptional_need,
        differenceReason: form.value.difference_reason,
      }));
    } catch (error) {
      if (error instanceof ConflictError) return conflictRedirect(request, reply, record.plan.id, error);
      throw error;
    }
    flash(request, 'Plan saved');
    return reply.redirect(paths.plans.view(record.plan.id), 303);
  });

  // ----- sign-off -----

  app.post<IdParams>('/plans/:id/submit', write, async (request, reply) => {
    const actor = actorOf(request);
    const version = parseForm(versionSchema, request.body);
    try {
      const { level } = await plans.submit(actor, request.params.id, version.ok ? version.value.version : -1, londonToday());
      flash(request, `Plan sent for sign-off by ${SIGN_OFF_LEVELS[level]}`);
      return reply.redirect(mayAgree(actor.role, level) ? paths.plans.signOff(request.params.id) : paths.plans.view(request.params.id), 303);
    } catch (error) {
      if (error instanceof ValidationError) return renderPlan(request, reply, { errors: error.fieldErrors, status: 400 });
      if (error instanceof ConflictError) return conflictRedirect(request, reply, request.params.id, error);
      throw error;
    }
  });

  async function renderSignOff(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Values = {}, errors?: Problems, status = 200) {
    const actor = actorOf(request);
    const view = await plans.view(actor, request.params.id, londonToday(), 'sign-off');
    const { errorSummary, fieldErrors } = presentErrors(errors, { decision: 'decision' });
    const awaiting = view.plan.status === 'awaiting-sign-off';
    return reply.code(status).view('support-plans/views/sign-off.njk', {
      ...planPage(actor, view),
      title: `Sign off the support plan for ${fullName(view.person)}`,
      canDecide: awaiting && mayAgree(actor.role, view.plan.sign_off_level!),
      notWaiting: !awaiting,
      waitingFor: awaiting ? SIGN_OFF_LEVELS[view.plan.sign_off_level!] : null,
      decisionItems: [
        { value: 'agree', text: 'Agree the plan and the personal budget', checked: values.decision === 'agree' },
        { value: 'return', text: 'Return the plan for changes', checked: values.decision === 'return' },
      ],
      values,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.plans.view(view.plan.id), text: 'Back to the plan' },
    });
  }

  app.get<IdParams>('/plans/:id/sign-off', signOff, async (request, reply) => renderSignOff(request, reply));

  app.post<IdParams>('/plans/:id/sign-off', signOff, async (request, reply) => {
    const actor = actorOf(request);
    await plans.access(actor, request.params.id, 'sign-off');
    const values = submittedValues(request.body);
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(decisionSchema, request.body);
    if (!form.ok) return renderSignOff(request, reply, values, form.errors, 400);
    try {
      if (!version.ok) throw new ConflictError();
      await plans.decide(actor, request.params.id, version.value.version, { agree: form.value.decision === 'agree', reasons: form.value.reasons }, londonToday());
    } catch (error) {
      if (error instanceof ValidationError) return renderSignOff(request, reply, values, error.fieldErrors, 400);
      if (error instanceof ConflictError) {
        flash(request, error.message, 'important');
        return reply.redirect(paths.plans.signOff(request.params.id), 303);
      }
      throw error;
    }
    flash(request, form.value.decision === 'agree' ? 'Plan agreed. Reviews have been scheduled' : 'Plan returned with your reasons');
    return reply.redirect(actor.role === 'panel-member' ? paths.plans.signOffQueue() : paths.plans.view(request.params.id), 303);
  });

  app.get('/sign-off', signOff, async (request, reply) => {
    const queue = await plans.signOffQueue(actorOf(request));
    return reply.view('support-plans/views/queue.njk', {
      title: 'Plans waiting for sign-off',
      empty: queue.length === 0,
      table: {
        caption: `${queue.length} ${queue.length === 1 ? 'plan' : 'plans'} you can sign off`,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Person' }, { text: 'Team' }, { text: 'Needs sign-off by' }, { text: 'Sent' }],
        rows: queue.map((q) => [
          { html: `<a class="govuk-link" href="${paths.plans.signOff(q.id)}">${escapeHtml(`${q.given_name} ${q.family_name}`)}</a> (${q.reference})` },
          { text: q.team_name },
          { text: SIGN_OFF_LEVELS[q.sign_off_level!] },
          { text: q.submitted_at ? formatDateTime(q.submitted_at) : '' },
        ]),
      },
    });
  });

  // ----- after agreement -----

  app.post<IdParams>('/plans/:id/revise', write, async (request, reply) => {
    const plan = await plans.revise(actorOf(request), request.params.id);
    flash(request, `Version ${plan.plan_number} started. The agreed version stays in force until this one is agreed`);
    return reply.redirect(paths.plans.view(plan.id), 303);
  });

  /** With no values, the form shows the date already recorded. */
  async function renderSupportStart(request: FastifyRequest<IdParams>, reply: FastifyReply, values: Values | null, errors?: Problems, status = 200) {
    const view = await plans.view(actorOf(request), request.params.id, londonToday());
    if (view.plan.status !== 'agreed') throw new ConflictError('Record when support starts once the plan is agreed');
    const { errorSummary, fieldErrors } = presentErrors(errors, { starts_on: 'starts_on-day' });
    return reply.code(status).view('support-plans/views/support-start.njk', {
      title: 'When does the support start?',
      caption: caption(view),
      values: values ?? dateParts('starts_on', view.plan.support_starts_on),
      version: view.plan.row_version,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.plans.view(view.plan.id), text: 'Back to the plan' },
    });
  }

  app.get<IdParams>('/plans/:id/support-start', write, async (request, reply) => renderSupportStart(request, reply, null));

  app.post<IdParams>('/plans/:id/support-start', write, async (request, reply) => {
    const actor = actorOf(request);
    await plans.access(actor, request.params.id, 'write');
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(supportStartSchema, withIsoDates(request.body, ['starts_on']));
    if (!form.ok) return renderSupportStart(request, reply, submittedValues(request.body), form.errors, 400);
    try {
      if (!version.ok) throw new ConflictError();
      await plans.recordSupportStart(actor, request.params.id, version.value.version, form.value.starts_on);
    } catch (error) {
      if (error instanceof ConflictError) return conflictRedirect(request, reply, request.params.id, error);
      throw error;
    }
    flash(request, 'Start of support recorded');
    return reply.redirect(paths.plans.view(request.params.id), 303);
  });

  app.get<IdParams>('/plans/:id/changes', read, async (request, reply) => {
    const { record, previous, changes } = await plans.changes(actorOf(request), request.params.id);
    return reply.view('support-plans/views/changes.njk', {
      title: `What changed in version ${record.plan.plan_number}`,
      caption: `${fullName(record.person)} (${record.person.reference})`,
      previous: previous ? { href: paths.plans.view(previous.id), number: previous.plan_number } : null,
      table: changes.length
        ? { caption: 'Changes from the version before', captionClasses: 'govuk-table__caption--m', firstCellIsHeader: true, head: [{ text: 'Part of the plan' }, { text: 'What changed' }], rows: changes.map((c) => [{ text: c.part }, { text: c.change }]) }
        : null,
      backLink: { href: paths.plans.view(record.plan.id), text: 'Back to the plan' },
    });
  });

  // ----- the person's copy -----

  /** The plan in the person's words, with the explanation of their indicative budget. */
  async function personCopyOf(actor: Actor, id: string) {
    const view = await plans.view(actor, id, londonToday());
    const record = await assessments.explanation(actor, view.assessment.id);
    const explained = explanationView(record.explanation, { personName: fullName(view.person), panelDecision: record.decision });
    return { view, copy: present.personCopy(view, explained, fullName(view.person)) };
  }

  app.get<IdParams>('/plans/:id/print', read, async (request, reply) => {
    const { view, copy } = await personCopyOf(actorOf(request), request.params.id);
    return reply.view('support-plans/views/print.njk', { title: copy.title, copy, sections: present.printSections(copy), pdf: view.plan.status === 'agreed' ? paths.plans.pdf(view.plan.id) : null, backLink: { href: paths.plans.view(view.plan.id), text: 'Back to the plan' } });
  });

  app.get<IdParams>('/plans/:id/plan.pdf', read, async (request, reply) => {
    const { view, copy } = await personCopyOf(actorOf(request), request.params.id);
    if (view.plan.status !== 'agreed') throw new NotFoundError('agreed plan');
    const pdf = await planPdf(copy, councilName);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="support-plan-${view.person.reference}-v${view.plan.plan_number}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
