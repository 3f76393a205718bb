import { z } from 'zod';
import type { Person } from '../../db/schema.js';
import { interpretSearch } from '../../domain/people/search.js';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { fullName } from '../people/presenters.js';
import { pageQuery, pagination } from '../../web/pagination.js';
import { personById, teamsNamed } from '../people/repository.js';
import { allocatePerson } from './allocation.js';
import { OUT_OF_TEAM_HOURS, openWithReason } from './duty-access.js';
import { loadMyCases } from './my-cases.js';
import * as present from './presenters.js';
import { allTeams, caseloadsOf, currentAllocation, findAnyPerson, outOfTeamAccessTo, unallocatedPeople, workersOf } from './repository.js';
import { allocateSchema, outsideSearchSchema, reasonSchema, transferSchema } from './schemas.js';
import { transferPerson } from './transfer.js';

/** My cases, caseloads and allocation, transfers, and opening a record from outside its team. */

const PAGE_SIZE = 25;
const viewed = (person: Person, action = 'person.viewed') => ({ action, subjectType: 'person', subjectId: person.id, personId: person.id });
type Problems = { field: string; message: string }[] | undefined;

async function loadForAllocation(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  if (!person) return undefined;
  const [workers, current] = await Promise.all([workersOf(ctx.db, person.team_id), currentAllocation(ctx.db, person.id)]);
  return { person, workers, current };
}
type ForAllocation = NonNullable<Awaited<ReturnType<typeof loadForAllocation>>>;

const allocationPage = (r: ForAllocation, values: Record<string, unknown> = {}, errors?: Problems) =>
  page(
    'casework/views/allocate.njk',
    {
      title: r.current ? `Reallocate ${fullName(r.person)}` : `Allocate ${fullName(r.person)}`,
      caption: r.person.reference,
      current: r.current ? `Allocated to ${r.current.worker_name} since ${formatDateTime(r.current.allocated_at)}` : 'Not allocated to a worker',
      workers: present.workerItems(r.workers, typeof values.worker === 'string' ? values.worker : undefined, r.current?.worker_id),
      backLink: { href: paths.people.view(r.person.id) },
      ...presentErrors(errors),
    },
    errors ? { status: 400 } : { noStore: true },
  );

async function loadForTransfer(ctx: Context, params: { id: string }) {
  const person = await personById(ctx.db, params.id);
  return person ? { person, teams: await allTeams(ctx.db) } : undefined;
}
type ForTransfer = NonNullable<Awaited<ReturnType<typeof loadForTransfer>>>;

const transferPage = (r: ForTransfer, values: Record<string, unknown> = {}, errors?: Problems) =>
  page(
    'casework/views/transfer.njk',
    {
      title: `Transfer ${fullName(r.person)} to another team`,
      caption: r.person.reference,
      currentTeam: r.teams.find((t) => t.id === r.person.team_id)?.name ?? '',
      teams: present.teamItems(r.teams, r.person.team_id, typeof values.team === 'string' ? values.team : undefined),
      values: { version: String(r.person.version), ...values },
      backLink: { href: paths.people.view(r.person.id) },
      ...presentErrors(errors),
    },
    errors ? { status: 400 } : { noStore: true },
  );

async function loadForReason(ctx: Context, p: { id: string }) {
  const person = await personById(ctx.db, p.id);
  return person ? { person, teamName: (await teamsNamed(ctx.db, [person.team_id]))[0]?.name ?? '' } : undefined;
}

const reasonPage = (person: Person, teamName: string, values: Record<string, unknown> = {}, errors?: Problems) =>
  page('casework/views/open-with-reason.njk', { title: `Open the record of ${fullName(person)}`, caption: person.reference, teamName, hours: OUT_OF_TEAM_HOURS, values, backLink: { href: paths.casework.outsideTeams() }, ...presentErrors(errors) }, errors ? { status: 400 } : { noStore: true });

const outsidePage = (values: Record<string, unknown> = {}, errors?: Problems, found?: { href: string; name: string; reference: string; team: string; closed: boolean } | null) =>
  page('casework/views/outside-teams.njk', { title: 'Open a record outside your teams', values, found, searched: found !== undefined, hours: OUT_OF_TEAM_HOURS, ...presentErrors(errors) }, errors ? { status: 400 } : { noStore: true });

export const caseworkRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/my-cases',
    access: 'people:read',
    load: async (ctx, _p, request) => ({ cases: await loadMyCases(ctx), page: pageQuery.parse(request.query ?? {}).page }),
    respond: (ctx, c) => page('casework/views/my-cases.njk', present.myCasesPage(c.cases, ctx.today, c.page), { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/caseloads',
    access: 'caseload:allocate',
    load: async (ctx, _params, request) => {
      const { page: number } = pageQuery.parse(request.query ?? {});
      const [caseloads, unallocated, teams] = await Promise.all([caseloadsOf(ctx.db, ctx.actor.teamIds), unallocatedPeople(ctx.db, ctx.actor.teamIds, { limit: PAGE_SIZE, offset: (number - 1) * PAGE_SIZE }), teamsNamed(ctx.db, ctx.actor.teamIds)]);
      return { caseloads, unallocated, page: number, teams };
    },
    respond: (_ctx, r) =>
      page('casework/views/caseloads.njk', {
        title: 'Caseloads',
        teams: r.teams.map((t) => t.name).join(', '),
        caseloads: r.caseloads.length ? present.caseloadTable(r.caseloads, r.teams.length > 1) : null,
        unallocated: r.unallocated.total ? present.unallocatedTable(r.unallocated.people, r.unallocated.total) : null,
        pagination: pagination(r.page, PAGE_SIZE, r.unallocated.total, paths.casework.caseloads()),
      }),
  }),
  route({ method: 'GET', url: '/people/:id/allocate', access: 'caseload:allocate', params: idParams, load: loadForAllocation, allow: (a, r: ForAllocation) => can(a, 'person:allocate', r.person), viewed: (r: ForAllocation) => viewed(r.person), respond: (_ctx, r: ForAllocation) => allocationPage(r) }),
  route({
    method: 'POST',
    url: '/people/:id/allocate',
    access: 'caseload:allocate',
    params: idParams,
    load: loadForAllocation,
    allow: (a, r: ForAllocation) => can(a, 'person:allocate', r.person),
    form: allocateSchema,
    command: (ctx, r: ForAllocation, f: z.infer<typeof allocateSchema>) => allocatePerson(ctx, r.person, f),
    invalid: (_ctx, r: ForAllocation, problems) => allocationPage(r, problems.values, problems.errors),
    respond: (_ctx, r: ForAllocation, o) => redirect(paths.people.view(r.person.id), o.changed ? `${fullName(r.person)} is allocated to ${o.worker}` : `${fullName(r.person)} was already allocated to ${o.worker}`),
  }),
  route({ method: 'GET', url: '/people/:id/transfer', access: 'people:write', params: idParams, load: loadForTransfer, allow: (a, r: ForTransfer) => can(a, 'person:transfer', r.person), viewed: (r: ForTransfer) => viewed(r.person), respond: (_ctx, r: ForTransfer) => transferPage(r) }),
  route({
    method: 'POST',
    url: '/people/:id/transfer',
    access: 'people:write',
    params: idParams,
    load: loadForTransfer,
    allow: (a, r: ForTransfer) => can(a, 'person:transfer', r.person),
    form: transferSchema,
    command: (ctx, r: ForTransfer, f: z.infer<typeof transferSchema>) => transferPerson(ctx, r.person, f),
    invalid: (_ctx, r: ForTransfer, problems) => transferPage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ForTransfer) => transferPage(r, {}, [{ field: 'team', message: 'Someone else changed this record while you were working on it. Check it is still right to transfer them, then try again' }]),
    respond: (_ctx, r: ForTransfer, o) => redirect(o.stillReadable ? paths.people.view(r.person.id) : paths.casework.myCases(), `${fullName(r.person)} has moved to ${o.team}.${o.stillReadable ? '' : ' Your teams no longer have access to their record'}`),
  }),
  route({ method: 'GET', url: '/people/outside-your-teams', access: 'people:duty', respond: () => outsidePage() }),
  // A POST, so a reference or NHS number never appears in a URL; found or not, the search is audited.
  route({
    method: 'POST',
    url: '/people/outside-your-teams',
    access: 'people:duty',
    form: outsideSearchSchema,
    command: async (ctx, _r, f: z.infer<typeof outsideSearchSchema>) => {
      const term = interpretSearch(f.query);
      const found = term.kind === 'reference' ? await findAnyPerson(ctx.db, { reference: term.value }) : term.kind === 'nhs-number' ? await findAnyPerson(ctx.db, { nhsNumber: term.value }) : undefined;
      await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'people.searched-outside-teams', subjectType: 'search', subjectId: term.kind, after: { query: f.query, found: found?.id ?? null } });
      return { term, found };
    },
    invalid: (_ctx, _r, problems) => outsidePage(problems.values, problems.errors),
    respond: (ctx, _r, { term, found }) => {
      if (term.kind !== 'reference' && term.kind !== 'nhs-number') return outsidePage({}, [{ field: 'query', message: 'Enter their full reference, like AC-1234, or their 10-digit NHS number' }]);
      const inTeam = found && ctx.actor.teamIds.includes(found.team_id);
      return outsidePage({}, undefined, found ? { href: inTeam ? paths.people.view(found.id) : paths.casework.openWithReason(found.id), name: fullName(found), reference: found.reference, team: found.team_name, closed: Boolean(found.closed_on) } : null);
    },
  }),
  route({
    method: 'GET',
    url: '/people/:id/open-with-reason',
    access: 'people:duty',
    params: idParams,
    load: loadForReason,
    allow: (a, r) => can(a, 'person:open-with-reason', r.person),
    viewed: (r) => viewed(r.person, 'person.looked-up-outside-team'),
    respond: (_ctx, r) => reasonPage(r.person, r.teamName),
  }),
  route({
    method: 'POST',
    url: '/people/:id/open-with-reason',
    access: 'people:duty',
    params: idParams,
    load: loadForReason,
    allow: (a, r) => can(a, 'person:open-with-reason', r.person),
    form: reasonSchema,
    command: (ctx, r, f: z.infer<typeof reasonSchema>) => openWithReason(ctx, r.person, f),
    invalid: (_ctx, r, problems) => reasonPage(r.person, r.teamName, problems.values, problems.errors),
    respond: (_ctx, r) => redirect(paths.people.view(r.person.id), `You can open this record for the next ${OUT_OF_TEAM_HOURS} hours. Your reason is shown to the ${r.teamName} managers`, 'important'),
  }),
  route({
    method: 'GET',
    url: '/access-report',
    access: 'case-access:review',
    load: async (ctx, _params, request) => {
      const { page: number } = pageQuery.parse(request.query ?? {});
      return { ...(await outOfTeamAccessTo(ctx.db, ctx.actor.teamIds, { limit: PAGE_SIZE, offset: (number - 1) * PAGE_SIZE })), page: number };
    },
    respond: (_ctx, r) =>
      page('casework/views/access-report.njk', { title: 'Records opened from outside their team', table: r.total ? present.accessReportTable(r.rows, r.total) : null, pagination: pagination(r.page, PAGE_SIZE, r.total, paths.casework.accessReport()) }, { noStore: true }),
  }),
];
