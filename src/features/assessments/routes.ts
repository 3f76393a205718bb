import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { londonToday } from '../../web/format.js';
import { blankToNull, parseForm, presentErrors, submittedText } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { fullName } from '../people/presenters.js';
import { answerSummary, domainRadios, explanationView } from './presenters.js';
import { type AssessmentRecord, unansweredDomains } from './service.js';

type IdParams = { Params: { id: string } };
type DomainParams = { Params: { id: string; domain: string } };

const versionField = z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive();

const completeSchema = z.object({
  version: versionField,
  group: z.preprocess(blankToNull, z.string().nullable()),
  group_reason: z.preprocess(blankToNull, z.string().max(1000, 'The reason must be 1000 characters or fewer').nullable()),
  confirmed: z.preprocess((v) => v === 'yes', z.boolean()),
});

/** A page number in the URL is the domain's position, counting from 1. */
function domainIndex(record: AssessmentRecord, param: string): number | null {
  const n = Number.parseInt(param, 10);
  return Number.isInteger(n) && n >= 1 && n <= record.scheme.domains.length && String(n) === param ? n - 1 : null;
}

export function registerAssessmentRoutes(app: FastifyInstance, { assessments }: Services) {
  const write = { preHandler: [allow('assessments:write')] };
  const read = { preHandler: [allow('people:read')] };

  app.post<IdParams>('/people/:id/assessments', write, async (request, reply) => {
    const actor = actorOf(request);
    try {
      const assessment = await assessments.start(actor, request.params.id, londonToday());
      const record = await assessments.forEditing(actor, assessment.id);
      const next = unansweredDomains(record.scheme, record.assessment.answers)[0];
      return reply.redirect(next === undefined ? paths.assessments.check(assessment.id) : paths.assessments.domain(assessment.id, next + 1), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      flash(request, error.fieldErrors[0]!.message, 'important');
      return reply.redirect(paths.people.view(request.params.id), 303);
    }
  });

  async function renderDomain(request: FastifyRequest, reply: FastifyReply, record: AssessmentRecord, index: number, options: { errors?: { field: string; message: string }[]; answers?: Record<string, string>; status?: number } = {}) {
    const { scheme, assessment, person } = record;
    const { errorSummary, fieldErrors } = presentErrors(options.errors, Object.fromEntries(scheme.domains[index]!.questions.map((q) => [q.id, q.id])));
    return reply.code(options.status ?? 200).view('assessments/views/domain.njk', {
      title: scheme.domains[index]!.title,
      caption: `${fullName(person)}: ${scheme.title}`,
      progress: `Part ${index + 1} of ${scheme.domains.length}`,
      questions: domainRadios(scheme, index, options.answers ?? assessment.answers, fieldErrors),
      version: assessment.version,
      backLink: { href: index === 0 ? paths.people.view(person.id) : paths.assessments.domain(assessment.id, index) },
      errorSummary,
    });
  }

  app.get<DomainParams>('/assessments/:id/domains/:domain', write, async (request, reply) => {
    const record = await assessments.forEditing(actorOf(request), request.params.id);
    const index = domainIndex(record, request.params.domain);
    if (index === null) return reply.callNotFound();
    return renderDomain(request, reply, record, index);
  });

  app.post<DomainParams>('/assessments/:id/domains/:domain', write, async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const record = await assessments.forEditing(actor, request.params.id);
    const index = domainIndex(record, request.params.domain);
    if (index === null) return reply.callNotFound();
    const version = versionField.safeParse(body.version);
    const later = body.action === 'later';
    try {
      if (!version.success) throw new ValidationError([{ field: 'version', message: 'The form is out of date. Open the page again' }]);
      await assessments.saveDomain(actor, record.assessment.id, version.data, index, body, !later);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const typed = submittedText(body);
      return renderDomain(request, reply, record, index, { errors: error.fieldErrors, answers: { ...record.assessment.answers, ...typed }, status: 400 });
    }
    if (later) {
      flash(request, 'Assessment saved. You can carry on from the person’s page');
      return reply.redirect(paths.people.view(record.person.id), 303);
    }
    const last = index === record.scheme.domains.length - 1;
    return reply.redirect(last ? paths.assessments.check(record.assessment.id) : paths.assessments.domain(record.assessment.id, index + 2), 303);
  });

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, record: AssessmentRecord, options: { errors?: { field: string; message: string }[]; values?: Record<string, string>; status?: number } = {}) {
    const { scheme, assessment, person } = record;
    const values = options.values ?? {};
    const groups = scheme.allocation.type === 'rate' ? scheme.allocation.groups : [];
    const derived = groups.find((g) => person.primary_support_reason && g.primarySupportReasons.includes(person.primary_support_reason));
    const chosen = values.group ?? derived?.id ?? '';
    const { errorSummary, fieldErrors } = presentErrors(options.errors, { group: 'group', confirmed: 'confirmed', answers: 'answers' });
    return reply.code(options.status ?? 200).view('assessments/views/check.njk', {
      title: 'Check the answers',
      caption: `${fullName(person)}: ${scheme.title}`,
      cards: answerSummary(scheme, assessment.answers, (i) => paths.assessments.domain(assessment.id, i + 1)),
      rate: scheme.allocation.type === 'rate',
      groupHint: derived
        ? `${person.primary_support_reason} is in the group “${derived.title}”. Choose another group only if it fits the person’s needs better, and say why.`
        : `The person’s primary support reason (${person.primary_support_reason ?? 'not recorded'}) is not in any group. Choose the group that fits and say why.`,
      groups: groups.map((g) => ({ value: g.id, text: g.title, checked: g.id === chosen })),
      values,
      version: assessment.version,
      backLink: { href: paths.assessments.domain(assessment.id, scheme.domains.length) },
      errorSummary,
      fieldErrors,
    });
  }

  app.get<IdParams>('/assessments/:id/check', write, async (request, reply) => renderCheck(request, reply, await assessments.forEditing(actorOf(request), request.params.id)));

  app.post<IdParams>('/assessments/:id/check', write, async (request, reply) => {
    const actor = actorOf(request);
    const record = await assessments.forEditing(actor, request.params.id);
    const form = parseForm(completeSchema, request.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await assessments.complete(actor, record.assessment.id, form.value.version, { groupId: form.value.group, groupReason: form.value.group_reason, confirmed: form.value.confirmed });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const values = submittedText(request.body);
      return renderCheck(request, reply, record, { errors: error.fieldErrors, values, status: 400 });
    }
    return reply.redirect(paths.assessments.view(record.assessment.id), 303);
  });

  async function explanationPage(request: FastifyRequest<IdParams>, reply: FastifyReply, template: string) {
    const record = await assessments.explanation(actorOf(request), request.params.id);
    return reply.view(template, {
      title: 'How the indicative personal budget was worked out',
      caption: fullName(record.person),
      view: explanationView(record.explanation, { personName: fullName(record.person), panelDecision: record.decision }),
      completedOn: record.assessment.completed_at,
      printHref: paths.assessments.print(record.assessment.id),
      jsonHref: paths.assessments.json(record.assessment.id),
      backLink: { href: paths.people.view(record.person.id), text: 'Back to the person’s record' },
    });
  }

  app.get<IdParams>('/assessments/:id', read, async (request, reply) => explanationPage(request, reply, 'assessments/views/explanation.njk'));
  app.get<IdParams>('/assessments/:id/print', read, async (request, reply) => explanationPage(request, reply, 'assessments/views/print.njk'));

  /** The same explanation as JSON, for other systems. */
  app.get<IdParams>('/assessments/:id/explanation.json', read, async (request, reply) => {
    const record = await assessments.explanation(actorOf(request), request.params.id);
    return reply.header('cache-control', 'no-store').send({
      assessment: {
        id: record.assessment.id,
        personReference: record.person.reference,
        completedAt: record.assessment.completed_at,
        schemeId: record.assessment.scheme_id,
        schemeVersion: record.assessment.scheme_version,
        groupId: record.assessment.group_id,
        groupReason: record.assessment.group_reason,
      },
      explanation: record.explanation,
      panelDecision: record.decision,
    });
  });
}
