import { pagination } from '../../web/pagination.js';
import { z } from 'zod';
import { contactsOfPerson } from '../front-door/repository.js';
import type { Person } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { dateParts, presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route, uuid } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { historyRoutes } from './history.js';
import { searchRoutes } from './search.js';
import { assessmentsOfPerson } from '../assessments/repository.js';
import { reviewsOfPerson } from '../reviews/repository.js';
import { concernsAbout } from '../safeguarding/repository.js';
import { planVersionsOf } from '../support-plans/repository.js';
import { journeyOf } from '../worklists/repository.js';
import { addRepresentative, endCarerLink, endRepresentative, linkCarer } from './links.js';
import * as pages from './pages.js';
import * as present from './presenters.js';
import { closeRecord, openItems, openOnRecord } from './close-record.js';
import { createPerson, recordStatutoryDetails, updatePerson } from './record-person.js';
import * as people from './repository.js';
import { carerLinkSchema, closeSchema, endLinkSchema, personFormSchema, representativeSchema, statutoryDetailsSchema, versionSchema } from './schemas.js';
import { waitingCountFor } from '../messages/repository.js';
import { currentAllocation } from '../casework/repository.js';
import { latestConsentOf } from '../consent/repository.js';

/** People's records, as data: casework staff for their teams' people (src/policies/people.ts). */

export const PAGE_SIZE = 25;
/** Beyond this a page number names no page (and an offset never overflows). */
const LAST_PAGE = 100_000;
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(LAST_PAGE).catch(1).default(1),
  closed: z.literal('yes').optional().catch(undefined),
});
const linkParams = z.object({ id: uuid, linkId: uuid });
const personEditForm = (ctx: Context) => personFormSchema(teamsVisibleTo(ctx.actor)).and(versionSchema);

export const viewed = (person: Person) => ({ action: 'person.viewed', subjectType: 'person', subjectId: person.id, personId: person.id });
const loadPerson = (ctx: Context, params: { id: string }) => people.personById(ctx.db, params.id);
const changeable = (actor: StaffActor, person: Person) => can(actor, 'person:write', person);
const teamsOf = (ctx: Context) => people.teamsNamed(ctx.db, teamsVisibleTo(ctx.actor));

/** The person with the teams their form offers. */
const loadForForm = async (ctx: Context, params: { id: string }) => {
  const person = await loadPerson(ctx, params);
  return person ? { person, teams: await teamsOf(ctx) } : undefined;
};
type ForForm = NonNullable<Awaited<ReturnType<typeof loadForForm>>>;

/** Everything the person's page shows, once its policy has said yes (also run by the page benchmark's bare reference). */
export async function loadPersonPage(ctx: Context, params: { id: string }): Promise<pages.PersonPage | undefined> {
  const person = await loadPerson(ctx, params);
  if (!person || !can(ctx.actor, 'person:read', person)) return undefined;
  const [teams, representatives, carerLinks, assessments, plans, reviews, concerns, journey, waitingMessages, contacts, allocation, consent] = await Promise.all([
    teamsOf(ctx),
    people.representativesOf(ctx.db, person.id),
    people.carerLinksOf(ctx.db, person.id),
    assessmentsOfPerson(ctx.db, person.id),
    planVersionsOf(ctx.db, person.id),
    reviewsOfPerson(ctx.db, person.id),
    concernsAbout(ctx.db, person.id),
    journeyOf(ctx.db, teamsVisibleTo(ctx.actor), person.id, ctx.today),
    waitingCountFor(ctx.db, person.id),
    contactsOfPerson(ctx.db, person.id),
    currentAllocation(ctx.db, person.id),
    latestConsentOf(ctx.db, person.id),
  ]);
  // A duty worker reading from outside the team sees the team's name too.
  const teamName = teams.find((t) => t.id === person.team_id)?.name ?? (await people.teamsNamed(ctx.db, [person.team_id]))[0]?.name ?? '';
  return { person, teamName, representatives, carerLinks, assessments, plans, reviews, concerns, journey, waitingMessages, contacts, allocation: allocation ?? null, consent };
}

/** A small form about the person: close the record, add a representative or carer, end a link. */
function personForm(spec: { url: string; title: string; view: string; params?: typeof idParams | typeof linkParams; schema: z.ZodType; anchors?: Record<string, string>; extra?: (values: Record<string, unknown>) => Record<string, unknown>; values?: (person: Person) => Record<string, string>; dates?: string[]; command: (ctx: Context, person: Person, form: never, params: { linkId?: string }) => Promise<unknown>; done: string }): Route[] {
  const params = spec.params ?? idParams;
  const load = async (ctx: Context, p: { id: string; linkId?: string }) => {
    const person = await loadPerson(ctx, p);
    return person ? { person, linkId: p.linkId, action: spec.url.replace(':id', p.id).replace(':linkId', p.linkId ?? '') } : undefined;
  };
  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;
  const render = (r: Loaded, values: Record<string, unknown>, errors?: { field: string; message: string }[]) => page(spec.view, pages.personFormOf(spec.title, r.person, values, errors, { action: r.action, ...spec.extra?.(values) }, spec.anchors));
  return [
    route({ method: 'GET', url: spec.url, access: 'people:write', params, load, allow: (a, r: Loaded) => changeable(a, r.person), viewed: (r: Loaded) => viewed(r.person), respond: (_ctx, r: Loaded) => render(r, spec.values?.(r.person) ?? {}) }),
    route({
      method: 'POST',
      url: spec.url,
      access: 'people:write',
      params,
      load,
      allow: (a, r: Loaded) => changeable(a, r.person),
      form: spec.schema,
      ...(spec.dates ? { dates: spec.dates } : {}),
      command: (ctx, r: Loaded, f) => spec.command(ctx, r.person, f as never, { linkId: r.linkId }),
      invalid: (_ctx, r: Loaded, problems) => render(r, problems.values, problems.errors),
      respond: (_ctx, r: Loaded) => redirect(paths.people.view(r.person.id), spec.done),
    }),
  ];
}

/** Closing a record: what is still open is shown, and its direct payments end on the day chosen. */
function closeRoutes(): Route[] {
  const load = async (ctx: Context, p: { id: string }) => {
    const person = await loadPerson(ctx, p);
    return person ? { person, open: await openOnRecord(ctx.db, person, ctx.today) } : undefined;
  };
  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;
  const render = (ctx: { today: string }, r: Loaded, values: Record<string, unknown>, errors?: { field: string; message: string }[]) =>
    page('people/views/close.njk', pages.personFormOf('Close this record', r.person, values, errors, { action: paths.people.close(r.person.id), open: openItems(r.open) }, { payments_end_on: 'payments_end_on-day', concerns_checked: 'concerns_checked' }), { noStore: true });
  const access = { access: 'people:write' as const, params: idParams, load, allow: (a: StaffActor, r: Loaded) => changeable(a, r.person) };
  return [
    route({ ...access, method: 'GET', url: '/people/:id/close', viewed: (r: Loaded) => viewed(r.person), respond: (ctx, r: Loaded) => render(ctx, r, { version: String(r.person.version), ...dateParts('payments_end_on', ctx.today) }) }),
    route({
      ...access,
      method: 'POST',
      url: '/people/:id/close',
      form: closeSchema,
      dates: ['payments_end_on'],
      command: (ctx, r: Loaded, f: z.infer<typeof closeSchema>) => closeRecord(ctx, r.person, f),
      invalid: (ctx, r: Loaded, problems) => render(ctx, r, problems.values, problems.errors),
      respond: (_ctx, r: Loaded) => redirect(paths.people.view(r.person.id), r.open.payments.length ? `Record closed. ${r.open.payments.length === 1 ? 'Its direct payment ends' : 'Its direct payments end'}: no payment run pays for a day after the last day you chose` : 'Record closed'),
    }),
  ];
}

export const peopleRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/people',
    access: 'people:read',
    load: async (ctx, _params, request) => {
      const query = listQuery.parse(request.query ?? {});
      const includeClosed = query.closed === 'yes';
      const result = await people.listPeople(ctx.db, teamsVisibleTo(ctx.actor), { includeClosed, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
      return { ...result, page: query.page, includeClosed };
    },
    respond: (_ctx, r) =>
      page('people/views/list.njk', {
        title: 'People',
        table: present.peopleTable(r.people, `${r.total} ${r.total === 1 ? 'person' : 'people'}${r.includeClosed ? '' : ' with open records'}`),
        pagination: pagination(r.page, PAGE_SIZE, r.total, paths.people.list() + (r.includeClosed ? '?closed=yes' : '')),
        includeClosed: r.includeClosed,
        empty: r.total === 0,
        query: '',
      }),
  }),
  ...searchRoutes,
  route({
    method: 'GET',
    url: '/people/new',
    access: 'people:write',
    load: teamsOf,
    respond: (_ctx, teams) => page('people/views/form.njk', pages.personFormPage(null, teams, { client_type: 'Service user', team_id: teams.length === 1 ? teams[0]!.id : '' })),
  }),
  route({
    method: 'POST',
    url: '/people/new',
    access: 'people:write',
    load: teamsOf,
    form: (ctx) => personFormSchema(teamsVisibleTo(ctx.actor)),
    command: (ctx, _teams, f) => createPerson(ctx, f),
    invalid: (_ctx, teams, problems) => page('people/views/form.njk', pages.personFormPage(null, teams, problems.values as present.PersonFormValues, problems.errors)),
    respond: (_ctx, _teams, person) => redirect(paths.people.view(person.id), `Record ${person.reference} created`),
  }),
  route({ method: 'GET', url: '/people/:id', access: 'people:read', params: idParams, load: loadPersonPage, allow: (a, r: pages.PersonPage) => can(a, 'person:read', r.person), viewed: (r: pages.PersonPage) => viewed(r.person), respond: (ctx, r: pages.PersonPage) => page('people/views/person.njk', pages.personPage(ctx.actor, ctx.today, r), { noStore: true }) }),
  route({ method: 'GET', url: '/people/:id/edit', access: 'people:write', params: idParams, load: loadForForm, allow: (a, r: ForForm) => changeable(a, r.person), viewed: (r: ForForm) => viewed(r.person), respond: (_ctx, r: ForForm) => page('people/views/form.njk', pages.personFormPage(r.person.id, r.teams, present.personFormValues(r.person))) }),
  route({
    method: 'POST',
    url: '/people/:id/edit',
    access: 'people:write',
    params: idParams,
    load: loadForForm,
    allow: (a, r: ForForm) => changeable(a, r.person),
    form: personEditForm,
    command: (ctx, r: ForForm, f) => updatePerson(ctx, r.person, f.version, f),
    invalid: (_ctx, r: ForForm, problems) => page('people/views/form.njk', pages.personFormPage(r.person.id, r.teams, problems.values as present.PersonFormValues, problems.errors)),
    // Show the record as it is now, and say why: the other person's change is never lost.
    conflict: (_ctx, r: ForForm) =>
      page('people/views/form.njk', pages.personFormPage(r.person.id, r.teams, present.personFormValues(r.person), [{ field: 'given_name', message: 'Someone else changed this record while you were editing it. Their changes are shown below. Make your changes again and save' }]), { status: 409 }),
    respond: (_ctx, r: ForForm) => redirect(paths.people.view(r.person.id), 'Record updated'),
  }),
  ...closeRoutes(),
  ...personForm({
    url: '/people/:id/statutory-details',
    title: 'Details for the statutory return',
    view: 'people/views/statutory-details.njk',
    schema: statutoryDetailsSchema,
    dates: ['date_of_death'],
    anchors: { date_of_death: 'date_of_death-day', has_unpaid_carer: 'has_unpaid_carer', autism_spectrum_disorder: 'autism_spectrum_disorder', visual_impairment: 'visual_impairment', hearing_impairment: 'hearing_impairment', dementia: 'dementia' },
    values: present.statutoryDetailsValues,
    extra: (values) => ({ options: present.statutoryDetailsOptions(values) }),
    command: (ctx, p, f: z.infer<typeof statutoryDetailsSchema>) => {
      const { version, ...details } = f;
      return recordStatutoryDetails(ctx, p, version, details);
    },
    done: 'Details for the statutory return saved',
  }),
  ...personForm({
    url: '/people/:id/representatives/new',
    title: 'Add a representative',
    view: 'people/views/representative.njk',
    schema: representativeSchema,
    anchors: { kind: 'kind' },
    extra: (values) => ({ kinds: present.representativeKindItems(typeof values.kind === 'string' ? values.kind : undefined) }),
    command: (ctx, p, f: z.infer<typeof representativeSchema>) => addRepresentative(ctx, p, f),
    done: 'Representative added',
  }),
  ...personForm({ url: '/people/:id/representatives/:linkId/end', params: linkParams, title: 'End a representative', view: 'people/views/end-link.njk', schema: endLinkSchema, command: (ctx, p, f: z.infer<typeof endLinkSchema>, { linkId }) => endRepresentative(ctx, p, linkId!, f.ended_reason), done: 'Representative ended' }),
  ...personForm({ url: '/people/:id/carers/new', title: 'Link an unpaid carer', view: 'people/views/carer.njk', schema: carerLinkSchema, command: (ctx, p, f: z.infer<typeof carerLinkSchema>) => linkCarer(ctx, p, f.carer_reference, f.relationship, f.hours_caring_per_week), done: 'Carer linked' }),
  ...personForm({ url: '/people/:id/carers/:linkId/end', params: linkParams, title: 'End a carer link', view: 'people/views/end-link.njk', schema: endLinkSchema, command: (ctx, p, f: z.infer<typeof endLinkSchema>, { linkId }) => endCarerLink(ctx, p, linkId!, f.ended_reason), done: 'Carer link ended' }),
  ...historyRoutes,
];
