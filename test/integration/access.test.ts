import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ability } from '../../src/policies/index.js';
import { DEMO, type TestApp, Visitor, testApp } from '../helpers/app.js';

/**
 * Every route × every role, signed out, and as a worker of another team. A new route fails the
 * first test until it is added here with the rule it should follow.
 */
type Access = 'public' | 'signed-in' | Ability;

const RULES: Record<string, Access> = {
  'GET /health': 'public',
  'GET /accessibility': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /sign-out': 'signed-in',
  'GET /': 'signed-in',
  'GET /people': 'people:read',
  'POST /people/search': 'people:read',
  'GET /people/new': 'people:write',
  'POST /people/new': 'people:write',
  'GET /people/:id': 'people:read',
  'GET /people/:id/edit': 'people:write',
  'POST /people/:id/edit': 'people:write',
  'GET /people/:id/close': 'people:write',
  'POST /people/:id/close': 'people:write',
  'GET /people/:id/representatives/new': 'people:write',
  'POST /people/:id/representatives/new': 'people:write',
  'GET /people/:id/representatives/:linkId/end': 'people:write',
  'POST /people/:id/representatives/:linkId/end': 'people:write',
  'GET /people/:id/carers/new': 'people:write',
  'POST /people/:id/carers/new': 'people:write',
  'GET /people/:id/carers/:linkId/end': 'people:write',
  'POST /people/:id/carers/:linkId/end': 'people:write',
  'GET /people/:id/history': 'people:history',
  'GET /reports/people': 'reports:read',
  'POST /people/:id/assessments': 'assessments:write',
  'GET /assessments/:id/domains/:domain': 'assessments:write',
  'POST /assessments/:id/domains/:domain': 'assessments:write',
  'GET /assessments/:id/check': 'assessments:write',
  'POST /assessments/:id/check': 'assessments:write',
  'GET /assessments/:id': 'people:read',
  'GET /assessments/:id/print': 'people:read',
  'GET /assessments/:id/explanation.json': 'people:read',
  'GET /panel': 'panel:decide',
  'GET /panel/:id': 'panel:decide',
  'POST /panel/:id': 'panel:decide',
  'GET /directory': 'directory:read',
  'GET /directory/checks-due': 'directory:read',
  'GET /directory/export.csv': 'directory:read',
  'GET /directory/import': 'directory:manage',
  'POST /directory/import': 'directory:manage',
  'GET /directory/new': 'directory:manage',
  'POST /directory/new': 'directory:manage',
  'GET /directory/:id': 'directory:read',
  'GET /directory/:id/edit': 'directory:manage',
  'POST /directory/:id/edit': 'directory:manage',
  'GET /directory/:id/checks/new': 'directory:manage',
  'POST /directory/:id/checks/new': 'directory:manage',
  'GET /find-support': 'public',
  'GET /find-support/:id': 'public',
  'GET /schemes': 'schemes:manage',
  'GET /schemes/import': 'schemes:manage',
  'POST /schemes/import': 'schemes:manage',
  'GET /schemes/compare': 'schemes:manage',
  'GET /schemes/:id': 'schemes:manage',
  'GET /schemes/:id/export': 'schemes:manage',
  'GET /schemes/:id/publish': 'schemes:manage',
  'POST /schemes/:id/publish': 'schemes:manage',
  'GET /admin/users': 'users:manage',
  'GET /admin/users/new': 'users:manage',
  'POST /admin/users/new': 'users:manage',
  'GET /admin/users/:id/edit': 'users:manage',
  'POST /admin/users/:id/edit': 'users:manage',
  'GET /admin/teams': 'teams:manage',
  'GET /admin/teams/new': 'teams:manage',
  'POST /admin/teams/new': 'teams:manage',
  'GET /admin/teams/:id/edit': 'teams:manage',
  'POST /admin/teams/:id/edit': 'teams:manage',
  'POST /people/:id/plans': 'plans:write',
  'GET /plans/:id': 'plans:read',
  'GET /plans/:id/about': 'plans:write',
  'POST /plans/:id/about': 'plans:write',
  'GET /plans/:id/outcomes/new': 'plans:write',
  'POST /plans/:id/outcomes/new': 'plans:write',
  'GET /plans/:id/outcomes/:itemId': 'plans:write',
  'POST /plans/:id/outcomes/:itemId': 'plans:write',
  'POST /plans/:id/outcomes/:itemId/remove': 'plans:write',
  'GET /plans/:id/unpaid-support/new': 'plans:write',
  'POST /plans/:id/unpaid-support/new': 'plans:write',
  'GET /plans/:id/unpaid-support/:itemId': 'plans:write',
  'POST /plans/:id/unpaid-support/:itemId': 'plans:write',
  'POST /plans/:id/unpaid-support/:itemId/remove': 'plans:write',
  'GET /plans/:id/lines/new': 'plans:write',
  'POST /plans/:id/lines/new': 'plans:write',
  'GET /plans/:id/lines/:itemId': 'plans:write',
  'POST /plans/:id/lines/:itemId': 'plans:write',
  'POST /plans/:id/lines/:itemId/remove': 'plans:write',
  'GET /plans/:id/money': 'plans:write',
  'POST /plans/:id/money': 'plans:write',
  'POST /plans/:id/submit': 'plans:write',
  'GET /plans/:id/sign-off': 'plans:sign-off',
  'POST /plans/:id/sign-off': 'plans:sign-off',
  'GET /sign-off': 'plans:sign-off',
  'POST /plans/:id/revise': 'plans:write',
  'GET /plans/:id/support-start': 'plans:write',
  'POST /plans/:id/support-start': 'plans:write',
  'GET /plans/:id/changes': 'people:read',
  'GET /plans/:id/print': 'people:read',
  'GET /plans/:id/plan.pdf': 'people:read',
  'GET /reviews/:id': 'people:read',
  'POST /reviews/:id': 'plans:write',
  'GET /people/:id/safeguarding/new': 'safeguarding:write',
  'POST /people/:id/safeguarding/new': 'safeguarding:write',
  'GET /safeguarding/:id': 'safeguarding:write',
  'POST /safeguarding/:id': 'safeguarding:write',
  'GET /worklists': 'people:read',
  'GET /worklists/:step': 'people:read',
  'GET /analytics': 'analytics:run',
  'GET /analytics/calibrate': 'analytics:run',
  'POST /analytics/calibrate': 'analytics:run',
  'GET /analytics/simulate': 'analytics:run',
  'POST /analytics/simulate': 'analytics:run',
  'GET /analytics/equity': 'analytics:run',
  'POST /analytics/equity': 'analytics:run',
  'GET /analytics/runs/:id': 'analytics:run',
  'GET /analytics/runs/:id/results.:format': 'analytics:run',
  'POST /analytics/runs/:id/scheme': 'analytics:run',
  'GET /direct-payments': 'payments:manage',
  'GET /direct-payments/new/:id': 'payments:manage',
  'POST /direct-payments/new/:id': 'payments:manage',
  'GET /direct-payments/:id': 'payments:manage',
  'POST /direct-payments/:id/reclaims': 'payments:manage',
  'GET /direct-payments/:id/suspend': 'payments:manage',
  'POST /direct-payments/:id/suspend': 'payments:manage',
  'GET /direct-payments/spend/:year': 'payments:manage',
  'POST /statement-lines/:id/match': 'payments:manage',
  'GET /payment-runs': 'payments:manage',
  'POST /payment-runs': 'payments:manage',
  'GET /payment-runs/:id': 'payments:manage',
  'POST /payment-runs/:id/confirm': 'payments:manage',
  'GET /payment-runs/:id/payments.csv': 'payments:manage',
  'GET /statements/import': 'payments:manage',
  'POST /statements/import': 'payments:manage',
  'GET /reclaims/:id': 'payments:manage',
  'POST /reclaims/:id/decision': 'payments:manage',
  'POST /reclaims/:id/record': 'payments:manage',
  'GET /reclaims/:id/letter': 'payments:manage',
  'GET /dp-audits/:id': 'payments:manage',
  'POST /dp-audits/:id': 'payments:manage',
};

/** Which demo sign-ins hold each ability (the policy, written out independently). */
const HOLDERS: Record<Ability, string[]> = {
  'people:read': [DEMO.worker, DEMO.manager, DEMO.southWorker],
  'people:write': [DEMO.worker, DEMO.manager, DEMO.southWorker],
  'people:history': [DEMO.manager],
  'reports:read': [DEMO.analyst, DEMO.manager],
  'assessments:write': [DEMO.worker, DEMO.manager, DEMO.southWorker],
  'schemes:manage': [DEMO.analyst, DEMO.admin],
  'panel:decide': [DEMO.panel],
  'directory:read': Object.values(DEMO),
  'directory:manage': [DEMO.manager, DEMO.admin],
  'users:manage': [DEMO.admin],
  'teams:manage': [DEMO.admin],
  'plans:read': [DEMO.worker, DEMO.manager, DEMO.southWorker, DEMO.panel],
  'plans:write': [DEMO.worker, DEMO.manager, DEMO.southWorker],
  'plans:sign-off': [DEMO.worker, DEMO.manager, DEMO.southWorker, DEMO.panel],
  'safeguarding:write': [DEMO.worker, DEMO.manager, DEMO.southWorker],
  'analytics:run': [DEMO.analyst],
  'payments:manage': [DEMO.finance],
};

const STATIC = /^\/assets\//;
let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  const db = t.database.db;
  const person = await db.selectFrom('people').select('id').where('given_name', '=', 'Thomas').executeTakeFirstOrThrow(); // North team
  const representative = await db.selectFrom('representatives').select('id').where('person_id', '=', person.id).executeTakeFirstOrThrow();
  const margaret = await db.selectFrom('people').select('id').where('given_name', '=', 'Margaret').executeTakeFirstOrThrow();
  const link = await db.selectFrom('carer_links').select('id').where('cared_for_person_id', '=', margaret.id).executeTakeFirstOrThrow();
  const user = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.worker).executeTakeFirstOrThrow();
  const team = await db.selectFrom('teams').select('id').where('name', '=', 'North Locality Team').executeTakeFirstOrThrow();
  const grace = await db.selectFrom('people').select('id').where('given_name', '=', 'Grace').executeTakeFirstOrThrow();
  const manager = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.manager).executeTakeFirstOrThrow();
  const scheme = await db.selectFrom('ras_schemes').select('id').where('scheme_id', '=', 'anytown-adults').executeTakeFirstOrThrow();
  const carers = await db.selectFrom('ras_schemes').select('id').where('scheme_id', '=', 'anytown-carers').executeTakeFirstOrThrow();
  const inProgress = await db
    .insertInto('assessments')
    .values({ person_id: grace.id, kind: 'adult', scheme_row_id: scheme.id, scheme_id: 'anytown-adults', scheme_version: '2026.1', status: 'in-progress', started_by: manager.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const adultDoc = await db.selectFrom('ras_schemes').select('document').where('id', '=', scheme.id).executeTakeFirstOrThrow();
  const draftText = JSON.stringify({ ...(typeof adultDoc.document === 'string' ? JSON.parse(adultDoc.document) : adultDoc.document), version: '2027.1', effectiveFrom: '2027-04-01' });
  const draft = await db
    .insertInto('ras_schemes')
    .values({ scheme_id: 'anytown-adults', version: '2027.1', title: 'Draft', kind: 'adult', effective_from: '2027-04-01', status: 'draft', document: draftText, imported_by: 'test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const completed = await db.selectFrom('assessments').select('id').where('person_id', '=', margaret.id).executeTakeFirstOrThrow();
  const panelCase = await db.selectFrom('assessments').select('id').where('outcome', '=', 'panel-review').executeTakeFirstOrThrow();
  const priya = await db.selectFrom('people').select('id').where('given_name', '=', 'Priya').executeTakeFirstOrThrow();
  const priyaAssessment = await db.selectFrom('assessments').select('id').where('person_id', '=', priya.id).executeTakeFirstOrThrow();
  const item = { outcome: '11111111-1111-4111-8111-111111111111', unpaid: '22222222-2222-4222-8222-222222222222', line: '33333333-3333-4333-8333-333333333333' };
  const line = { id: item.line, description: 'Support at college', directoryEntryId: null, providerName: 'College support', providerKind: 'organisation', frequency: 'hours-a-week', quantityHundredths: 500, unitCostPence: 1500, needs: ['personal-care'], outcomes: [], management: 'council-managed', fundingStream: 'social-care', paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null };
  const draftPlan = await db
    .insertInto('support_plans')
    .values({ person_id: priya.id, assessment_id: priyaAssessment.id, plan_number: 1, status: 'draft', created_by: manager.id, updated_at: new Date(), outcomes: JSON.stringify([{ id: item.outcome, text: 'College', needs: ['personal-care'] }]), unpaid_support: JSON.stringify([{ id: item.unpaid, who: 'Mum', what: 'Meals', needs: ['eating'] }]), lines: JSON.stringify([line]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const panelPlan = await db
    .insertInto('support_plans')
    .values({ person_id: person.id, assessment_id: panelCase.id, plan_number: 1, status: 'awaiting-sign-off', sign_off_level: 'panel', submitted_at: new Date(), submitted_by: manager.id, created_by: manager.id, updated_at: new Date(), lines: JSON.stringify([line]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agreedPlan = await db.selectFrom('support_plans').select('id').where('person_id', '=', margaret.id).where('status', '=', 'agreed').executeTakeFirstOrThrow();
  const analyst = await db.selectFrom('staff_users').select('id').where('email', '=', DEMO.analyst).executeTakeFirstOrThrow();
  const run = await db
    .insertInto('analysis_runs')
    .values({ kind: 'calibration', title: 'Test calibration', parameters: JSON.stringify({ rows: 2 }), report: JSON.stringify({ groups: [{ id: 'older-people', n: 2, pencePerPoint: 250, fixedPence: 0, r2: 1 }], sample: [{ group: 'older-people', points: 10, cost: 2500 }], rows: 2 }), created_by: analyst.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agreement = await db.selectFrom('dp_agreements').select('id').executeTakeFirstOrThrow();
  const dpStatement = { weekly: { costPence: 1500, contributionPence: 0, councilPence: 1500 }, annual: { costPence: 78_000, contributionPence: 0, councilPence: 78_000 }, oneOffPence: 0, contributionLimitedToCost: false, directPayment: { grossWeeklyPence: 1500, netWeeklyPence: 1500, frequency: 'four-weekly', paymentPence: 6000, oneOffPence: 0 } };
  const dpPlan = await db
    .insertInto('support_plans')
    .values({ person_id: priya.id, assessment_id: priyaAssessment.id, plan_number: 2, status: 'agreed', sign_off_level: 'worker', agreed_on: '2026-11-01', agreed_at: new Date(), agreed_by: manager.id, created_by: manager.id, updated_at: new Date(), lines: JSON.stringify([{ ...line, management: 'direct-payment' }]), statement: JSON.stringify(dpStatement) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reclaim = await db
    .insertInto('reclaims')
    .values({ agreement_id: agreement.id, proposed_on: '2026-10-01', balance_pence: 100_000, surplus_pence: 50_000, proposed_pence: 10_000, explanation: JSON.stringify(['An explanation.']), status: 'waived', decided_pence: 0, decision_reason: 'Bills to pay', decided_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids = {
    ...item,
    run: run.id,
    agreement: agreement.id,
    dpPlan: dpPlan.id,
    reclaim: reclaim.id,
    paymentRun: (await db.selectFrom('payment_runs').select('id').executeTakeFirstOrThrow()).id,
    statementLine: (await db.selectFrom('statement_lines').select('id').where('transaction_id', '=', 'ATM-1').executeTakeFirstOrThrow()).id,
    dpAudit: (await db.selectFrom('dp_audits').select('id').executeTakeFirstOrThrow()).id,
    draftPlan: draftPlan.id,
    panelPlan: panelPlan.id,
    agreedPlan: agreedPlan.id,
    review: (await db.selectFrom('reviews').select('id').where('person_id', '=', margaret.id).executeTakeFirstOrThrow()).id,
    concern: (await db.selectFrom('safeguarding_concerns').select('id').where('person_id', '=', priya.id).executeTakeFirstOrThrow()).id,
    person: person.id,
    representative: representative.id,
    margaret: margaret.id,
    link: link.id,
    user: user.id,
    team: team.id,
    scheme: scheme.id,
    carers: carers.id,
    inProgress: inProgress.id,
    completed: completed.id,
    panelCase: panelCase.id,
    draft: draft.id,
    listed: (await db.selectFrom('directory_entries').select('id').where('public_listing', '=', true).executeTakeFirstOrThrow()).id,
  };
});
afterAll(async () => t?.close());


function urlFor(route: string): string {
  const [, path] = route.split(' ') as [string, string];
  if (path.includes('/carers/:linkId')) return path.replace(':id', ids.margaret!).replace(':linkId', ids.link!);
  if (path === '/worklists/:step') return '/worklists/plan';
  if (path === '/direct-payments/spend/:year') return '/direct-payments/spend/2026.csv';
  if (path.startsWith('/direct-payments/new/')) return path.replace(':id', ids.dpPlan!);
  if (path.startsWith('/direct-payments/')) return path.replace(':id', ids.agreement!);
  if (path.startsWith('/payment-runs/')) return path.replace(':id', ids.paymentRun!);
  if (path.startsWith('/statement-lines/')) return path.replace(':id', ids.statementLine!);
  if (path.startsWith('/reclaims/')) return path.replace(':id', ids.reclaim!);
  if (path.startsWith('/dp-audits/')) return path.replace(':id', ids.dpAudit!);
  if (path.startsWith('/analytics/runs/')) return path.replace(':id', ids.run!).replace(':format', 'csv');
  if (path.startsWith('/reviews/')) return path.replace(':id', ids.review!);
  if (path.startsWith('/safeguarding/')) return path.replace(':id', ids.concern!);
  if (path === '/plans/:id' || path.endsWith('/sign-off')) return path.replace(':id', ids.panelPlan!);
  if (/^\/plans\/:id\/(support-start|changes|print|plan\.pdf|revise)$/.test(path)) return path.replace(':id', ids.agreedPlan!);
  if (path.startsWith('/plans/')) {
    const itemId = path.includes('/outcomes/') ? ids.outcome! : path.includes('/unpaid-support/') ? ids.unpaid! : ids.line!;
    return path.replace(':id', ids.draftPlan!).replace(':itemId', itemId);
  }
  if (path.startsWith('/admin/users/')) return path.replace(':id', ids.user!);
  if (path.startsWith('/admin/teams/')) return path.replace(':id', ids.team!);
  if (path === '/schemes/compare') return `/schemes/compare?a=${ids.scheme}&b=${ids.carers}`;
  if (path.startsWith('/find-support/') || path.startsWith('/directory/:id')) return path.replace(':id', ids.listed!);
  if (path.endsWith('/publish')) return path.replace(':id', ids.draft!);
  if (path.startsWith('/schemes/')) return path.replace(':id', ids.scheme!);
  if (path.startsWith('/panel/')) return path.replace(':id', ids.panelCase!);
  if (path.includes('/domains/') || path.endsWith('/check')) return path.replace(':id', ids.inProgress!).replace(':domain', '1');
  if (path.startsWith('/assessments/')) return path.replace(':id', ids.completed!);
  return path.replace(':id', ids.person!).replace(':linkId', ids.representative!);
}

async function visit(visitor: Visitor, route: string) {
  const [method] = route.split(' ');
  return method === 'GET' ? visitor.get(urlFor(route)) : visitor.post(urlFor(route), {});
}

describe('access to every route', () => {
  it('every route the app serves has a rule here', () => {
    const served = t.app.registeredRoutes.filter((r) => !STATIC.test(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(served.sort()).toEqual(Object.keys(RULES).sort());
  });

  it('signed out: only public routes answer; the rest send you to sign in', async () => {
    for (const [route, access] of Object.entries(RULES)) {
      const response = await visit(new Visitor(t.app), route);
      if (access === 'public') {
        expect([200, 400], route).toContain(response.statusCode); // an empty sign-in form is a 400 with its errors
      } else {
        expect(response.statusCode, route).toBe(303);
        expect(response.headers.location, route).toBe('/sign-in');
      }
    }
  });

  for (const email of Object.values(DEMO)) {
    it(`as ${email}`, async () => {
      const visitor = new Visitor(t.app);
      await visitor.signIn(email);
      for (const [route, access] of Object.entries(RULES)) {
        if (route === 'POST /sign-out') continue; // would end this visitor's session; tested below
        const response = await visit(visitor, route);
        const allowed = access === 'public' || access === 'signed-in' || HOLDERS[access].includes(email);
        const otherTeam = email === DEMO.southWorker && /\/(people|assessments|plans|reviews|safeguarding)\/:id/.test(route);
        if (!allowed) expect(response.statusCode, route).toBe(403);
        else if (otherTeam) expect(response.statusCode, route).toBe(404);
        else if (route.startsWith('GET') && route !== 'GET /sign-in') expect(response.statusCode, route).toBe(200);
        else expect([400, 409, 303, 200], route).toContain(response.statusCode);
        expect(response.body, route).not.toContain('Sorry, there is a problem with the service');
      }
      const signOut = await visitor.post('/sign-out', {});
      expect(signOut.statusCode).toBe(303);
      expect((await visitor.get('/')).headers.location).toBe('/sign-in');
    });
  }

  it('an id from another team reads exactly like an id that does not exist', async () => {
    const visitor = new Visitor(t.app);
    await visitor.signIn(DEMO.southWorker);
    const strip = (body: string) => body.replace(/nonce="[^"]+"/g, '').replace(/value="[^"]+"/g, '');
    const other = await visitor.get(`/people/${ids.person}`);
    const missing = await visitor.get('/people/00000000-0000-4000-8000-000000000000');
    const nonsense = await visitor.get('/people/not-an-id');
    expect(other.statusCode).toBe(404);
    expect(strip(other.body)).toBe(strip(missing.body));
    expect(strip(nonsense.body)).toBe(strip(missing.body));
    expect(other.body).not.toContain('Thomas');
    const found = await visitor.post('/people/search', { query: 'Clarke' });
    expect(found.body).not.toContain('Thomas');
  });

  it('an administrator cannot open a case record', async () => {
    const visitor = new Visitor(t.app);
    await visitor.signIn(DEMO.admin);
    const response = await visitor.get(`/people/${ids.person}`);
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('Thomas');
  });

  it('a post without a CSRF token is refused with 403', async () => {
    const visitor = new Visitor(t.app);
    await visitor.signIn(DEMO.worker);
    const response = await visitor.post('/people/search', { query: 'Clarke' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    const signIn = await new Visitor(t.app).post('/sign-in', { email: DEMO.worker, password: 'demo-password-1' }, { csrf: false });
    expect(signIn.statusCode).toBe(403);
  });
});
