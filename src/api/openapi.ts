import { type ZodType, z } from 'zod';
import { API_SCOPES } from './clients.js';
import type { ApiRoute } from './pipeline.js';
import { problem } from './schemas.js';

/**
 * The OpenAPI 3.1 document of the open API, made from the same route table and Zod schemas that
 * check requests (Zod's own JSON Schema output, draft 2020-12, which OpenAPI 3.1 uses), so the
 * document cannot drift from what the API does. Pure.
 */
const jsonSchema = (schema: ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** ':id' → '{id}'. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

const operationId = (route: ApiRoute) =>
  `${route.method.toLowerCase()}${route.url
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? 'By' + part.slice(1, 2).toUpperCase() + part.slice(2) : part.slice(0, 1).toUpperCase() + part.slice(1)))
    .join('')}`;

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

function parameters(route: ApiRoute) {
  const list: Record<string, unknown>[] = [];
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue;
    const shape = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(shape.properties ?? {})) {
      list.push({ name, in: where, required: where === 'path' || (shape.required ?? []).includes(name), schema: property, ...(property.description ? { description: property.description } : {}) });
    }
  }
  return list;
}

export function openApiDocument(routes: ApiRoute[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: operationId(route),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: [{ bearerToken: [route.scope] }],
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
      responses: {
        '200': { description: 'OK', content: { [route.contentType ?? 'application/json']: { schema: jsonSchema(route.response, 'output') } } },
        ...(route.body || route.query ? { '400': problemResponse('The request is not valid: each problem is named in errors') } : {}),
        '401': problemResponse('No token, or one that is unknown, expired or revoked'),
        '403': problemResponse(`The token does not have the scope ${route.scope}`),
        ...(route.params ? { '404': problemResponse('No such record, or not one this client may see') } : {}),
        '429': problemResponse('Too many requests from this token in a minute'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Selfdirect API',
      version: '1',
      summary: 'Self-directed support in adult social care: people, support plans and budgets, for the council’s other systems',
      description:
        'Registered clients only: an administrator registers each client with scopes and the teams whose people it may see, and gives it a bearer token that expires. Every read of a person’s record is in the audit trail as the client. Errors are RFC 9457 problem details. Money is integer pence.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: `A client's token, sent as Authorization: Bearer <token>. Scopes: ${Object.entries(API_SCOPES)
            .map(([scope, what]) => `${scope} (${what})`)
            .join('; ')}.`,
        },
      },
      schemas: { Problem: jsonSchema(problem, 'output') },
    },
  };
}
