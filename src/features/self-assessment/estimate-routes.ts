import { z } from 'zod';
import type { CompiledScheme } from '../../domain/ras/pricing.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { emailField } from '../../web/fields.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type ContextAfter, type Outcome, type Route, page, redirect, route } from '../../web/route.js';
import { queueMessage } from '../outbox/repository.js';
import { compiledSchemeFor, schemeInForce } from '../schemes/repository.js';
import { budgetView, easyReadView } from './budget-presenters.js';
import { type EstimateState, type Step, after, before, carriedState, estimateOf, hiddenFields, missingParts, parseStep, stepValue, supportToLookAt } from './estimate.js';
import { answerRows, questionPage } from './presenters.js';
import { numberedQuestions } from './questions.js';

/**
 * Plan your support: the anonymous estimate (issue 14, part 8). Every page after the first is the
 * answer to a form post that carries the answers so far, so nothing is kept unless the person asks
 * for the result by email (then only the message, its words removed once sent).
 */
const READER = { whose: 'your', who: 'You', estimate: true };
const FORM = 'estimate-form';
const body = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
type Body = z.infer<typeof body>;
const emailForm = z.object({ email: emailField.pipe(z.string({ error: 'Enter your email address' })) });

async function schemesInForce(ctx: Context) {
  const [adult, carer] = await Promise.all([schemeInForce(ctx.db, 'adult', ctx.today), schemeInForce(ctx.db, 'carer', ctx.today)]);
  return { adult: adult ?? null, carer: carer ?? null };
}

function startPage(schemes: Awaited<ReturnType<typeof schemesInForce>>, errors?: FieldError[], notice?: string) {
  const both = Boolean(schemes.adult && schemes.carer);
  return page('self-assessment/views/estimate-start.njk', {
    title: 'Plan your support',
    notice: notice ?? null,
    ready: Boolean(schemes.adult || schemes.carer),
    who: both
      ? { name: 'who', idPrefix: 'who', fieldset: { legend: { text: 'Who is the support for?', classes: 'govuk-fieldset__legend--m' } }, items: [{ value: 'adult', text: 'Me, or someone I am helping to plan' }, { value: 'carer', text: 'Me, as an unpaid carer for someone' }], errorMessage: presentErrors(errors).fieldErrors.who }
      : null,
    kind: both ? null : schemes.adult ? 'adult' : 'carer',
    action: paths.estimate.answers(),
    ...presentErrors(errors, { who: 'who' }),
  }, { status: errors ? 400 : 200 });
}

function questionStep(c: CompiledScheme, state: EstimateState, number: number, changing: boolean, errors?: FieldError[]) {
  return page('self-assessment/views/question.njk', {
    ...questionPage({ scheme: c.scheme, number, answers: state.answers, caption: 'Plan your support', carried: { ...hiddenFields(state, numberedQuestions(c.scheme)[number - 1]!.question.id), at: `q${number}`, ...(changing ? { changing: 'yes' } : {}) }, canSave: false, backHref: '', errors }),
    backLink: null,
    backButton: { form: FORM },
    formId: FORM,
    action: paths.estimate.answers(),
  }, { status: errors ? 400 : 200, noStore: true });
}

function groupStep(c: CompiledScheme, state: EstimateState, errors?: FieldError[]) {
  const { errorSummary, fieldErrors } = presentErrors(errors, { group: 'group' });
  return page('self-assessment/views/estimate-group.njk', {
    title: 'What is the main reason for support?',
    radios: {
      name: 'group',
      idPrefix: 'group',
      fieldset: { legend: { text: 'What is the main reason for support?', isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
      hint: { text: 'The rate for each point depends on it. If you are not sure, choose the one that fits best.' },
      items: [...c.groups!.values()].map((g) => ({ value: g.group.id, text: g.group.title, checked: state.group === g.group.id })),
      errorMessage: fieldErrors.group,
    },
    carried: Object.entries({ ...hiddenFields({ ...state, group: null }), at: 'group' }).map(([name, value]) => ({ name, value })),
    formId: FORM,
    action: paths.estimate.answers(),
    errorSummary,
  }, { status: errors ? 400 : 200, noStore: true });
}

function checkStep(c: CompiledScheme, state: EstimateState, errors?: FieldError[]) {
  const rows = answerRows(c.scheme, state.answers, () => null).map((row, i) => ({ ...row, change: i + 1 }));
  const group = state.group ? c.groups?.get(state.group)?.group.title : null;
  return page('self-assessment/views/estimate-check.njk', {
    title: 'Check your answers',
    rows,
    group: group ?? null,
    carried: Object.entries({ ...hiddenFields(state), at: 'check' }).map(([name, value]) => ({ name, value })),
    formId: FORM,
    action: paths.estimate.answers(),
    ...presentErrors(errors),
  }, { status: errors ? 400 : 200, noStore: true });
}

function resultStep(c: CompiledScheme, state: EstimateState, template: 'estimate.njk' | 'estimate-print.njk', contact: string, extra: { emailed?: boolean; errors?: FieldError[]; email?: string } = {}) {
  const e = estimateOf(c, state);
  return page(`self-assessment/views/${template}`, {
    title: 'Your estimate',
    view: budgetView(e, READER),
    easy: easyReadView(e, READER),
    support: supportToLookAt(e).map((kind) => ({ href: `${paths.findSupport.search()}?service=${encodeURIComponent(kind)}`, text: kind })),
    carried: Object.entries({ ...hiddenFields(state), at: 'result' }).map(([name, value]) => ({ name, value })),
    formId: FORM,
    action: paths.estimate.answers(),
    emailed: extra.emailed ?? false,
    councilContact: `Contact us: ${contact}`,
    values: { email: extra.email ?? '' },
    ...presentErrors(extra.errors, { email: 'email' }),
  }, { status: extra.errors ? 400 : 200, noStore: true });
}

const text = (b: Body, key: string) => (typeof b[key] === 'string' ? (b[key] as string) : undefined);

/** What the posted form asks for next, from the page it was on and the button pressed. */
async function decide(ctx: Context, b: Body): Promise<{ render: (ctx: ContextAfter) => Outcome }> {
  const schemes = await schemesInForce(ctx);
  const contact = ctx.config.councilContact;
  const at = text(b, 'at');
  if (at === 'start') {
    const kind = text(b, 'who') ?? text(b, 'kind');
    const scheme = kind === 'adult' ? schemes.adult : kind === 'carer' ? schemes.carer : null;
    if (!scheme) return { render: () => startPage(schemes, [{ field: 'who', message: 'Choose who the support is for' }]) };
    const c = await compiledSchemeFor(ctx.db, scheme.id);
    return { render: () => questionStep(c, { schemeRowId: scheme.id, answers: {}, group: null }, 1, false) };
  }
  const rowId = text(b, 'scheme');
  const inForce = [schemes.adult, schemes.carer].find((s) => s && s.id === rowId);
  if (!inForce) return { render: () => startPage(schemes, undefined, 'The questions have changed since you started. Please start again.') };
  const c = await compiledSchemeFor(ctx.db, inForce.id);
  const state = carriedState(c, inForce.id, b);
  const step: Step | null = parseStep(at, numberedQuestions(c.scheme).length);
  if (!step) return { render: () => startPage(schemes) };
  const action = text(b, 'action') ?? 'continue';
  const go = (s: Step | 'start', changing = false) => (): Outcome =>
    s === 'start' ? startPage(schemes) : s.kind === 'question' ? questionStep(c, state, s.number, changing) : s.kind === 'group' ? groupStep(c, state) : s.kind === 'check' ? checkStep(c, state) : resultStep(c, state, 'estimate.njk', contact);

  if (action === 'back') return { render: go(before(c, step)) };
  if (step.kind === 'question') {
    const question = numberedQuestions(c.scheme)[step.number - 1]!.question;
    const answer = text(b, 'answer');
    const changing = text(b, 'changing') === 'yes';
    if (!answer || !question.answers.some((a) => a.id === answer)) return { render: () => questionStep(c, state, step.number, changing, [{ field: 'answer', message: answer ? 'Choose one of the answers shown' : 'Choose the answer that fits best' }]) };
    const next = { ...state, answers: { ...state.answers, [question.id]: answer } };
    const to = after(c, next, step.number, changing);
    return { render: () => (to.kind === 'question' ? questionStep(c, next, to.number, false) : to.kind === 'group' ? groupStep(c, next) : checkStep(c, next)) };
  }
  if (step.kind === 'group') {
    if (!state.group) return { render: () => groupStep(c, state, [{ field: 'group', message: 'Choose the main reason for support' }]) };
    return { render: go({ kind: 'check' }) };
  }
  if (step.kind === 'check') {
    const change = /^change-([0-9]{1,3})$/.exec(action);
    if (change) return { render: go({ kind: 'question', number: Number(change[1]) }, true) };
    if (action === 'change-group' && c.groups) return { render: go({ kind: 'group' }) };
    const missing = missingParts(c, state);
    if (missing.length > 0) return { render: () => checkStep(c, state, missing) };
    return { render: go({ kind: 'result' }) };
  }
  // The result page: print it, or email it to yourself.
  if (missingParts(c, state).length > 0) return { render: () => checkStep(c, state, missingParts(c, state)) };
  if (action === 'print') return { render: () => resultStep(c, state, 'estimate-print.njk', contact) };
  if (action === 'email') {
    const parsed = emailForm.safeParse({ email: b.email });
    if (!parsed.success) return { render: () => resultStep(c, state, 'estimate.njk', contact, { errors: [{ field: 'email', message: parsed.error.issues[0]!.message }], email: text(b, 'email') }) };
    const view = budgetView(estimateOf(c, state), READER);
    await queueMessage(ctx, {
      template: 'letter',
      to: parsed.data.email.toLowerCase(),
      personalisation: { name: 'there', title: 'Your estimate from Plan your support', body: [view.headline + '.', view.subline, ...view.meaning, 'How it was worked out:', ...view.steps, `To ask for an assessment: ${ctx.config.councilContact}`].join('\n\n') },
      secret: ['name', 'title', 'body'],
    });
    return { render: () => resultStep(c, state, 'estimate.njk', contact, { emailed: true }) };
  }
  return { render: go({ kind: 'result' }) };
}

export const estimateRoutes: Route[] = [
  route({ method: 'GET', url: '/plan-your-support', access: 'public', load: schemesInForce, respond: (_ctx, schemes) => startPage(schemes) }),
  // A bookmarked answers page has no answers to show (nothing is kept): it starts again.
  route({ method: 'GET', url: '/plan-your-support/answers', access: 'public', load: schemesInForce, respond: (_ctx, schemes) => startPage(schemes) }),
  route({
    method: 'POST',
    url: '/plan-your-support/answers',
    access: 'public',
    form: body,
    command: (ctx, _r, b: Body) => decide(ctx, b),
    invalid: () => redirect(paths.estimate.start()),
    respond: (ctx, _r, next) => next.render(ctx),
  }),
];
