import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCell, importCell } from '../../src/batch/csv.js';
import { retireDemoAccounts, demoAccountsExist } from '../../src/features/admin/repository.js';
import { type TestApp, DEMO, Visitor, errorSummary, formValues, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';
import { documentOf } from '../../src/features/schemes/document.js';
import { PRODUCTION_MESSAGES } from '../helpers/production-env.js';

/**
 * Findings from the security review (issue 12), each shown fixed: a form post cannot break a
 * plan, control characters are refused, page numbers are bounded, CSV exports hold no formulas,
 * database errors reach the log without what was submitted, and demo accounts never sign in
 * where demo data is not allowed.
 */
let t: TestApp;
let make: ReturnType<typeof factories>;
let team: { id: string };
let worker: { id: string; email: string };
beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team();
  worker = await make.staff('social-worker', [team.id]);
});
afterAll(async () => t?.close());

async function signedIn(app = t, email = worker.email) {
  const v = new Visitor(app.app);
  await v.signIn(email, FACTORY_PASSWORD);
  return v;
}

const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;

describe('a support plan cannot be broken by what a form sends', () => {
  it('refuses a provider that is not a directory entry, naming the field, and the plan still opens', async () => {
    const person = await make.person(team.id);
    await make.assessment(person, worker.id);
    const v = await signedIn();
    const planId = (await v.post(`/people/${person.id}/plans`, {})).headers.location!.split('/').pop()!;
    const page = await v.get(`/plans/${planId}/lines/new`);
    const needs = html(page)('input[name="needs"]').map((_, el) => String(html(page)(el).attr('value'))).get();
    const line = { version: versionOf(page.body), description: 'Help', frequency: 'hours-a-week', quantity: '2', unit_cost: '15', needs: needs.slice(0, 1), management: 'council-managed', funding_stream: 'social-care', pays_relative: 'no' };
    for (const provider of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const refused = await v.post(`/plans/${planId}/lines/new`, { ...line, provider });
      expect(refused.statusCode, provider).toBe(400);
      expect(errorSummary(refused)).toContain('Choose who provides it from the directory, or choose “Someone not in the directory”');
    }
    for (const path of ['', '/about', '/money', '/lines/new', '/print']) expect((await v.get(`/plans/${planId}${path}`)).statusCode, path).toBe(200);
  });

  it('a plan whose stored line names no directory entry (data from before the check) still opens', async () => {
    const person = await make.person(team.id);
    const assessment = await make.assessment(person, worker.id);
    const plan = await make.plan(person, assessment.id, worker.id, { lines: [make.line({ directoryEntryId: 'not-a-uuid' })] });
    const v = await signedIn();
    for (const path of ['', '/about', '/money', '/lines/new', '/print']) expect((await v.get(`/plans/${plan.id}${path}`)).statusCode, path).toBe(200);
  });
});

describe('control characters', () => {
  it('a NUL or other control character in any field is a form problem, never a 500', async () => {
    const v = await signedIn();
    const created = await v.post('/people/new', { client_type: 'Service user', given_name: 'A\u0000B', family_name: 'Nul', team_id: team.id });
    expect(created.statusCode).toBe(400);
    expect(errorSummary(created)[0]).toMatch(/hidden character that cannot be saved/);
    expect((await v.post('/people/search', { query: 'x\u0000' })).statusCode).toBe(400);
    expect((await v.get('/directory?service=%00')).statusCode).toBe(400);
    expect((await v.get('/people?page=%00')).statusCode).toBe(400);
  });

  it('every form post in the app, with a NUL in its fields, answers without a server error', async () => {
    const routes = t.app.registeredRoutes.filter((r) => r.method === 'POST' && !r.url.includes('/:') && r.url !== '/sign-out');
    for (const email of [worker.email, (await make.staff('finance-officer')).email, (await make.staff('administrator')).email, (await make.staff('analyst')).email]) {
      const v = await signedIn(t, email);
      for (const r of routes) {
        const response = await v.post(r.url, { name: 'x\u0000', query: '\u0000', email: '\u0000@x', document: '{"a":"\u0000"}', csv: 'a\u0000' });
        expect(response.statusCode, `${email} ${r.url}`).toBeLessThan(500);
      }
    }
  });
});

it('a page number past the last page is the first page, never an overflow', async () => {
  const v = await signedIn();
  for (const page of ['99999999999999999999999', '-1', 'abc', '1e400']) expect((await v.get(`/people?page=${page}`)).statusCode, page).toBe(200);
});

describe('CSV exports hold no formulas', () => {
  it('a cell beginning = + - @, a tab or a carriage return is written as text; numbers are left alone', () => {
    for (const formula of ['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const cell = exportCell(formula);
      expect(cell.replace(/^"/, '').startsWith("'"), formula).toBe(true);
      expect(importCell(cell.replace(/^"|"$/g, '').replace(/""/g, '"'))).toBe(formula);
    }
    expect(exportCell('-123')).toBe('-123');
    expect(exportCell('-12.50')).toBe('-12.50');
    expect(exportCell('Ordinary name')).toBe('Ordinary name');
  });

  it('the directory export neutralises a formula name, and importing the file again keeps the name as it was', async () => {
    const manager = await make.staff('team-manager', [team.id]);
    const entry = await make.directoryEntry();
    await t.database.db.updateTable('directory_entries').set({ name: '=HYPERLINK("http://evil.example","Click")' }).where('id', '=', entry.id).execute();
    const v = await signedIn(t, manager.email);
    const exported = await v.get('/directory/export.csv');
    const row = exported.body.split('\n').find((l) => l.startsWith(entry.reference))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    const again = await v.post('/directory/import', { csv: exported.body });
    expect(again.statusCode).toBe(303);
    const stored = await t.database.db.selectFrom('directory_entries').select('name').where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(stored.name).toBe('=HYPERLINK("http://evil.example","Click")');
  });
});

describe('database errors reach the log without what was submitted', () => {
  it('logs an error by its kind and code, never the values in its message, query or parameters', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk) => lines.push(String(chunk)));
    const logged = await testApp({ logStream: stream });
    try {
      const db = logged.database.db;
      await sql`CREATE FUNCTION refuse_with_name() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'cannot save %', NEW.given_name; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER refuse_with_name BEFORE UPDATE ON people FOR EACH ROW WHEN (NEW.phone = '07700 900 999') EXECUTE FUNCTION refuse_with_name()`.execute(db);
      const here = factories(db);
      const home = await here.team();
      const staff = await here.staff('social-worker', [home.id]);
      const person = await here.person(home.id, { given_name: 'Ottoline', family_name: 'Secretname' });
      const v = new Visitor(logged.app);
      await v.signIn(staff.email, FACTORY_PASSWORD);
      const form = html(await v.get(`/people/${person.id}/edit`));
      const values = formValues(form);
      const failed = await v.post(`/people/${person.id}/edit`, { ...values, phone: '07700 900 999' });
      expect(failed.statusCode).toBe(500);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const log = lines.join('');
      expect(log).toContain('request failed');
      for (const secret of ['Ottoline', 'Secretname', '07700 900 999', '07700900999']) expect(log, secret).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });
});

describe('demo accounts where demo data is not allowed', () => {
  it('a demo account cannot sign in with NODE_ENV=production, whatever the database holds', async () => {
    const production = await testApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'a'.repeat(40), AUDIT_KEYS: process.env.AUDIT_KEYS!, BACKUP_KEY: 'b'.repeat(40), ...PRODUCTION_MESSAGES } });
    try {
      const v = new Visitor(production.app);
      await v.get('/sign-in');
      const refused = await v.post('/sign-in', { email: DEMO.admin, password: 'demo-password-1' });
      expect(refused.statusCode).toBe(401);
      expect(errorSummary(refused)).toEqual(['Enter a correct email address and password']);
    } finally {
      await production.close();
    }
  });

  it('retiring the demo accounts stops them signing in and lets production start', async () => {
    const own = await testApp();
    try {
      expect(await demoAccountsExist(own.database.db)).toBe(true);
      expect(await retireDemoAccounts(own.database.db, 'not-a-password-hash')).toContain(DEMO.admin);
      expect(await demoAccountsExist(own.database.db)).toBe(false);
      const v = new Visitor(own.app);
      await v.get('/sign-in');
      expect((await v.post('/sign-in', { email: DEMO.admin, password: 'demo-password-1' })).statusCode).toBe(401);
    } finally {
      await own.close();
    }
  });
});

describe('pages with a person’s details are never cached, and another team’s record reads as missing', () => {
  it('sends Cache-Control: no-store on the person, history, plan copy and explanation pages', async () => {
    const manager = await make.staff('team-manager', [team.id]);
    const person = await make.person(team.id);
    const assessment = await make.assessment(person, manager.id);
    const plan = await make.plan(person, assessment.id, manager.id);
    const v = await signedIn(t, manager.email);
    for (const path of [`/people/${person.id}`, `/people/${person.id}/history`, `/plans/${plan.id}`, `/plans/${plan.id}/print`, `/assessments/${assessment.id}`]) {
      const response = await v.get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('an edit of another team’s person is a 404 before the form is read', async () => {
    const elsewhere = await make.person((await make.team()).id);
    const v = await signedIn();
    expect((await v.post(`/people/${elsewhere.id}/edit`, { given_name: '' })).statusCode).toBe(404);
  });
});

describe('uploads that are not what they say', () => {
  it('a statement saved as Latin-1 is refused, naming the line, and nothing is imported', async () => {
    const finance = await make.staff('finance-officer');
    const v = await signedIn(t, finance.email);
    await v.get('/statements/import');
    const latin1 = Buffer.from('account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\nDP-1001,L1,2026-11-02,-500,Caf\xe9 Rouge,Lunch,\n', 'latin1');
    const refused = await v.postFiles('/statements/import', {}, { statement: { name: 'statement.csv', content: latin1 } });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused)[0]).toMatch(/^Line 2: is not UTF-8 text/);
    expect(await t.database.db.selectFrom('statement_lines').select('id').where('transaction_id', '=', 'L1').executeTakeFirst()).toBeUndefined();
  });
});

describe('aggregate pages do not single anyone out', () => {
  it('the people report shows counts of 1 to 4 as “fewer than 5”', async () => {
    const analyst = await make.staff('analyst');
    const small = await make.team(`Tiny team ${Date.now()}`);
    await make.person(small.id);
    const v = await signedIn(t, analyst.email);
    const page = html(await v.get('/reports/people'));
    const row = page('table tbody tr').filter((_, tr) => page(tr).text().includes(small.name));
    expect(row.text()).toContain('fewer than 5');
  });

  it('a simulation shows no figures for a group of fewer than 5 people', async () => {
    const analyst = await make.staff('analyst');
    const v = await signedIn(t, analyst.email);
    const scheme = await t.database.db.selectFrom('ras_schemes').select(['id', 'document']).where('scheme_id', '=', 'anytown-adults').where('status', '=', 'published').executeTakeFirstOrThrow();
    const questions = documentOf(scheme).domains.flatMap((d) => d.questions);
    const answers = questions.map((q) => q.answers.at(-1)!.id).join(',');
    const population = [`person_id,group,${questions.map((q) => q.id).join(',')}`, `X1,mental-health,${answers}`, ...Array.from({ length: 6 }, (_, i) => `Y${i},physical-sensory,${answers}`)].join('\n');
    const posted = await v.postFiles('/analytics/simulate', { source: 'file', scheme: scheme.id, baseline: scheme.id }, { population: { name: 'population.csv', content: `${population}\n` } });
    if (posted.statusCode !== 303) return expect(errorSummary(posted)).toEqual([]);
    const $ = html(await v.get(posted.headers.location!));
    // Each row is the group's title, its id, then its figures.
    const rows = $('table tbody tr').map((_, tr) => $(tr).find('th, td').map((__, c) => $(c).text().trim()).get().slice(1).join(' ')).get();
    expect(rows.find((r) => r.startsWith('mental-health'))).toMatch(/^mental-health fewer than 5 not shown/);
    expect(rows.find((r) => r.startsWith('physical-sensory'))).toMatch(/^physical-sensory 6 /);
  });
});

it('a statement file larger than any statement is refused while it arrives, and nothing is imported', async () => {
  const { STATEMENT_UPLOAD_BYTES } = await import('../../src/features/direct-payments/routes.js');
  const finance = await make.staff('finance-officer');
  const v = await signedIn(t, finance.email);
  await v.get('/statements/import');
  const header = 'account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n';
  const big = Buffer.concat([Buffer.from(header), Buffer.alloc(STATEMENT_UPLOAD_BYTES + 1024, 'x')]);
  const refused = await v.postFiles('/statements/import', {}, { statement: { name: 'statement.csv', content: big } });
  expect(refused.statusCode).toBe(400);
  expect(html(refused)('main').text()).toMatch(/The file is larger than 32 MB, more than this kind of file ever is/);
});

it('a statement with thousands of bad rows names the first and counts every one of the rest', async () => {
  const finance = await make.staff('finance-officer');
  const v = await signedIn(t, finance.email);
  await v.get('/statements/import');
  const header = 'account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code';
  const bad = Array.from({ length: 5000 }, (_, i) => `NOPE-${i},T${i},2026-11-02,-500,Shop,,`);
  const refused = await v.postFiles('/statements/import', {}, { statement: { name: 'statement.csv', content: `${header}\n${bad.join('\n')}\n` } });
  expect(refused.statusCode).toBe(400);
  const messages = errorSummary(refused);
  expect(messages).toHaveLength(11);
  expect(messages[0]).toBe('Line 2, column account_ref: "NOPE-0" is not a direct payment account reference');
  expect(messages[10]).toBe('And 4,990 more problems. Nothing was imported');
});
