import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { teamsVisibleTo } from '../../policies/people.js';
import { dateParts, presentErrors } from '../../web/forms.js';
import { type Context, type ContextAfter, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { teamsNamed } from '../people/repository.js';
import { concludeContact, recordContact } from './record-contact.js';
import { type ContactRecord, contactById, openContactsIn } from './repository.js';
import { contactSummary, newContactOptions, outcomeItems, worklistTable } from './presenters.js';
import { type Conclusion, concludeSchema, newContactSchema } from './schemas.js';

/** The front door: contacts and referrals, the duty team's worklist, and what came of each. */

type Values = Record<string, unknown>;
type Errors = { field: string; message: string }[];
const WORKLIST_LIMIT = 200;

const teamsOf = (ctx: Context) => teamsNamed(ctx.db, teamsVisibleTo(ctx.actor));

function newPage(teams: { id: string; name: string }[], values: Values, errors?: Errors) {
  return page('front-door/views/new.njk', {
    title: 'Record a contact or referral',
    values,
    options: newContactOptions(values, teams),
    backLink: { href: paths.frontDoor.worklist(), text: 'Front door' },
    ...presentErrors(errors, { received_on: 'received_on-day', known: 'known', client_type: 'client_type', contact_from: 'contact_from', contact_method: 'contact_method' }),
  });
}

function contactPage(ctx: ContextAfter, r: ContactRecord, values: Values | null, errors?: Errors) {
  const open = !r.contact.outcome;
  return page(
    'front-door/views/contact.njk',
    {
      title: 'Contact or referral',
      caption: `${r.person.given_name} ${r.person.family_name} (${r.person.reference})`,
      summary: contactSummary(r, can(ctx.actor, 'person:read', r.person)),
      canConclude: open && can(ctx.actor, 'contact:write', r),
      assess: !open && r.contact.outcome === 'Progress to assessment, review or reassessment' && can(ctx.actor, 'person:read', r.person) ? paths.people.view(r.person.id) : null,
      values: values ?? dateParts('concluded_on', ctx.today),
      outcomes: outcomeItems(typeof values?.outcome === 'string' ? values.outcome : undefined),
      version: r.contact.version,
      backLink: { href: paths.frontDoor.worklist(), text: 'Front door' },
      ...presentErrors(errors, { concluded_on: 'concluded_on-day' }),
    },
    { noStore: true },
  );
}

const loadContact = (ctx: Context, params: { id: string }) => contactById(ctx.db, params.id);
const viewed = (r: ContactRecord) => ({ action: 'contact.viewed', subjectType: 'contact', subjectId: r.contact.id, personId: r.person.id });

export const frontDoorRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/front-door',
    access: 'people:write',
    load: (ctx) => openContactsIn(ctx.db, teamsVisibleTo(ctx.actor), WORKLIST_LIMIT),
    respond: (_ctx, open) =>
      page('front-door/views/worklist.njk', {
        title: 'Front door',
        table: open.rows.length ? worklistTable(open) : null,
        more: open.total > open.rows.length ? `Showing the oldest ${open.rows.length} of ${open.total} contacts waiting.` : null,
        total: open.total,
        create: paths.frontDoor.create(),
      }, { noStore: true }),
  }),
  route({ method: 'GET', url: '/front-door/new', access: 'people:write', load: teamsOf, respond: (ctx, teams) => newPage(teams, dateParts('received_on', ctx.today)) }),
  route({
    method: 'POST',
    url: '/front-door/new',
    access: 'people:write',
    load: teamsOf,
    form: (ctx) => newContactSchema(teamsVisibleTo(ctx.actor)),
    dates: ['received_on'],
    command: (ctx, _teams, f) => recordContact(ctx, f),
    invalid: (_ctx, teams, problems) => newPage(teams, problems.values, problems.errors),
    respond: (_ctx, _teams, result) => redirect(paths.frontDoor.view(result.contactId), result.created ? `Contact recorded, with a new record ${result.person.reference}` : 'Contact recorded'),
  }),
  route({ method: 'GET', url: '/front-door/:id', access: 'people:read', params: idParams, load: loadContact, allow: (a: StaffActor, r: ContactRecord) => can(a, 'contact:read', r), viewed, respond: (ctx, r: ContactRecord) => contactPage(ctx, r, null) }),
  route({
    method: 'POST',
    url: '/front-door/:id',
    access: 'people:write',
    params: idParams,
    load: loadContact,
    allow: (a: StaffActor, r: ContactRecord) => can(a, 'contact:write', r),
    form: concludeSchema,
    dates: ['concluded_on'],
    command: (ctx, r: ContactRecord, f: Conclusion) => concludeContact(ctx, r, f),
    invalid: (ctx, r: ContactRecord, problems) => contactPage(ctx, r, problems.values, problems.errors),
    respond: (_ctx, r: ContactRecord) => redirect(paths.frontDoor.view(r.contact.id), 'Outcome recorded'),
  }),
];

