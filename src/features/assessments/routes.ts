import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { codeValues } from '../../domain/cld/code-lists.js';
import { unansweredDomains } from '../../domain/planning/needs.js';
import { type Explanation, explain } from '../../domain/ras/pricing.js';
import { NotFoundError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { formatDateTime } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { type Context, type Route, download, idParams, page, redirect, route, uuid } from '../../web/route.js';
import { fullName } from '../people/presenters.js';
import { personById } from '../people/repository.js';
import { compiledSchemeFor } from '../schemes/repository.js';
import { answerDomain, completeAssessment, requireInProgress, startAssessment } from './assess.js';
import { answerSummary, domainRadios, explanationView } from './presenters.js';
import { explanationPdf } from './pdf.js';
import { type AssessmentRecord, assessmentRecordById } from './repository.js';

/** Needs assessments, as data: casework staff assess their teams' people; the explanation is read like the record. */

const versionField = z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive();
const completeSchema = z.object({
  version: versionField,
  group: z.preprocess(blankToNull, z.string().max(100).nullable()),
  group_reason: z.preprocess(blankToNull, z.string().max(1000, 'The reason must be 1000 characters or fewer').nullable()),
  confirmed: z.preprocess((v) => v === 'yes', z.boolean()),
  assessment_type: z.preprocess(blankToNull, z.enum(codeValues('Assessment_Type'), { error: 'Select the kind of assessment' }).nullable()),
  method_of_assessment: z.preprocess(blankToNull, z.enum(codeValues('Method_of_Assessment'), { error: 'Select how the assessment was done' }).nullable()),
  eligible_needs_identified: z.preprocess(blankToNull, z.enum(codeValues('Yes_No'), { error: 'Select whether the person has eligible needs' }).nullable()),
});
const domainParams = z.object({ id: uuid, domain: z.string().regex(/^[1-9][0-9]{0,2}$/).transform(Number) });
const domainForm = z.object({ version: versionField, action: z.string().max(20).optional() }).passthrough();

const writable = (actor: StaffActor, r: AssessmentRecord) => can(actor, 'assessment:write', r);
const readable = (actor: StaffActor, r: AssessmentRecord) => can(actor, 'assessment:read', r);
const viewed = (r: AssessmentRecord) => ({ action: 'assessment.viewed', subjectType: 'assessment', subjectId: r.assessment.id, personId: r.person.id });

/** An assessment being answered, at one of its parts (numbered from 1). */
async function loadPart(ctx: Context, params: { id: string; domain?: number }) {
  const record = await assessmentRecordById(ctx.db, params.id);
  if (!record) return undefined;
  const index = params.domain === undefined ? record.scheme.domains.length - 1 : params.domain - 1;
  if (!record.scheme.domains[index]) throw new NotFoundError('page');
  return { ...record, index };
}
type Part = NonNullable<Awaited<ReturnType<typeof loadPart>>>;
const editable = async (ctx: Context, params: { id: string; domain?: number }) => {
  const part = await loadPart(ctx, params);
  if (part && writable(ctx.actor, part)) requireInProgress(part);
  return part;
};
/** A part opened from check answers ("Change") goes back there when saved: the form posts to its own address, `?from=check` and all. */
const fromCheck = (request: FastifyRequest) => (request.query as Record<string, unknown> | undefined)?.from === 'check';
const partToChange = async (ctx: Context, params: { id: string; domain?: number }, request: FastifyRequest) => {
  const part = await editable(ctx, params);
  return part ? { ...part, fromCheck: fromCheck(request) } : undefined;
};
/** Opening a part or check answers of an assessment already complete: say so, and show it, rather than a conflict. */
const partToOpen = async (ctx: Context, params: { id: string; domain?: number }, request: FastifyRequest) => {
  const part = await loadPart(ctx, params);
  return part ? { ...part, fromCheck: fromCheck(request) } : undefined;
};
const COMPLETE = 'This assessment is complete, so it cannot be changed. Start a new assessment from the person’s page to reassess';

function domainPage(part: Part & { fromCheck?: boolean }, answers: Record<string, string>, errors?: { field: string; message: string }[]) {
  const { scheme, assessment, person, index } = part;
  const { errorSummary, fieldErrors } = presentErrors(errors, Object.fromEntries(scheme.domains[index]!.questions.map((q) => [q.id, q.id])));
  return page('assessments/views/domain.njk', {
    title: scheme.domains[index]!.title,
    caption: `${fullName(person)}: ${scheme.title}`,
    progress: `Part ${index + 1} of ${scheme.domains.length}`,
    questions: domainRadios(scheme, index, answers, fieldErrors),
    version: assessment.version,
    backLink: { href: part.fromCheck ? paths.assessments.check(assessment.id) : index === 0 ? paths.people.view(person.id) : paths.assessments.domain(assessment.id, index) },
    errorSummary,
  });
}

function checkPage(record: AssessmentRecord, values: Record<string, string | string[]> = {}, errors?: { field: string; message: string }[]) {
  const { scheme, assessment, person } = record;
  const groups = scheme.allocation.type === 'rate' ? scheme.allocation.groups : [];
  const derived = groups.find((g) => person.primary_support_reason && g.primarySupportReasons.includes(person.primary_support_reason));
  const chosen = typeof values.group === 'string' ? values.group : (derived?.id ?? '');
  return page('assessments/views/check.njk', {
    title: 'Check the answers',
    caption: `${fullName(person)}: ${scheme.title}`,
    sentFrom: assessment.submitted_at ? `${assessment.submitted_as} answered these questions in My Selfdirect and sent them on ${formatDateTime(assessment.submitted_at)}. Talk them through together, change any answer you agree should change, then confirm.` : null,
    cards: answerSummary(scheme, assessment.answers, (i) => paths.assessments.changeFromCheck(assessment.id, i + 1)),
    rate: scheme.allocation.type === 'rate',
    groupHint: derived
      ? `${person.primary_support_reason} is in the group “${derived.title}”. Choose another group only if it fits the person’s needs better, and say why.`
      : `The person’s primary support reason (${person.primary_support_reason ?? 'not recorded'}) is not in any group. Choose the group that fits and say why.`,
    groups: groups.map((g) => ({ value: g.id, text: g.title, checked: g.id === chosen })),
    report: assessmentReportFields(values, assessment.submitted_at ? 'Self-assessment' : 'Supported self-assessment'),
    values,
    version: assessment.version,
    backLink: { href: paths.assessments.domain(assessment.id, scheme.domains.length) },
    ...presentErrors(errors, { group: 'group', confirmed: 'confirmed', answers: 'answers', assessment_type: 'assessment_type', eligible_needs_identified: 'eligible_needs_identified' }),
  });
}

/** The statutory return's questions about the assessment, with what is usual chosen. */
function assessmentReportFields(values: Record<string, string | string[]>, method: string) {
  const chosen = (name: string, usual: string) => (typeof values[name] === 'string' && values[name] !== '' ? values[name] : usual);
  const radios = (name: string, usual: string, list: readonly string[]) => list.map((value) => ({ value, text: value, checked: chosen(name, usual) === value }));
  return {
    types: radios('assessment_type', 'Long term assessment', codeValues('Assessment_Type')),
    methods: codeValues('Method_of_Assessment').map((value) => ({ value, text: value, selected: chosen('method_of_assessment', method) === value })),
    eligible: radios('eligible_needs_identified', 'Yes', codeValues('Yes_No')),
  };
}

/** A completed assessment and the explanation of its figure, re-priced with the scheme it was priced with. */
export async function loadExplained(ctx: Context, params: { id: string }): Promise<(AssessmentRecord & { explanation: Explanation }) | undefined> {
  const record = await assessmentRecordById(ctx.db, params.id);
  if (!record || record.assessment.status !== 'completed') return undefined;
  return { ...record, explanation: explain(await compiledSchemeFor(ctx.db, record.assessment.scheme_row_id), record.assessment.answers, record.assessment.group_id) };
}
type Explained = NonNullable<Awaited<ReturnType<typeof loadExplained>>>;

const explanationPage = (template: string) => (_ctx: unknown, r: Explained) =>
  page(template, {
    title: 'How the indicative personal budget was worked out',
    caption: fullName(r.person),
    view: explanationView(r.explanation, { personName: fullName(r.person), panelDecision: r.decision }),
    completedOn: r.assessment.completed_at,
    printHref: paths.assessments.print(r.assessment.id),
    pdfHref: paths.assessments.pdf(r.assessment.id),
    jsonHref: paths.assessments.json(r.assessment.id),
    backLink: { href: paths.people.view(r.person.id), text: 'Back to the person’s record' },
  }, { noStore: true });

export const assessmentRoutes: Route[] = [
  route({
    method: 'POST',
    url: '/people/:id/assessments',
    access: 'assessments:write',
    params: idParams,
    load: (ctx, params) => personById(ctx.db, params.id),
    allow: (actor, person) => can(actor, 'person:write', person),
    command: async (ctx, person) => {
      const started = await startAssessment(ctx, person);
      const record = (await assessmentRecordById(ctx.db, started.id))!;
      return { id: started.id, next: unansweredDomains(record.scheme, record.assessment.answers)[0] };
    },
    invalid: (_ctx, person, problems) => redirect(paths.people.view(person.id), problems.errors[0]!.message, 'important'),
    conflict: (_ctx, person, error) => redirect(paths.people.view(person.id), error.message, 'important'),
    respond: (_ctx, _person, s) => redirect(s.next === undefined ? paths.assessments.check(s.id) : paths.assessments.domain(s.id, s.next + 1)),
  }),
  route({
    method: 'GET',
    url: '/assessments/:id/domains/:domain',
    access: 'assessments:write',
    params: domainParams,
    load: partToOpen,
    allow: writable,
    viewed,
    respond: (_ctx, part: Part & { fromCheck: boolean }) => (part.assessment.status === 'completed' ? redirect(paths.assessments.view(part.assessment.id), COMPLETE, 'important') : domainPage(part, part.assessment.answers)),
  }),
  route({
    method: 'POST',
    url: '/assessments/:id/domains/:domain',
    access: 'assessments:write',
    params: domainParams,
    load: partToChange,
    allow: writable,
    form: domainForm,
    command: async (ctx, part: Part & { fromCheck: boolean }, f: z.infer<typeof domainForm>) => {
      const later = f.action === 'later';
      await answerDomain(ctx, part, f.version, part.index, f as Record<string, unknown>, !later);
      return later;
    },
    invalid: (_ctx, part: Part & { fromCheck: boolean }, problems) => {
      const typed = Object.fromEntries(Object.entries(problems.values).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      return domainPage(part, { ...part.assessment.answers, ...typed }, problems.errors);
    },
    respond: (_ctx, part: Part & { fromCheck: boolean }, later: boolean) => {
      if (later) return redirect(paths.people.view(part.person.id), 'Assessment saved. You can carry on from the person’s page');
      if (part.fromCheck) return redirect(paths.assessments.check(part.assessment.id), `Saved: ${part.scheme.domains[part.index]!.title.toLowerCase()}`);
      const last = part.index === part.scheme.domains.length - 1;
      return redirect(last ? paths.assessments.check(part.assessment.id) : paths.assessments.domain(part.assessment.id, part.index + 2));
    },
  }),
  route({ method: 'GET', url: '/assessments/:id/check', access: 'assessments:write', params: idParams, load: partToOpen, allow: writable, viewed, respond: (_ctx, part: Part) => (part.assessment.status === 'completed' ? redirect(paths.assessments.view(part.assessment.id), COMPLETE, 'important') : checkPage(part)) }),
  route({
    method: 'POST',
    url: '/assessments/:id/check',
    access: 'assessments:write',
    params: idParams,
    load: editable,
    allow: writable,
    form: completeSchema,
    command: (ctx, part: Part, f: z.infer<typeof completeSchema>) =>
      completeAssessment(ctx, part, f.version, {
        groupId: f.group,
        groupReason: f.group_reason,
        confirmed: f.confirmed,
        report: { ...(f.assessment_type ? { assessmentType: f.assessment_type } : {}), ...(f.method_of_assessment ? { methodOfAssessment: f.method_of_assessment } : {}), ...(f.eligible_needs_identified ? { eligibleNeedsIdentified: f.eligible_needs_identified } : {}) },
      }),
    invalid: (_ctx, part: Part, problems) => checkPage(part, problems.values, problems.errors),
    respond: (_ctx, part: Part) => redirect(paths.assessments.view(part.assessment.id)),
  }),
  route({ method: 'GET', url: '/assessments/:id', access: 'people:read', params: idParams, load: loadExplained, allow: readable, viewed, respond: explanationPage('assessments/views/explanation.njk') }),
  route({
    method: 'GET',
    url: '/assessments/:id/explanation.pdf',
    access: 'people:read',
    params: idParams,
    load: loadExplained,
    allow: readable,
    viewed,
    respond: async (ctx, r: Explained) =>
      download('application/pdf', await explanationPdf(explanationView(r.explanation, { personName: fullName(r.person), panelDecision: r.decision }), fullName(r.person), ctx.config.councilName), `budget-explanation-${r.person.reference}.pdf`),
  }),
  route({ method: 'GET', url: '/assessments/:id/print', access: 'people:read', params: idParams, load: loadExplained, allow: readable, viewed, respond: explanationPage('assessments/views/print.njk') }),
  route({
    method: 'GET',
    url: '/assessments/:id/explanation.json',
    access: 'people:read',
    params: idParams,
    load: loadExplained,
    allow: readable,
    viewed,
    respond: (_ctx, r: Explained) => ({
      kind: 'file',
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({
        assessment: { id: r.assessment.id, personReference: r.person.reference, completedAt: r.assessment.completed_at, schemeId: r.assessment.scheme_id, schemeVersion: r.assessment.scheme_version, groupId: r.assessment.group_id, groupReason: r.assessment.group_reason },
        explanation: r.explanation,
        panelDecision: r.decision,
      }),
    }),
  }),
];
