import { z } from 'zod';
import { API_SCOPES, LONGEST_DAYS, SCOPE_NAMES, type ApiScope, apiClientById, listApiClients, registerApiClient, revokeApiClient } from '../../api/clients.js';
import { openApiDocument } from '../../api/openapi.js';
import { apiV1Routes } from '../../api/v1.js';
import { paths } from '../../paths.js';
import { presentErrors } from '../../web/forms.js';
import { formatDateTime } from '../../web/format.js';
import { type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { teamsWithCounts } from '../admin/repository.js';
import { apiReference, clientCards } from './presenters.js';

/**
 * The open API's clients, registered and revoked by administrators (ADR 0021), its OpenAPI
 * document and the reference for developers (both public: they hold nothing about anyone).
 */
const asList = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
const clientSchema = z.object({
  name: z.string({ error: 'Enter the system’s name' }).trim().min(1, 'Enter the system’s name').max(120, 'The name must be 120 characters or fewer'),
  scopes: z.preprocess(asList, z.array(z.enum(SCOPE_NAMES as [ApiScope, ...ApiScope[]])).min(1, 'Choose what the system may read')),
  teams: z.enum(['all', 'chosen'], { error: 'Choose whose records it may see' }),
  team_ids: z.preprocess(asList, z.array(z.uuid())),
  days: z.coerce.number({ error: 'Enter how many days the token lasts' }).int('Enter a whole number of days').min(1, 'The token must last at least a day').max(LONGEST_DAYS, `The token can last at most ${LONGEST_DAYS} days`),
}).refine((f) => f.teams === 'all' || f.team_ids.length > 0, { path: ['team_ids'], message: 'Choose at least one team' });
type ClientForm = z.infer<typeof clientSchema>;
type Teams = Awaited<ReturnType<typeof teamsWithCounts>>;

function formPage(teams: Teams, values: Record<string, unknown>, errors?: { field: string; message: string }[]) {
  const chosen = (name: string) => asList(values[name]).map(String);
  return page(
    'api-clients/views/form.njk',
    {
      title: 'Register a system to use the API',
      backLink: { href: paths.api.clients() },
      values: { name: values.name ?? '', days: values.days ?? '90' },
      scopes: SCOPE_NAMES.map((scope) => ({ value: scope, text: API_SCOPES[scope], hint: { text: scope }, checked: chosen('scopes').includes(scope) })),
      teamChoice: [
        { value: 'chosen', text: 'People in the teams chosen below', checked: values.teams !== 'all' },
        { value: 'all', text: 'Every team’s people (for the statutory reports, or a county-wide system)', checked: values.teams === 'all' },
      ],
      teams: teams.map((t) => ({ value: t.id, text: t.name, checked: chosen('team_ids').includes(t.id) })),
      ...presentErrors(errors, { scopes: 'scopes', teams: 'teams', team_ids: 'team_ids' }),
    },
    { status: errors ? 400 : 200 },
  );
}

export const apiClientRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/admin/api-clients',
    access: 'api-clients:manage',
    load: async (ctx) => ({ clients: await listApiClients(ctx.db), teams: await teamsWithCounts(ctx.db) }),
    respond: (_ctx, r) => page('api-clients/views/clients.njk', { title: 'Systems using the API', clients: clientCards(r.clients, r.teams, new Date()), links: { add: paths.api.newClient(), reference: paths.api.reference() } }),
  }),
  route({ method: 'GET', url: '/admin/api-clients/new', access: 'api-clients:manage', load: (ctx) => teamsWithCounts(ctx.db), respond: (_ctx, teams) => formPage(teams, {}) }),
  route({
    method: 'POST',
    url: '/admin/api-clients/new',
    access: 'api-clients:manage',
    load: (ctx) => teamsWithCounts(ctx.db),
    form: clientSchema,
    command: async (ctx, _teams, f: ClientForm) => {
      const made = await registerApiClient(ctx.db, { name: f.name, scopes: f.scopes, teamIds: f.teams === 'all' ? null : f.team_ids, days: f.days, createdBy: ctx.actor.id });
      await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'api-client.registered', subjectType: 'api-client', subjectId: made.id, after: { name: f.name, scopes: f.scopes, teams: f.teams === 'all' ? 'all' : f.team_ids, expiresAt: made.expiresAt.toISOString() } });
      return { ...made, name: f.name };
    },
    invalid: (_ctx, teams, problems) => formPage(teams, problems.values, problems.errors),
    // The token is shown once, here, and never kept: only its hash is.
    respond: (_ctx, _teams, made) => page('api-clients/views/registered.njk', { title: 'The system is registered', name: made.name, token: made.token, expires: formatDateTime(made.expiresAt), back: paths.api.clients() }, { noStore: true }),
  }),
  route({
    method: 'POST',
    url: '/admin/api-clients/:id/revoke',
    access: 'api-clients:manage',
    params: idParams,
    load: (ctx, p) => apiClientById(ctx.db, p.id),
    command: async (ctx, client) => {
      const revoked = await revokeApiClient(ctx.db, client.id);
      if (revoked) await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'api-client.revoked', subjectType: 'api-client', subjectId: client.id, after: { name: client.name } });
      return revoked;
    },
    respond: (_ctx, client, revoked) => redirect(paths.api.clients(), revoked ? `${client.name}’s token is revoked: it can no longer use the API` : `${client.name}’s token was already revoked`),
  }),
  route({
    method: 'GET',
    url: '/api/openapi.json',
    access: 'public',
    respond: (ctx) => ({ ...download('application/json; charset=utf-8', `${JSON.stringify(openApiDocument(apiV1Routes, ctx.config.publicUrl), null, 2)}\n`), noStore: false }),
  }),
  route({
    method: 'GET',
    url: '/api/docs',
    access: 'public',
    respond: (ctx) => page('api-clients/views/reference.njk', { title: 'Selfdirect API reference', ...apiReference(openApiDocument(apiV1Routes, ctx.config.publicUrl)) }),
  }),
];
