import { z } from 'zod';
import { schemeKindFor } from '../../domain/ras/scheme.js';
import { type Explanation, explain, groupForSupportReason } from '../../domain/ras/pricing.js';
import { formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { type CitizenActor, can } from '../../policies/index.js';
import { londonToday } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { type Context, type Route, download, idParams, page, redirect, route, uuid } from '../../web/route.js';
import { budgetPdf } from './budget-pdf.js';
import { type AssessmentRecord, assessmentRecordById, inProgressAssessmentOf, latestCompletedAssessmentOf } from '../assessments/repository.js';
import { personById } from '../people/repository.js';
import { compiledSchemeFor, schemeInForce } from '../schemes/repository.js';
import { budgetView, easyReadView, type Reader } from './budget-presenters.js';
import { answerRows, questionPage, startPage } from './presenters.js';
import { firstUnanswered, numberedQuestions } from './questions.js';
import { answerQuestion, requireOpenToPerson, startSelfAssessment, submitSelfAssessment } from './self-assess.js';
import { citizenOf } from '../portal/acting.js';

/**
 * The person's own self-assessment in My Selfdirect (issue 14, part 3): for the person, and for
 * representatives given the assessment. Another person's ids read exactly like missing ones.
 */
type Citizen = Parameters<typeof can>[0];
const version = z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive();
const answerForm = z.object({ version, answer: z.preprocess(blankToNull, z.string().max(20).nullable()), action: z.string().max(20).optional() });
const sendForm = z.object({ version, agreed: z.preprocess((v) => v === 'yes', z.boolean()) });
const questionParams = z.object({ id: uuid, number: z.string().regex(/^[1-9][0-9]{0,2}$/).transform(Number) });

/** How the pages speak of the person: "you" to the person, their name to a representative. */
function readerFor(ctx: { citizen?: CitizenActor }, person: { id: string; given_name: string; preferred_name: string | null }, estimate = false): Reader & { heading: string } {
  const own = citizenOf(ctx).kind === 'person';
  const name = person.preferred_name || person.given_name;
  return { whose: own ? 'your' : `${name}’s`, who: own ? 'You' : name, estimate, heading: own ? 'Your self-assessment' : `${name}’s self-assessment` };
}

async function loadPerson(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  if (!person) return undefined;
  const [inProgress, completed] = await Promise.all([inProgressAssessmentOf(ctx.db, person.id), latestCompletedAssessmentOf(ctx.db, person.id)]);
  const schemeId = inProgress?.scheme_row_id ?? (await schemeInForce(ctx.db, schemeKindFor(person.client_type), ctx.today))?.id;
  const scheme = schemeId ? (await compiledSchemeFor(ctx.db, schemeId)).scheme : null;
  return { person, inProgress, completed, scheme };
}
type PersonState = NonNullable<Awaited<ReturnType<typeof loadPerson>>>;
const mayAssess = (actor: Citizen, r: { person: { id: string } }) => can(actor, 'portal:assessment', { person_id: r.person.id });

const loadAssessment = (ctx: Context, params: { id: string }) => assessmentRecordById(ctx.db, params.id);
const openToPerson = async (ctx: Context, params: { id: string }) => {
  const record = await loadAssessment(ctx, params);
  if (record && mayAssess(ctx.actor, record)) requireOpenToPerson(record);
  return record;
};
/** One question of an assessment the person can still change. */
async function loadQuestion(ctx: Context, p: { id: string; number: number }) {
  const record = await openToPerson(ctx, p);
  return record && p.number <= numberedQuestions(record.scheme).length ? { record, number: p.number } : undefined;
}
type Question = NonNullable<Awaited<ReturnType<typeof loadQuestion>>>;
const viewed = (action: string) => (r: AssessmentRecord) => ({ action, subjectType: 'assessment', subjectId: r.assessment.id, personId: r.person.id });

function startView(ctx: Context | Omit<Context, 'db'>, s: PersonState, errors?: { field: string; message: string }[]) {
  const reader = readerFor(ctx, s.person);
  const questions = s.scheme ? numberedQuestions(s.scheme).length : 0;
  const answered = s.inProgress ? Object.keys(s.inProgress.answers).length : 0;
  return page('self-assessment/views/start.njk', startPage({
    name: { whose: reader.whose, heading: reader.heading },
    questions,
    inProgress: s.inProgress ? { answered, sentOn: s.inProgress.submitted_at ? londonToday(s.inProgress.submitted_at) : null, sentBy: s.inProgress.submitted_as?.split(',')[0] ?? null, budgetHref: s.inProgress.submitted_at ? paths.portal.budget(s.inProgress.id) : null } : null,
    lastFinished: s.completed?.completed_at ? { on: londonToday(s.completed.completed_at), budgetHref: paths.portal.budget(s.completed.id) } : null,
    startHref: paths.portal.selfAssessment(s.person.id),
    backHref: paths.portal.home(),
  }, errors), { noStore: true });
}

function questionView(ctx: Omit<Context, 'db'>, r: AssessmentRecord, number: number, values?: Record<string, unknown>, errors?: { field: string; message: string }[]) {
  return page('self-assessment/views/question.njk', {
    ...questionPage({
      scheme: r.scheme, number, answers: r.assessment.answers, caption: readerFor(ctx, r.person).heading, canSave: true, values, errors,
      backHref: number === 1 ? paths.portal.selfAssessment(r.person.id) : paths.portal.question(r.assessment.id, number - 1),
    }),
    version: r.assessment.version,
  }, { noStore: true });
}

function checkView(ctx: Omit<Context, 'db'>, r: AssessmentRecord, errors?: { field: string; message: string }[]) {
  const missing = firstUnanswered(r.scheme, r.assessment.answers);
  return page('self-assessment/views/check.njk', {
    title: 'Check the answers before you send them',
    caption: readerFor(ctx, r.person).heading,
    rows: answerRows(r.scheme, r.assessment.answers, (n) => paths.portal.question(r.assessment.id, n)),
    missing: missing === undefined ? null : { href: paths.portal.question(r.assessment.id, missing), text: `Answer question ${missing}` },
    version: r.assessment.version,
    backLink: { href: paths.portal.question(r.assessment.id, numberedQuestions(r.scheme).length) },
    ...presentErrors(errors, { agreed: 'agreed', answers: 'answers' }),
  }, { noStore: true });
}

/** The indicative figure: the one the worker confirmed, or (once sent) the one the person's primary support reason gives. */
async function loadBudget(ctx: Context, params: { id: string }) {
  const record = await loadAssessment(ctx, params);
  if (!record || (record.assessment.status !== 'completed' && !record.assessment.submitted_at)) return undefined;
  const compiled = await compiledSchemeFor(ctx.db, record.assessment.scheme_row_id);
  const group = record.assessment.status === 'completed' ? record.assessment.group_id : groupForSupportReason(compiled, record.person.primary_support_reason);
  const explanation: Explanation | null = compiled.groups && !group ? null : explain(compiled, record.assessment.answers, group);
  return { ...record, explanation };
}
type Budget = NonNullable<Awaited<ReturnType<typeof loadBudget>>>;
const budgetPage = (template: string, view: typeof budgetView | typeof easyReadView) => (ctx: Omit<Context, 'db'>, r: Budget) =>
  page(template, {
    title: template.endsWith('easy-read.njk') ? 'Your budget in easy read' : 'The indicative personal budget',
    caption: readerFor(ctx, r.person).heading,
    view: r.explanation ? view(r.explanation, readerFor(ctx, r.person)) : null,
    panel: r.decision ? `The panel has looked at it. The amount is now ${formatPence(r.decision.weekly_pence)} a week.` : null,
    easyRead: paths.portal.easyRead(r.assessment.id),
    pdf: paths.portal.budgetPdf(r.assessment.id),
    full: paths.portal.budget(r.assessment.id),
    backLink: { href: paths.portal.home(), text: 'Back to My Selfdirect' },
  }, { noStore: true });

export const selfAssessmentPortalRoutes: Route[] = [
  route({ method: 'GET', url: '/my/people/:id/self-assessment', access: 'portal', params: idParams, load: loadPerson, allow: mayAssess, viewed: (s: PersonState) => ({ action: 'portal.person-viewed', subjectType: 'person', subjectId: s.person.id, personId: s.person.id }), respond: (ctx, s: PersonState) => startView(ctx, s) }),
  route({
    method: 'POST',
    url: '/my/people/:id/self-assessment',
    access: 'portal',
    params: idParams,
    load: loadPerson,
    allow: mayAssess,
    command: async (ctx, s: PersonState) => {
      const started = await startSelfAssessment(ctx, citizenOf(ctx), s.person);
      const record = (await assessmentRecordById(ctx.db, started.id))!;
      return { id: started.id, sent: Boolean(started.submitted_at), next: firstUnanswered(record.scheme, record.assessment.answers) };
    },
    invalid: (ctx, s: PersonState, problems) => startView(ctx, s, problems.errors),
    conflict: (_ctx, s: PersonState, error) => redirect(paths.portal.selfAssessment(s.person.id), error.message, 'important'),
    respond: (_ctx, s: PersonState, r) => redirect(r.sent ? paths.portal.selfAssessment(s.person.id) : r.next === undefined ? paths.portal.checkAnswers(r.id) : paths.portal.question(r.id, r.next)),
  }),
  route({
    method: 'GET',
    url: '/my/self-assessments/:id/questions/:number',
    access: 'portal',
    params: questionParams,
    load: loadQuestion,
    allow: (actor, q: Question) => mayAssess(actor, q.record),
    viewed: (q: Question) => viewed('portal.assessment-viewed')(q.record),
    respond: (ctx, q: Question) => questionView(ctx, q.record, q.number),
  }),
  route({
    method: 'POST',
    url: '/my/self-assessments/:id/questions/:number',
    access: 'portal',
    params: questionParams,
    load: loadQuestion,
    allow: (actor, q: Question) => mayAssess(actor, q.record),
    form: answerForm,
    command: async (ctx, q: Question, f: z.infer<typeof answerForm>) => {
      const later = f.action === 'later';
      if (!(later && !f.answer)) await answerQuestion(ctx, q.record, f.version, q.number, f.answer);
      return later;
    },
    invalid: (ctx, q: Question, problems) => questionView(ctx, q.record, q.number, problems.values, problems.errors),
    conflict: (_ctx, q: Question, error) => redirect(paths.portal.selfAssessment(q.record.person.id), error.message, 'important'),
    respond: (_ctx, q: Question, later: boolean) => {
      if (later) return redirect(paths.portal.selfAssessment(q.record.person.id), 'Your answers are saved. Come back at any time to carry on');
      const last = q.number === numberedQuestions(q.record.scheme).length;
      return redirect(last ? paths.portal.checkAnswers(q.record.assessment.id) : paths.portal.question(q.record.assessment.id, q.number + 1));
    },
  }),
  route({ method: 'GET', url: '/my/self-assessments/:id/check', access: 'portal', params: idParams, load: openToPerson, allow: mayAssess, viewed: viewed('portal.assessment-viewed'), respond: (ctx, r: AssessmentRecord) => checkView(ctx, r) }),
  route({
    method: 'POST',
    url: '/my/self-assessments/:id/check',
    access: 'portal',
    params: idParams,
    load: openToPerson,
    allow: mayAssess,
    form: sendForm,
    command: (ctx, r: AssessmentRecord, f: z.infer<typeof sendForm>) => submitSelfAssessment(ctx, citizenOf(ctx), r, f.version, f.agreed),
    invalid: (ctx, r: AssessmentRecord, problems) => checkView(ctx, r, problems.errors),
    conflict: (_ctx, r: AssessmentRecord, error) => redirect(paths.portal.selfAssessment(r.person.id), error.message, 'important'),
    respond: (_ctx, r: AssessmentRecord) => redirect(paths.portal.budget(r.assessment.id), 'Sent to the worker. They will check it with you'),
  }),
  route({ method: 'GET', url: '/my/self-assessments/:id/budget', access: 'portal', params: idParams, load: loadBudget, allow: mayAssess, viewed: viewed('portal.budget-viewed'), respond: budgetPage('self-assessment/views/budget.njk', budgetView) }),
  route({
    method: 'GET',
    url: '/my/self-assessments/:id/budget.pdf',
    access: 'portal',
    params: idParams,
    load: loadBudget,
    allow: mayAssess,
    viewed: viewed('portal.budget-viewed'),
    respond: async (ctx, r: Budget) => {
      if (!r.explanation) return redirect(paths.portal.budget(r.assessment.id));
      const panel = r.decision ? `The panel has looked at it. The amount is now ${formatPence(r.decision.weekly_pence)} a week.` : null;
      return download('application/pdf', await budgetPdf(budgetView(r.explanation, readerFor(ctx, r.person)), readerFor(ctx, r.person).heading, panel, ctx.config.councilName), 'budget.pdf');
    },
  }),
  route({ method: 'GET', url: '/my/self-assessments/:id/budget/easy-read', access: 'portal', params: idParams, load: loadBudget, allow: mayAssess, viewed: viewed('portal.budget-viewed'), respond: budgetPage('self-assessment/views/easy-read.njk', easyReadView) }),
];
