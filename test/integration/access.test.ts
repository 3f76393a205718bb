import { readFileSync } from 'node:fs';
import { inviteStaffUser } from '../../src/features/auth/invitations.js';
import { importChargingRules } from '../../src/features/charging/import-rules.js';
import { assessContribution } from '../../src/domain/charging/contribution.js';
import { anytownRules, circumstances } from '../helpers/charging.js';
import { registerApiClient } from '../../src/api/clients.js';
import { apiV1Routes } from '../../src/api/v1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import { SLICES } from '../../src/features/index.js';
import { type Ability, ROLES } from '../../src/policies/index.js';
import type { Access } from '../../src/web/route.js';
import { type TestApp, Visitor, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/**
 * Every route × every role, signed out, and as a worker of another team. The routes and the
 * access each declares come from the slices (src/features/index.ts); which roles hold each
 * ability is written out here independently of the policy. Every record is built by the
 * factories, for staff of this test's own teams.
 */
/** Readiness answers 503 to everyone here: the test app runs no job runner (src/web/health.ts). */
const READINESS = 'GET /health/ready';
/** The second step of signing in (ADR 0020) is only for a session waiting for it: anyone else is sent to sign in. */
const SECOND_STEP = new Set(['GET /sign-in/code', 'POST /sign-in/code', 'GET /sign-in/set-up-app', 'POST /sign-in/set-up-app']);

const RULES: Record<string, Access> = {
  'GET /health': 'public',
  'GET /health/ready': 'public',
  'GET /accessibility': 'public',
  ...Object.fromEntries(SLICES.flatMap((slice) => slice.routes.map((r) => [`${r.method} ${r.url}`, r.access]))),
};

const CASEWORK: Role[] = ['social-worker', 'team-manager'];
/** Which roles hold each ability (the policy, written out independently). */
const HOLDERS: Record<Ability, Role[]> = {
  'people:read': CASEWORK,
  'people:write': CASEWORK,
  'people:history': ['team-manager'],
  'reports:read': ['analyst', 'team-manager'],
  'returns:people': ['team-manager'],
  'assessments:write': CASEWORK,
  'schemes:manage': ['analyst', 'administrator'],
  'panel:decide': ['panel-member'],
  'directory:read': [...ROLES],
  'directory:manage': ['team-manager', 'administrator'],
  'directory:propose': [...CASEWORK, 'administrator'],
  'users:manage': ['administrator'],
  'jobs:manage': ['administrator'],
  'api-clients:manage': ['administrator'],
  'migration:import': ['administrator'],
  'teams:manage': ['administrator'],
  'plans:read': [...CASEWORK, 'panel-member'],
  'plans:write': CASEWORK,
  'plans:sign-off': [...CASEWORK, 'panel-member'],
  'safeguarding:write': CASEWORK,
  'analytics:run': ['analyst'],
  'payments:manage': ['finance-officer'],
  'case-access:review': ['team-manager'],
  'charging:rules': ['finance-officer', 'administrator'],
  'charging:assess': [...CASEWORK, 'finance-officer'],
  'charging:uprate': ['finance-officer'],
  'caseload:allocate': ['team-manager'],
  'people:duty': CASEWORK,
};

const STATIC = /^\/assets\//;
let t: TestApp;
let ids: Record<string, string>;
let receiptBy: string | undefined;
/** Staff of every role in this test's team, and a social worker of another team. */
let staff: Record<Role, string> & { otherTeamWorker: string };

beforeAll(async () => {
  t = await testApp();
  const make = factories(t.database.db);
  const [home, other] = [await make.team(), await make.team()];
  const accounts = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await make.staff(role, CASEWORK.includes(role) ? [home.id] : [])]))) as Record<Role, { id: string; email: string }>;
  const otherTeamWorker = await make.staff('social-worker', [other.id]);
  staff = { ...(Object.fromEntries(ROLES.map((r) => [r, accounts[r].email])) as Record<Role, string>), otherTeamWorker: otherTeamWorker.email };
  const by = accounts['team-manager'].id;

  const person = await make.person(home.id);
  const carer = await make.person(home.id, { client_type: 'Unpaid carer' });
  const representative = await make.representative(person);
  const link = await make.carerLink(person, carer);
  const inProgress = await make.assessment(carer, by, { status: 'in-progress' });
  const completed = await make.assessment(person, by);
  // The person's own new version of their plan, being written in My Selfdirect.
  const ownDraft = await make.plan(person, completed.id, by);
  // The person's own self-assessment under way in My Selfdirect.
  const ownInProgress = await make.assessment(person, by, { status: 'in-progress' });
  const panelCase = await make.assessment(await make.person(home.id), by, { outcome: 'panel-review' });
  const item = { outcome: '11111111-1111-4111-8111-111111111111', unpaid: '22222222-2222-4222-8222-222222222222' };
  const draftOwner = await make.person(home.id);
  const draftPlan = await make.plan(draftOwner, (await make.assessment(draftOwner, by)).id, by, {
    outcomes: [{ id: item.outcome, text: 'College', needs: ['personal-care'] }],
    unpaid: [{ id: item.unpaid, who: 'Mum', what: 'Meals', needs: ['eating'] }],
  });
  const panelPlan = await make.plan(await make.person(home.id), panelCase.id, by, { status: 'awaiting-sign-off', level: 'panel' });
  const agreedPlan = await make.plan(person, completed.id, by, { status: 'agreed' });
  const dpOwner = await make.person(home.id);
  const dpPlan = await make.plan(dpOwner, (await make.assessment(dpOwner, by)).id, by, { status: 'agreed', lines: [make.line({ management: 'direct-payment' })] });
  const agreement = await make.agreement(agreedPlan, by);
  const scheme = await t.database.db.selectFrom('ras_schemes').select('id').where('kind', '=', 'adult').where('status', '=', 'published').executeTakeFirstOrThrow();
  const carers = await t.database.db.selectFrom('ras_schemes').select('id').where('kind', '=', 'carer').where('status', '=', 'published').executeTakeFirstOrThrow();
  ids = {
    ...item,
    line: draftPlan.lines[0]!.id,
    person: person.id,
    representative: representative.id,
    carerFor: person.id,
    link: link.id,
    inProgress: inProgress.id,
    completed: completed.id,
    ownInProgress: ownInProgress.id,
    ownDraft: ownDraft.id,
    panelCase: panelCase.id,
    draftPlan: draftPlan.id,
    panelPlan: panelPlan.id,
    agreedPlan: agreedPlan.id,
    dpPlan: dpPlan.id,
    agreement: agreement.id,
    paymentRun: (await make.paymentRun(by)).id,
    statementLine: (await make.statementLine(agreement, by)).id,
    reclaim: (await make.reclaim(agreement.id, 'waived')).id,
    dpAudit: (await make.dpAudit(agreement.id)).id,
    review: (await make.review(agreedPlan)).id,
    concern: (await make.concern(person, by)).id,
    run: (await make.calibrationRun(accounts.analyst.id)).id,
    // The administrator's posts really run: a new invitation clears this account's password, so it is no one else's.
    user: (await make.staff('social-worker', [home.id])).id,
    team: home.id,
    scheme: scheme.id,
    carers: carers.id,
    draft: (await make.draftScheme()).id,
    listed: (await make.directoryEntry({ publicListing: true })).id,
    proposal: (await t.database.db.insertInto('directory_proposals').values({ name: 'Pat Proposed', reason: 'Known to the family', proposed_by: accounts['social-worker'].id }).returning('id').executeTakeFirstOrThrow()).id,
    variation: (await t.database.db.insertInto('dp_variations').values({ agreement_id: agreement.id, from_on: '2026-12-01', plan_id: dpPlan.id, previous_plan_id: agreedPlan.id, net_weekly_pence: 9_000, previous_weekly_pence: 7_500, created_by: by }).returning('id').executeTakeFirstOrThrow()).id,
    letter: (await t.database.db.insertInto('dp_letters').values({ agreement_id: agreement.id, kind: 'reclaim', subject_id: null, title: 'A letter', address: JSON.stringify(['A']), paragraphs: JSON.stringify(['B']), sent_on: '2026-12-01', sent_by: by }).returning('id').executeTakeFirstOrThrow()).id,
    invitation: (await inviteStaffUser(t.database.db, { id: null, label: 'test' }, (await make.staff('analyst', [])).id, 'new-account')).token,
    portalGrant: await (async () => {
      const account = await t.database.db.insertInto('portal_accounts').values({ email: 'access.person@example.com', display_name: 'Access Test' }).returning('id').executeTakeFirstOrThrow();
      const grant = (await t.database.db.insertInto('portal_grants').values({ account_id: account.id, person_id: person.id, representative_id: null, parts: ['plan'], invited_by: by }).returning('id').executeTakeFirstOrThrow()).id;
      // A representative given the plan only.
      const theirs = await t.database.db.insertInto('portal_accounts').values({ email: 'access.representative@example.com', display_name: 'Access Representative' }).returning('id').executeTakeFirstOrThrow();
      await t.database.db.insertInto('portal_grants').values({ account_id: theirs.id, person_id: person.id, representative_id: representative.id, parts: ['plan'], invited_by: by }).execute();
      receiptBy = account.id;
      return grant;
    })(),
    suspension: (await t.database.db.insertInto('dp_suspensions').values({ agreement_id: agreement.id, from_on: '2026-12-01', to_on: null, reason: 'In hospital' }).returning('id').executeTakeFirstOrThrow()).id,
    // An ended, reconciled account, for its ending letter.
    reconciled: await (async () => {
      const ended = await make.agreement(await make.plan(dpOwner, (await make.assessment(dpOwner, by)).id, by, { status: 'agreed' }), by);
      await t.database.db.updateTable('dp_agreements').set({ end_on: '2026-11-01', ended_because: 'died' }).where('id', '=', ended.id).execute();
      const values = { agreement_id: ended.id, as_of: '2026-11-02', end_on: '2026-11-01', balance_pence: 0, overpaid_pence: 0, owed_pence: 0, notice_pence: 0, holiday_pence: 0, redundancy_pence: 0, other_pence: 0, outcome: 'nothing' as const, amount_pence: 0, explanation: JSON.stringify(['Nothing']), notes: 'x', created_by: by };
      await t.database.db.insertInto('dp_final_reconciliations').values(values).execute();
      return ended.id;
    })(),
    migratedPlan: (await t.database.db.insertInto('support_plans').values({ person_id: dpOwner.id, assessment_id: null, plan_number: 9, status: 'agreed', lines: JSON.stringify([]), sign_off_level: 'worker', agreed_on: '2026-11-01', agreed_at: new Date(), statement: JSON.stringify({ weekly: { costPence: 0, contributionPence: 0, councilPence: 0 }, annual: { costPence: 0, contributionPence: 0, councilPence: 0 }, oneOffPence: 0, contributionLimitedToCost: false, directPayment: null }), created_by: null, migrated: true, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id,
    contact: (await t.database.db.insertInto('contacts').values({ person_id: person.id, team_id: home.id, received_on: '2026-11-02', contact_from: 'gp', contact_name: null, contact_method: 'letter', route_of_access: 'Community or other route', what_was_asked: 'A referral', event_reference: 'SD-Q-ACCESS', created_by: by }).returning('id').executeTakeFirstOrThrow()).id,
    ...(await (async () => {
      const rules = await t.database.db.selectFrom('charging_rules').select('id').where('financial_year', '=', '2025-26').executeTakeFirstOrThrow();
      const c = circumstances();
      const result = assessContribution(anytownRules(), c);
      const values = { status: 'completed' as const, entries: JSON.stringify({}), assessed_on: c.assessmentDate, rules_row_id: rules.id, circumstances: JSON.stringify(c), result: JSON.stringify(result), weekly_contribution_pence: result.weeklyContributionPence, reason: result.reason, started_by: by, completed_by: by, completed_at: new Date() };
      const faDone = (await t.database.db.insertInto('financial_assessments').values({ ...values, person_id: dpOwner.id }).returning('id').executeTakeFirstOrThrow()).id;
      const faDraft = (await t.database.db.insertInto('financial_assessments').values({ person_id: person.id, status: 'draft', entries: JSON.stringify({}), started_by: by }).returning('id').executeTakeFirstOrThrow()).id;
      // Worked out again for a new year, with the letter that went: its PDF (issue 18).
      const uprating = (await t.database.db.insertInto('charging_upratings').values({ rules_row_id: rules.id, effective_on: '2026-04-06', recalculated: 1, went_up: 1, went_down: 0, for_review: 0, confirmed_by: by }).returning('id').executeTakeFirstOrThrow()).id;
      const faUprated = (await t.database.db.insertInto('financial_assessments').values({ ...values, person_id: dpOwner.id, source: 'uprating', uprated_from: faDone, uprating_id: uprating }).returning('id').executeTakeFirstOrThrow()).id;
      const faEvidence = (await t.database.db.insertInto('financial_assessment_evidence').values({ financial_assessment_id: faDone, description: 'Bank statement', media_type: 'application/pdf', bytes: 9, content: Buffer.from('%PDF-1.4\n'), uploaded_by: by }).returning('id').executeTakeFirstOrThrow()).id;
      const chargingReminder = (await t.database.db.insertInto('charging_reminders').values({ person_id: person.id, financial_assessment_id: null, kind: 'change-reported', detail: 'A new pension', raised_by: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
      return { faDone, faDraft, faUprated, faEvidence, chargingReminder };
    })()),
    chargingRules: (await t.database.db.selectFrom('charging_rules').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id,
    chargingDraft: (await importChargingRules(t.database.db, { id: null, label: 'test' }, readFileSync(new URL('../../src/db/seed/charging/anytown-charging-2026-27.json', import.meta.url), 'utf8').replace('"anytown-charging"', '"access-charging"'))).id,
    otherTeamPerson: (await make.person(other.id)).id,
    ...(await (async () => {
      const note = await t.database.db.insertInto('case_notes').values({ person_id: person.id, kind: 'visit', happened_at: new Date('2026-11-02T10:00:00Z'), what_happened: 'A visit', written_by: by }).returning('id').executeTakeFirstOrThrow();
      const document = await t.database.db.insertInto('case_documents').values({ person_id: person.id, case_note_id: note.id, kind: 'letter', title: 'A letter', media_type: 'application/pdf', bytes: 9, sha256: 'x', content: Buffer.from('%PDF-1.4\n'), virus_scan: 'not-configured', uploaded_by: by }).returning('id').executeTakeFirstOrThrow();
      return { caseNote: note.id, caseDocument: document.id };
    })()),
    notice: (await t.database.db.insertInto('case_access_notices').values({ team_id: home.id, user_id: accounts['social-worker'].id, role: 'social-worker', change: 'account-created', given_by: 'test' }).returning('id').executeTakeFirstOrThrow()).id,
  };
  // A receipt the person sent for the flagged transaction.
  ids.apiClient = (await registerApiClient(t.database.db, { name: 'Access test ledger', scopes: ['people:read'], teamIds: null, days: 30, createdBy: null })).id;
  ids.receipt = (await t.database.db.insertInto('transaction_explanations').values({ statement_line_id: ids.statementLine!, person_id: person.id, explanation: 'Shopping for Mum', receipt: Buffer.from('%PDF-1.7 receipt'), receipt_type: 'application/pdf', receipt_bytes: 16, by_account: receiptBy!, as_label: 'Access Test, the person' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

function urlFor(route: string): string {
  const [, path] = route.split(' ') as [string, string];
  if (path.includes('/carers/:linkId')) return path.replace(':id', ids.carerFor!).replace(':linkId', ids.link!);
  if (path === '/worklists/:step') return '/worklists/plan';
  if (path === '/direct-payments/spend/:year') return '/direct-payments/spend/2026.csv';
  if (path === '/direct-payments/waiting/:queue') return '/direct-payments/waiting/audits-due';
  if (path.startsWith('/direct-payments/new/')) return path.replace(':id', ids.dpPlan!);
  if (path.startsWith('/direct-payments/:id/final/letter')) return path.replace(':id', ids.reconciled!);
  if (path.startsWith('/direct-payments/')) return path.replace(':id', ids.agreement!);
  if (path.startsWith('/payment-runs/')) return path.replace(':id', ids.paymentRun!);
  if (path.startsWith('/statement-lines/')) return path.replace(':id', ids.statementLine!);
  if (path.startsWith('/reclaims/')) return path.replace(':id', ids.reclaim!);
  if (path.startsWith('/dp-audits/')) return path.replace(':id', ids.dpAudit!);
  if (path.startsWith('/analytics/runs/')) return path.replace(':id', ids.run!).replace(':format', 'csv');
  if (path.startsWith('/reviews/')) return path.replace(':id', ids.review!);
  if (path.startsWith('/safeguarding/')) return path.replace(':id', ids.concern!);
  if (path === '/plans/:id/migrated') return path.replace(':id', ids.migratedPlan!);
  if (path === '/plans/:id' || path.endsWith('/sign-off')) return path.replace(':id', ids.panelPlan!);
  if (/^\/plans\/:id\/(support-start|changes|print|plan\.pdf|revise|person-agreement)$/.test(path)) return path.replace(':id', ids.agreedPlan!);
  if (path.startsWith('/plans/')) {
    const itemId = path.includes('/outcomes/') ? ids.outcome! : path.includes('/unpaid-support/') ? ids.unpaid! : ids.line!;
    return path.replace(':id', ids.draftPlan!).replace(':itemId', itemId);
  }
  if (path.startsWith('/front-door/:id')) return path.replace(':id', ids.contact!);
  if (path.startsWith('/admin/users/')) return path.replace(':id', ids.user!);
  if (path.startsWith('/admin/api-clients/')) return path.replace(':id', ids.apiClient!);
  if (path.startsWith('/access-notices/')) return path.replace(':id', ids.notice!);
  if (path.startsWith('/dp-variations/')) return path.replace(':id', ids.variation!);
  if (path.startsWith('/dp-suspensions/')) return path.replace(':id', ids.suspension!);
  if (path.startsWith('/my-selfdirect-grants/')) return path.replace(':id', ids.portalGrant!);
  if (/^\/my\/plans\/:id\/(about|outcomes\/new|unpaid-support\/new|lines\/new|send|remove)$/.test(path)) return path.replace(':id', ids.ownDraft!);
  if (path.startsWith('/my/plans/')) return path.replace(':id', ids.agreedPlan!);
  if (path.startsWith('/my/statement-lines/')) return path.replace(':id', ids.statementLine!);
  if (path.startsWith('/receipts/')) return path.replace(':id', ids.receipt!);
  if (path.startsWith('/my/self-assessments/')) return path.replace(':id', path.includes('/budget') ? ids.completed! : ids.ownInProgress!).replace(':number', '1');
  if (path.startsWith('/dp-letters/')) return path.replace(':id', ids.letter!);
  if (path === '/invitations/:token') return `/invitations/${ids.invitation}`;
  if (path.startsWith('/admin/teams/')) return path.replace(':id', ids.team!);
  if (path === '/schemes/compare') return `/schemes/compare?a=${ids.scheme}&b=${ids.carers}`;
  if (path.startsWith('/directory/proposals/:id')) return path.replace(':id', ids.proposal!);
  if (path.startsWith('/find-support/') || path.startsWith('/directory/:id')) return path.replace(':id', ids.listed!);
  if (path.startsWith('/charging/rules/')) return path.replace(':id', path.endsWith('/publish') ? ids.chargingDraft! : ids.chargingRules!);
  if (path.endsWith('/publish')) return path.replace(':id', ids.draft!);
  if (path.startsWith('/schemes/')) return path.replace(':id', ids.scheme!);
  if (path.startsWith('/panel/')) return path.replace(':id', ids.panelCase!);
  if (path.startsWith('/case-notes/')) return path.replace(':id', ids.caseNote!);
  if (path.startsWith('/case-documents/')) return path.replace(':id', ids.caseDocument!);
  if (path === '/people/:id/open-with-reason') return path.replace(':id', ids.otherTeamPerson!);
  if (path.startsWith('/financial-assessment-evidence/')) return path.replace(':id', ids.faEvidence!);
  if (path.startsWith('/charging-reminders/')) return path.replace(':id', ids.chargingReminder!);
  if (path === '/financial-assessments/:id/letter.pdf') return path.replace(':id', ids.faUprated!);
  if (path.startsWith('/financial-assessments/')) return path.replace(':id', /^\/financial-assessments\/:id(\/explanation\.json)?$/.test(path) ? ids.faDone! : ids.faDraft!);
  if (path.includes('/domains/') || path.endsWith('/check')) return path.replace(':id', ids.inProgress!).replace(':domain', '1');
  if (path.startsWith('/assessments/')) return path.replace(':id', ids.completed!);
  return path.replace(':id', ids.person!).replace(':linkId', ids.representative!);
}

async function visit(visitor: Visitor, route: string) {
  const [method] = route.split(' ');
  // A search's results open only for the one who searched: search first, then follow to them.
  if (route === 'GET /people/search/:id') {
    const sent = await visitor.post('/people/search', { query: 'Clarke' });
    return sent.statusCode === 303 && String(sent.headers.location).startsWith('/people/search/') ? visitor.get(String(sent.headers.location)) : sent;
  }
  return method === 'GET' ? visitor.get(urlFor(route)) : visitor.post(urlFor(route), {});
}

async function signedIn(email: string) {
  const visitor = new Visitor(t.app);
  await visitor.signIn(email, FACTORY_PASSWORD);
  return visitor;
}

describe('access to every route', () => {
  it('every route the app serves has a rule here', () => {
    // The open API's routes are checked with API clients' tokens, scope by scope (api.test.ts).
    const served = t.app.registeredRoutes.filter((r) => !STATIC.test(r.url) && !r.url.startsWith('/api/v1/')).map((r) => `${r.method} ${r.url}`);
    expect(served.sort()).toEqual(Object.keys(RULES).sort());
    expect(t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1/')).map((r) => `${r.method} ${r.url}`).sort()).toEqual(apiV1Routes.map((r) => `${r.method} ${r.url}`).sort());
  });

  it('signed out: only public routes answer; the rest send you to sign in', async () => {
    for (const [route, access] of Object.entries(RULES)) {
      const response = await visit(new Visitor(t.app), route);
      if (SECOND_STEP.has(route)) {
        expect(response.headers.location, route).toBe('/sign-in');
      } else if (access === 'public') {
        expect(route === READINESS ? [503] : [200, 400], route).toContain(response.statusCode); // an empty sign-in form is a 400 with its errors
      } else {
        expect(response.statusCode, route).toBe(303);
        expect(response.headers.location, route).toBe(access === 'portal' ? '/my/sign-in' : '/sign-in');
      }
    }
  });

  for (const who of [...ROLES, 'otherTeamWorker'] as const) {
    it(`as ${who}`, async () => {
      const visitor = await signedIn(staff[who]);
      const role: Role = who === 'otherTeamWorker' ? 'social-worker' : who;
      for (const [route, access] of Object.entries(RULES)) {
        if (route === 'POST /sign-out') continue; // would end this visitor's session; tested below
        const response = await visit(visitor, route);
        // My Selfdirect refuses staff sessions: its routes are for people and their representatives.
        const allowed = access === 'public' || access === 'signed-in' || (access !== 'portal' && HOLDERS[access].includes(role));
        const otherTeam = who === 'otherTeamWorker' && /\/(people|assessments|financial-assessments|financial-assessment-evidence|charging-reminders|plans|reviews|safeguarding|my-selfdirect-grants|front-door|case-notes|case-documents|directory\/proposals)\/:id/.test(route);
        if (!allowed) expect(response.statusCode, route).toBe(403);
        else if (otherTeam) expect(response.statusCode, route).toBe(404);
        else if (route === READINESS) expect(response.statusCode, route).toBe(503);
        else if (SECOND_STEP.has(route)) expect(response.headers.location, route).toBe('/sign-in');
        else if (route.startsWith('GET') && route !== 'GET /sign-in') expect(response.statusCode, route).toBe(200);
        else expect([400, 409, 303, 200], route).toContain(response.statusCode);
        expect(response.body, route).not.toContain('Sorry, there is a problem with the service');
      }
      const signOut = await visitor.post('/sign-out', {});
      expect(signOut.statusCode).toBe(303);
      expect((await visitor.get('/')).headers.location).toBe('/sign-in');
    });
  }

  it('as a person signed in to My Selfdirect: the portal answers, every staff route refuses', async () => {
    const citizen = new Visitor(t.app, '10.40.0.1');
    await citizen.get('/my/sign-in');
    await citizen.post('/my/sign-in', { email: 'access.person@example.com' });
    await citizen.get('/my/sign-in/code');
    const code = (await t.database.db.selectFrom('outbox_messages').select('personalisation').where('recipient', '=', 'access.person@example.com').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).personalisation.code!;
    expect((await citizen.post('/my/sign-in/code', { code })).headers.location).toBe('/my');
    for (const [route, access] of Object.entries(RULES)) {
      if (route === 'POST /my/sign-out') continue; // would end this visitor's session
      await citizen.get('/my');
      const response = await visit(citizen, route);
      if (access === 'public') expect(route === READINESS ? [503] : [200, 303, 400], route).toContain(response.statusCode);
      else if (access === 'portal') expect(route.startsWith('GET') ? [200] : [200, 303, 400], route).toContain(response.statusCode);
      else if (route === 'GET /') expect(response.headers.location, route).toBe('/my');
      else expect(response.statusCode, route).toBe(403);
      expect(response.body, route).not.toContain('Sorry, there is a problem with the service');
    }
  });

  it('as a representative given only the plan: the plan answers, the parts not given read as missing', async () => {
    const citizen = new Visitor(t.app, '10.40.0.2');
    await citizen.get('/my/sign-in');
    await citizen.post('/my/sign-in', { email: 'access.representative@example.com' });
    await citizen.get('/my/sign-in/code');
    const code = (await t.database.db.selectFrom('outbox_messages').select('personalisation').where('recipient', '=', 'access.representative@example.com').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).personalisation.code!;
    expect((await citizen.post('/my/sign-in/code', { code })).headers.location).toBe('/my');
    const PART_OF: [RegExp, string][] = [[/^\/my\/(plans\/|people\/:id\/plan$)/, 'plan'], [/^\/my\/(people\/:id\/self-assessment|self-assessments\/)/, 'assessment'], [/^\/my\/people\/:id\/(messages|ask-for-a-review|tell-us-about-a-change)$/, 'messages'], [/^\/my\/(people\/:id\/(money|contribution)|statement-lines\/)/, 'money']];
    for (const [route, access] of Object.entries(RULES)) {
      if (access !== 'portal' || route === 'POST /my/sign-out') continue;
      await citizen.get('/my');
      const response = await visit(citizen, route);
      const part = PART_OF.find(([pattern]) => pattern.test(route.split(' ')[1]!))?.[1];
      if (part === undefined || part === 'plan') expect(route.startsWith('GET') ? [200] : [200, 303, 400], route).toContain(response.statusCode);
      else expect(response.statusCode, route).toBe(404);
    }
  });

  it('an id from another team reads exactly like an id that does not exist', async () => {
    const visitor = await signedIn(staff.otherTeamWorker);
    const strip = (body: string) => body.replace(/nonce="[^"]+"/g, '').replace(/value="[^"]+"/g, '');
    const other = await visitor.get(`/people/${ids.person}`);
    const missing = await visitor.get('/people/00000000-0000-4000-8000-000000000000');
    const nonsense = await visitor.get('/people/not-an-id');
    expect(other.statusCode).toBe(404);
    expect(strip(other.body)).toBe(strip(missing.body));
    expect(strip(nonsense.body)).toBe(strip(missing.body));
    const person = await t.database.db.selectFrom('people').select(['given_name', 'family_name']).where('id', '=', ids.person!).executeTakeFirstOrThrow();
    expect(other.body).not.toContain(person.given_name);
    const found = await visitor.get(String((await visitor.post('/people/search', { query: person.family_name })).headers.location));
    expect(found.body).not.toContain(person.given_name);
  });

  it('an administrator cannot open a case record', async () => {
    const visitor = await signedIn(staff.administrator);
    const response = await visitor.get(`/people/${ids.person}`);
    expect(response.statusCode).toBe(403);
    const person = await t.database.db.selectFrom('people').select('given_name').where('id', '=', ids.person!).executeTakeFirstOrThrow();
    expect(response.body).not.toContain(person.given_name);
  });

  it('a post without a CSRF token is refused with 403', async () => {
    const visitor = await signedIn(staff['social-worker']);
    const response = await visitor.post('/people/search', { query: 'Clarke' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    const signIn = await new Visitor(t.app).post('/sign-in', { email: staff['social-worker'], password: FACTORY_PASSWORD }, { csrf: false });
    expect(signIn.statusCode).toBe(403);
  });
});
