import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type FormResult, parseForm, presentErrors, submittedText } from '../../web/forms.js';
import { formatDate, londonToday } from '../../web/format.js';
import { actorOf, allow, flash } from '../../web/session.js';
import * as present from './presenters.js';
import type { Executor } from '../../web/route.js';
import { planVersionsOf } from '../support-plans/repository.js';
import * as planning from './planning-presenters.js';
import { concernsTable, safeguardingBanner } from '../safeguarding/presenters.js';
import { has } from '../../policies/index.js';
import { carerLinkSchema, closeSchema, endLinkSchema, personFormSchema, representativeSchema, searchSchema, versionSchema } from './schemas.js';

type IdParams = { Params: { id: string } };
type LinkParams = { Params: { id: string; linkId: string } };

const views = {
  list: 'people/views/list.njk',
  person: 'people/views/person.njk',
  form: 'people/views/form.njk',
  close: 'people/views/close.njk',
  representative: 'people/views/representative.njk',
  endLink: 'people/views/end-link.njk',
  carer: 'people/views/carer.njk',
  history: 'people/views/history.njk',
};

/** Runs a service call; a ValidationError it throws becomes form errors like any other. */
async function attempt<T>(fn: () => Promise<T>): Promise<FormResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, errors: error.fieldErrors };
    throw error;
  }
}

/**
 * Each route spells its pipeline: the ability it needs (preHandler), the form schema, then the
 * service call, which runs the change and its audit entry in one transaction.
 */
export function registerPeopleRoutes(app: FastifyInstance, { people, assessments, reviews, safeguarding, worklists }: Services, { db: database }: { db: Executor }) {
  const read = { preHandler: [allow('people:read')] };
  const write = { preHandler: [allow('people:write')] };

  async function renderList(request: FastifyRequest, reply: FastifyReply, page: number, includeClosed: boolean) {
    const result = await people.list(actorOf(request), { page, includeClosed });
    return reply.view(views.list, {
      title: 'People',
      table: present.peopleTable(result.people, `${result.total} ${result.total === 1 ? 'person' : 'people'}${includeClosed ? '' : ' with open records'}`),
      pagination: present.pagination(result.page, result.pageSize, result.total, paths.people.list() + (includeClosed ? '?closed=yes' : '')),
      includeClosed,
      empty: result.total === 0,
      query: '',
    });
  }

  app.get<{ Querystring: { page?: string; closed?: string } }>(paths.people.list(), read, async (request, reply) => {
    const page = Number.parseInt(request.query.page ?? '1', 10);
    return renderList(request, reply, Number.isFinite(page) && page > 0 ? page : 1, request.query.closed === 'yes');
  });

  // Search is a POST so that names and NHS numbers never appear in a URL.
  app.post(paths.people.search(), read, async (request, reply) => {
    const form = parseForm(searchSchema, request.body);
    if (!form.ok) {
      return reply.code(400).view(views.list, { title: 'People', ...presentErrors(form.errors), query: '', table: null });
    }
    const found = await people.search(actorOf(request), form.value.query);
    return reply.view(views.list, {
      title: 'Search results',
      query: form.value.query,
      searched: true,
      table: present.peopleTable(found, `${found.length} ${found.length === 1 ? 'result' : 'results'}`),
      empty: found.length === 0,
    });
  });

  async function renderForm(request: FastifyRequest, reply: FastifyReply, options: { personId?: string; values: present.PersonFormValues; errors?: { field: string; message: string }[]; status?: number }) {
    const teams = await people.teamsOf(actorOf(request));
    return reply.code(options.status ?? 200).view(views.form, {
      title: options.personId ? 'Change a person’s details' : 'Add a person',
      action: options.personId ? paths.people.edit(options.personId) : paths.people.create(),
      backLink: { href: options.personId ? paths.people.view(options.personId) : paths.people.list() },
      values: options.values,
      options: present.personFormOptions(options.values, teams),
      ...presentErrors(options.errors, present.personFormAnchors),
    });
  }

  app.get(paths.people.create(), write, async (request, reply) => {
    const teams = await people.teamsOf(actorOf(request));
    return renderForm(request, reply, { values: { client_type: 'Service User', team_id: teams.length === 1 ? teams[0]!.id : '' } });
  });

  app.post(paths.people.create(), write, async (request, reply) => {
    const actor = actorOf(request);
    const values = submittedText(request.body);
    const form = parseForm(personFormSchema(actor.teamIds), request.body);
    const result = form.ok ? await attempt(() => people.create(actor, form.value)) : form;
    if (!result.ok) return renderForm(request, reply, { values, errors: result.errors, status: 400 });
    flash(request, `Record ${result.value.reference} created`);
    return reply.redirect(paths.people.view(result.value.id), 303);
  });

  app.get<IdParams>('/people/:id', read, async (request, reply) => {
    const actor = actorOf(request);
    const record = await people.view(actor, request.params.id);
    const teamName = (await people.teamsOf(actor)).find((t) => t.id === record.person.team_id)?.name ?? '';
    const actions = present.personActions(actor, record.person);
    const assessmentList = await assessments.forPerson(actor, record.person.id);
    const today = londonToday();
    const [planList, reviewList, concerns, journey] = await Promise.all([
      planVersionsOf(database, record.person.id),
      reviews.forPerson(actor, record.person),
      safeguarding.forPerson(actor, record.person.id),
      worklists.journeyOf(actor, record.person.id, today),
    ]);
    const canPlan = has(actor, 'plans:write') && !record.person.closed_on;
    const hasCompleted = assessmentList.some((a) => a.status === 'completed');
    const openPlan = planList.find((p) => p.status !== 'agreed');
    return reply.view(views.person, {
      journey: journey ? planning.journeySteps(journey.step) : null,
      plans: planning.planTable(planList),
      planAction: canPlan && hasCompleted ? { href: paths.plans.start(record.person.id), text: openPlan ? 'Carry on with the support plan' : planList.length ? 'Start a new version of the support plan' : 'Start a support plan' } : null,
      reviews: planning.reviewTable(reviewList, today),
      safeguardingBanner: safeguardingBanner(concerns),
      concerns: concernsTable(concerns, has(actor, 'safeguarding:write')),
      addConcern: has(actor, 'safeguarding:write') && !record.person.closed_on ? paths.safeguarding.create(record.person.id) : null,
      title: present.fullName(record.person),
      person: record.person,
      closed: record.person.closed_on ? { on: formatDate(record.person.closed_on), reason: record.person.closure_reason } : null,
      summary: present.personSummary(record.person, teamName),
      representatives: present.representativeCards(record.person.id, record.representatives, Boolean(actions.addRepresentative)),
      carers: record.carerLinks.carers.length ? present.carerLinkTable(actor, record.person.id, record.carerLinks.carers, 'carer', Boolean(actions.addCarer)) : null,
      caresFor: record.carerLinks.caresFor.length ? present.carerLinkTable(actor, record.person.id, record.carerLinks.caresFor, 'cared_for', Boolean(actions.addCarer)) : null,
      actions,
      assessments: present.assessmentTable(assessmentList),
      assessmentAction: actions.edit
        ? { href: paths.assessments.start(record.person.id), text: assessmentList.some((a) => a.status === 'in-progress') ? 'Carry on with the assessment' : record.person.client_type === 'Carer' ? 'Start a carer’s assessment' : 'Start a self-assessment' }
        : null,
      backLink: { href: paths.people.list(), text: 'All people' },
    });
  });

  app.get<IdParams>('/people/:id/edit', write, async (request, reply) => {
    const person = await people.forEdit(actorOf(request), request.params.id);
    return renderForm(request, reply, { personId: person.id, values: present.personFormValues(person) });
  });

  app.post<IdParams>('/people/:id/edit', write, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params;
    const values = submittedText(request.body);
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(personFormSchema(actor.teamIds), request.body);
    try {
      if (!version.ok) throw new ConflictError();
      const result = form.ok ? await attempt(() => people.update(actor, id, version.value.version, form.value)) : form;
      if (!result.ok) return renderForm(request, reply, { personId: id, values, errors: result.errors, status: 400 });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Show the record as it is now, and say why: the other person's change is never lost.
      const current = await people.forEdit(actor, id);
      return renderForm(request, reply, {
        personId: id,
        values: present.personFormValues(current),
        status: 409,
        errors: [{ field: 'given_name', message: 'Someone else changed this record while you were editing it. Their changes are shown below. Make your changes again and save' }],
      });
    }
    flash(request, 'Record updated');
    return reply.redirect(paths.people.view(id), 303);
  });

  app.get<IdParams>('/people/:id/close', write, async (request, reply) => {
    const person = await people.forEdit(actorOf(request), request.params.id);
    return reply.view(views.close, { title: 'Close this record', person, values: { version: String(person.version) }, backLink: { href: paths.people.view(person.id) } });
  });

  app.post<IdParams>('/people/:id/close', write, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(closeSchema, request.body);
    if (!form.ok) {
      const person = await people.forEdit(actor, request.params.id);
      return reply.code(400).view(views.close, {
        title: 'Close this record',
        person,
        values: submittedText(request.body),
        backLink: { href: paths.people.view(person.id) },
        ...presentErrors(form.errors),
      });
    }
    await people.close(actor, request.params.id, form.value.version, form.value.closure_reason, londonToday());
    flash(request, 'Record closed');
    return reply.redirect(paths.people.view(request.params.id), 303);
  });

  app.get<IdParams>('/people/:id/representatives/new', write, async (request, reply) => {
    const person = await people.forEdit(actorOf(request), request.params.id);
    return reply.view(views.representative, { title: 'Add a representative', person, values: {}, kinds: present.representativeKindItems(undefined), backLink: { href: paths.people.view(person.id) } });
  });

  app.post<IdParams>('/people/:id/representatives/new', write, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(representativeSchema, request.body);
    const result = form.ok ? await attempt(() => people.addRepresentative(actor, request.params.id, form.value)) : form;
    if (!result.ok) {
      const person = await people.forEdit(actor, request.params.id);
      const values = submittedText(request.body);
      return reply.code(400).view(views.representative, {
        title: 'Add a representative',
        person,
        values,
        kinds: present.representativeKindItems(values.kind),
        backLink: { href: paths.people.view(person.id) },
        ...presentErrors(result.errors, { kind: 'kind' }),
      });
    }
    flash(request, 'Representative added');
    return reply.redirect(paths.people.view(request.params.id), 303);
  });

  for (const link of [
    { path: '/people/:id/representatives/:linkId/end', title: 'End a representative', end: people.endRepresentative, done: 'Representative ended' },
    { path: '/people/:id/carers/:linkId/end', title: 'End a carer link', end: people.endCarerLink, done: 'Carer link ended' },
  ]) {
    app.get<LinkParams>(link.path, write, async (request, reply) => {
      const person = await people.forEdit(actorOf(request), request.params.id);
      return reply.view(views.endLink, { title: link.title, person, action: request.url, values: {}, backLink: { href: paths.people.view(person.id) } });
    });

    app.post<LinkParams>(link.path, write, async (request, reply) => {
      const actor = actorOf(request);
      const form = parseForm(endLinkSchema, request.body);
      if (!form.ok) {
        const person = await people.forEdit(actor, request.params.id);
        return reply.code(400).view(views.endLink, {
          title: link.title,
          person,
          action: request.url,
          values: submittedText(request.body),
          backLink: { href: paths.people.view(person.id) },
          ...presentErrors(form.errors),
        });
      }
      await link.end(actor, request.params.id, request.params.linkId, form.value.ended_reason, londonToday());
      flash(request, link.done);
      return reply.redirect(paths.people.view(request.params.id), 303);
    });
  }

  app.get<IdParams>('/people/:id/carers/new', write, async (request, reply) => {
    const person = await people.forEdit(actorOf(request), request.params.id);
    return reply.view(views.carer, { title: 'Link an unpaid carer', person, values: {}, backLink: { href: paths.people.view(person.id) } });
  });

  app.post<IdParams>('/people/:id/carers/new', write, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(carerLinkSchema, request.body);
    const result = form.ok ? await attempt(() => people.linkCarer(actor, request.params.id, form.value.carer_reference, form.value.relationship)) : form;
    if (!result.ok) {
      const person = await people.forEdit(actor, request.params.id);
      return reply.code(400).view(views.carer, {
        title: 'Link an unpaid carer',
        person,
        values: submittedText(request.body),
        backLink: { href: paths.people.view(person.id) },
        ...presentErrors(result.errors),
      });
    }
    flash(request, 'Carer linked');
    return reply.redirect(paths.people.view(request.params.id), 303);
  });

  app.get<IdParams>('/people/:id/history', { preHandler: [allow('people:history')] }, async (request, reply) => {
    const { person, entries } = await people.history(actorOf(request), request.params.id);
    return reply.view(views.history, {
      title: `Record history: ${present.fullName(person)}`,
      person,
      table: present.historyTable(entries),
      backLink: { href: paths.people.view(person.id) },
    });
  });
}
