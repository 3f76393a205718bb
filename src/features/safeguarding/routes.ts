import { z } from 'zod';
import type { Person, SafeguardingConcern } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { formatDate } from '../../web/format.js';
import { dateParts, presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { fullName } from '../people/presenters.js';
import { personById } from '../people/repository.js';
import { versionSchema } from '../support-plans/schemas.js';
import { raiseConcern, updateConcern } from './concerns.js';
import { concernById } from './repository.js';
import { concernSchema, updateSchema } from './schemas.js';

type Values = Record<string, string | string[]>;
type Errors = { field: string; message: string }[];
type ConcernRecord = { concern: SafeguardingConcern; person: Person };

const updateForm = updateSchema.and(versionSchema);
const backToPerson = (person: { id: string }) => ({ href: paths.people.view(person.id), text: 'Back to the person’s record' });

const newPage = (person: Person, values: Values, errors?: Errors) =>
  page('safeguarding/views/concern.njk', { title: 'Record a safeguarding concern', caption: `${fullName(person)} (${person.reference})`, values, ...presentErrors(errors, { raised_on: 'raised_on-day' }), backLink: backToPerson(person) });

function updatePage({ concern, person }: ConcernRecord, values: Values | null, errors?: Errors) {
  return page(
    'safeguarding/views/update.njk',
    {
      title: 'Update a safeguarding concern',
      caption: `${fullName(person)} (${person.reference})`,
      concern: { raisedOn: formatDate(concern.raised_on), text: concern.concern, closed: concern.status === 'closed' },
      values: values ?? { action_taken: concern.action_taken, close: concern.status === 'closed' ? 'yes' : '', ...dateParts('closed_on', concern.closed_on) },
      version: concern.version,
      ...presentErrors(errors, { closed_on: 'closed_on-day' }),
      backLink: backToPerson(person),
    },
    { noStore: true },
  );
}

async function loadConcern(ctx: Context, params: { id: string }): Promise<ConcernRecord | undefined> {
  const concern = await concernById(ctx.db, params.id);
  const person = concern ? await personById(ctx.db, concern.person_id) : undefined;
  return concern && person ? { concern, person } : undefined;
}

const mayRaise = (actor: StaffActor, person: Person) => can(actor, 'concern:write', { person });
const mayUpdate = (actor: StaffActor, r: ConcernRecord) => can(actor, 'concern:write', r);

/** Safeguarding concerns, as data: casework staff for their teams' people. */
export const safeguardingRoutes: Route[] = [
  route({ method: 'GET', url: '/people/:id/safeguarding/new', access: 'safeguarding:write', params: idParams, load: (ctx, p) => personById(ctx.db, p.id), allow: mayRaise, respond: (ctx, person) => newPage(person, dateParts('raised_on', ctx.today)) }),
  route({
    method: 'POST',
    url: '/people/:id/safeguarding/new',
    access: 'safeguarding:write',
    params: idParams,
    load: (ctx, p) => personById(ctx.db, p.id),
    allow: mayRaise,
    form: concernSchema,
    dates: ['raised_on'],
    command: (ctx, person, f: z.infer<typeof concernSchema>) => raiseConcern(ctx, person, { raisedOn: f.raised_on, concern: f.concern, actionTaken: f.action_taken }),
    invalid: (_ctx, person, problems) => newPage(person, problems.values, problems.errors),
    respond: (_ctx, person) => redirect(paths.people.view(person.id), 'Safeguarding concern recorded'),
  }),
  route({
    method: 'GET',
    url: '/safeguarding/:id',
    access: 'safeguarding:write',
    params: idParams,
    load: loadConcern,
    allow: mayUpdate,
    viewed: (r: ConcernRecord) => ({ action: 'safeguarding.viewed', subjectType: 'safeguarding-concern', subjectId: r.concern.id, personId: r.person.id }),
    respond: (_ctx, r: ConcernRecord) => updatePage(r, null),
  }),
  route({
    method: 'POST',
    url: '/safeguarding/:id',
    access: 'safeguarding:write',
    params: idParams,
    load: loadConcern,
    allow: mayUpdate,
    form: updateForm,
    dates: ['closed_on'],
    command: (ctx, r: ConcernRecord, f: z.infer<typeof updateForm>) => updateConcern(ctx, r, f.version, { actionTaken: f.action_taken, closedOn: f.close ? f.closed_on : null }),
    invalid: (_ctx, r: ConcernRecord, problems) => updatePage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ConcernRecord, error) => ({ ...updatePage(r, null, [{ field: 'action_taken', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ConcernRecord, updated) => redirect(paths.people.view(r.person.id), updated.status === 'closed' ? 'Safeguarding concern closed' : 'Safeguarding concern updated'),
  }),
];
