import { z } from 'zod';
import type { Person, SafeguardingConcern } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { ABUSE_CATEGORIES, RISKS, type Risk, SECTION_42, type Section42, STAGES, type Stage } from '../../domain/safeguarding/concern.js';
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

/** Radios and the stage's select, with what was chosen. */
function choicesFor(values: Values) {
  const radios = (all: Record<string, string>, name: string) => Object.entries(all).map(([value, text]) => ({ value, text, checked: values[name] === value }));
  return {
    categories: radios(ABUSE_CATEGORIES, 'category'),
    risks: radios(RISKS, 'risk'),
    section42: radios(SECTION_42, 'section_42'),
    stages: [{ value: '', text: 'Choose the stage' }, ...Object.entries(STAGES).filter(([v]) => v !== 'closed').map(([value, text]) => ({ value, text, selected: values.stage === value }))],
  };
}

const updateForm = updateSchema.and(versionSchema);
const detailOf = (f: { risk: Risk; section_42: Section42; stage: Stage; who_told: string | null }) => ({ risk: f.risk, section42: f.section_42, stage: f.stage, whoTold: f.who_told });
const ANCHORS = { raised_on: 'raised_on-day', closed_on: 'closed_on-day', category: 'category', risk: 'risk', section_42: 'section_42' };
const backToPerson = (person: { id: string }) => ({ href: paths.people.view(person.id), text: 'Back to the person’s record' });

const newPage = (person: Person, values: Values, errors?: Errors) =>
  page('safeguarding/views/concern.njk', { title: 'Record a safeguarding concern', caption: `${fullName(person)} (${person.reference})`, values, choices: choicesFor(values), ...presentErrors(errors, ANCHORS), backLink: backToPerson(person) }, errors ? { status: 400 } : {});

function updatePage({ concern, person }: ConcernRecord, values: Values | null, errors?: Errors) {
  const current = values ?? { action_taken: concern.action_taken, close: concern.status === 'closed' ? 'yes' : '', ...dateParts('closed_on', concern.closed_on), risk: concern.risk ?? '', section_42: concern.section_42 ?? '', stage: concern.stage ?? '', who_told: concern.who_told ?? '' };
  return page(
    'safeguarding/views/update.njk',
    {
      title: 'Update a safeguarding concern',
      caption: `${fullName(person)} (${person.reference})`,
      concern: { raisedOn: formatDate(concern.raised_on), text: concern.concern, closed: concern.status === 'closed' },
      values: current,
      choices: choicesFor(current),
      category: concern.category ? ABUSE_CATEGORIES[concern.category] : 'Not recorded',
      version: concern.version,
      ...presentErrors(errors, ANCHORS),
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
  route({ method: 'GET', url: '/people/:id/safeguarding/new', access: 'safeguarding:write', params: idParams, load: (ctx, p) => personById(ctx.db, p.id), allow: mayRaise, respond: (ctx, person) => newPage(person, { ...dateParts('raised_on', ctx.today), stage: 'concern-received', section_42: 'not-decided' }) }),
  route({
    method: 'POST',
    url: '/people/:id/safeguarding/new',
    access: 'safeguarding:write',
    params: idParams,
    load: (ctx, p) => personById(ctx.db, p.id),
    allow: mayRaise,
    form: concernSchema,
    dates: ['raised_on'],
    command: (ctx, person, f: z.infer<typeof concernSchema>) => raiseConcern(ctx, person, { raisedOn: f.raised_on, category: f.category, concern: f.concern, actionTaken: f.action_taken, ...detailOf(f) }),
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
    command: (ctx, r: ConcernRecord, f: z.infer<typeof updateForm>) => updateConcern(ctx, r, f.version, { actionTaken: f.action_taken, closedOn: f.close ? f.closed_on : null, ...detailOf(f) }),
    invalid: (_ctx, r: ConcernRecord, problems) => updatePage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ConcernRecord, error) => ({ ...updatePage(r, null, [{ field: 'action_taken', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ConcernRecord, updated) => redirect(paths.people.view(r.person.id), updated.status === 'closed' ? 'Safeguarding concern closed' : 'Safeguarding concern updated'),
  }),
];
