import { API_SCOPES, type ApiScope } from '../../api/clients.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDateTime } from '../../web/format.js';

/** The API clients list and the developers' reference, from what the routes loaded: pure. */

interface ClientRow {
  id: string;
  name: string;
  scopes: string[];
  team_ids: string[] | null;
  token_hint: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

function state(c: ClientRow, now: Date): string {
  if (c.revoked_at) return `Revoked ${formatDateTime(c.revoked_at)}`;
  if (c.expires_at <= now) return `Expired ${formatDateTime(c.expires_at)}`;
  return `Works until ${formatDateTime(c.expires_at)}`;
}

/** Each registered system as a summary card, with its revoke button while its token works. */
export function clientCards(clients: ClientRow[], teams: { id: string; name: string }[], now: Date) {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return clients.map((c) => ({
    name: c.name,
    rows: [
      { key: { text: 'May read' }, value: { html: `<ul class="govuk-list">${c.scopes.map((s) => `<li>${escapeHtml(API_SCOPES[s as ApiScope] ?? s)} (${escapeHtml(s)})</li>`).join('')}</ul>` } },
      { key: { text: 'Whose records' }, value: { text: c.team_ids === null ? 'Every team' : c.team_ids.map((id) => teamName.get(id) ?? 'A team no longer here').join(', ') } },
      { key: { text: 'Token' }, value: { text: `Starts ${c.token_hint}. ${state(c, now)}` } },
      { key: { text: 'Registered' }, value: { text: formatDateTime(c.created_at) } },
      { key: { text: 'Last used' }, value: { text: c.last_used_at ? formatDateTime(c.last_used_at) : 'Not yet' } },
    ],
    revoke: c.revoked_at || c.expires_at <= now ? null : { action: paths.api.revokeClient(c.id), hidden: ` ${c.name}’s token` },
  }));
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: { bearerToken: string[] }[];
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

/** Each operation in words, with its schemas as JSON, grouped by tag. */
export function apiReference(doc: { info: { description: string }; paths: Record<string, Record<string, unknown>>; tags: { name: string }[] }) {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as Operation;
      const ok = o.responses['200']!;
      const [okType, okBody] = Object.entries(ok.content ?? {})[0] ?? ['', { schema: {} }];
      return {
        id: o.operationId,
        tag: o.tags[0] ?? '',
        heading: `${method.toUpperCase()} ${path}`,
        summary: o.summary,
        description: o.description ?? null,
        scope: o.security[0]?.bearerToken[0] ?? '',
        parameters: o.parameters.map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})${p.description ? `: ${p.description}` : ''}`),
        body: o.requestBody ? JSON.stringify(Object.values(o.requestBody.content)[0]!.schema, null, 2) : null,
        answer: { type: okType, schema: JSON.stringify(okBody.schema, null, 2) },
        refusals: Object.entries(o.responses).filter(([status]) => status !== '200').map(([status, r]) => `${status}: ${r.description}`),
      };
    }),
  );
  return {
    description: doc.info.description,
    links: { openApi: paths.api.openApi() },
    scopes: Object.entries(API_SCOPES).map(([scope, what]) => ({ key: { text: scope }, value: { text: what } })),
    groups: doc.tags.map((t) => ({ name: t.name, operations: operations.filter((o) => o.tag === t.name) })),
  };
}
