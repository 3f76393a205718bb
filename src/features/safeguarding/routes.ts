import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.js';
import { ConflictError } from '../../errors.js';
import { paths } from '../../paths.js';
import { formatDate, londonToday } from '../../web/format.js';
import { dateParts, parseForm, presentErrors, submittedValues, withIsoDates } from '../../web/forms.js';
import { actorOf, allow, flash } from '../../web/session.js';
import { fullName } from '../people/presenters.js';
import { versionSchema } from '../support-plans/schemas.js';
import { concernSchema, updateSchema } from './schemas.js';

type IdParams = { Params: { id: string } };
type Values = Record<string, string | string[]>;

export function registerSafeguardingRoutes(app: FastifyInstance, { safeguarding }: Services) {
  const write = { preHandler: [allow('safeguarding:write')] };

  async function renderNew(reply: FastifyReply, person: { id: string; given_name: string; family_name: string; reference: string }, values: Values, errors?: { field: string; message: string }[], status = 200) {
    const { errorSummary, fieldErrors } = presentErrors(errors, { raised_on: 'raised_on-day' });
    return reply.code(status).view('safeguarding/views/concern.njk', {
      title: 'Record a safeguarding concern',
      caption: `${fullName(person)} (${person.reference})`,
      values,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.people.view(person.id), text: 'Back to the person’s record' },
    });
  }

  app.get<IdParams>('/people/:id/safeguarding/new', write, async (request, reply) => {
    const person = await safeguarding.personFor(actorOf(request), request.params.id);
    return renderNew(reply, person, dateParts('raised_on', londonToday()));
  });

  app.post<IdParams>('/people/:id/safeguarding/new', write, async (request, reply) => {
    const actor = actorOf(request);
    const person = await safeguarding.personFor(actor, request.params.id);
    const form = parseForm(concernSchema, withIsoDates(request.body, ['raised_on']));
    if (!form.ok) return renderNew(reply, person, submittedValues(request.body), form.errors, 400);
    await safeguarding.record(actor, person.id, { raisedOn: form.value.raised_on, concern: form.value.concern, actionTaken: form.value.action_taken });
    flash(request, 'Safeguarding concern recorded');
    return reply.redirect(paths.people.view(person.id), 303);
  });

  async function renderUpdate(request: { params: { id: string } } & Parameters<typeof actorOf>[0], reply: FastifyReply, values: Values | null, errors?: { field: string; message: string }[], status = 200) {
    const { concern, person } = await safeguarding.forUpdate(actorOf(request), request.params.id);
    const { errorSummary, fieldErrors } = presentErrors(errors, { closed_on: 'closed_on-day' });
    return reply.code(status).view('safeguarding/views/update.njk', {
      title: 'Update a safeguarding concern',
      caption: `${fullName(person)} (${person.reference})`,
      concern: { raisedOn: formatDate(concern.raised_on), text: concern.concern, closed: concern.status === 'closed' },
      values: values ?? { action_taken: concern.action_taken, close: concern.status === 'closed' ? 'yes' : '', ...dateParts('closed_on', concern.closed_on) },
      version: concern.version,
      errorSummary,
      fieldErrors,
      backLink: { href: paths.people.view(person.id), text: 'Back to the person’s record' },
    });
  }

  app.get<IdParams>('/safeguarding/:id', write, async (request, reply) => renderUpdate(request, reply, null));

  app.post<IdParams>('/safeguarding/:id', write, async (request, reply) => {
    const actor = actorOf(request);
    await safeguarding.forUpdate(actor, request.params.id);
    const values = submittedValues(request.body);
    const version = parseForm(versionSchema, request.body);
    const form = parseForm(updateSchema, withIsoDates(request.body, ['closed_on']));
    if (!form.ok) return renderUpdate(request, reply, values, form.errors, 400);
    try {
      if (!version.ok) throw new ConflictError();
      const updated = await safeguarding.update(actor, request.params.id, version.value.version, { actionTaken: form.value.action_taken, closedOn: form.value.close ? form.value.closed_on : null });
      flash(request, updated.status === 'closed' ? 'Safeguarding concern closed' : 'Safeguarding concern updated');
      return reply.redirect(paths.people.view(updated.person_id), 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return renderUpdate(request, reply, null, [{ field: 'action_taken', message: error.message }], 409);
    }
  });
}
