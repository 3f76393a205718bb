import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { EICAR, startClamd } from '../helpers/clamd.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** Casework (issue 17): allocation and My cases, case notes and documents, transfers, duty access. */
let t: TestApp;
let make: ReturnType<typeof factories>;
let north: { id: string; name: string };
let south: { id: string; name: string };
const staff = new Map<string, { id: string; email: string }>();

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  north = await make.team('Casework North');
  south = await make.team('Casework South');
  staff.set('manager', await make.staff('team-manager', [north.id]));
  staff.set('worker', await make.staff('social-worker', [north.id]));
  staff.set('colleague', await make.staff('social-worker', [north.id]));
  staff.set('southManager', await make.staff('team-manager', [south.id]));
  staff.set('duty', await make.staff('social-worker', [south.id]));
});
afterAll(async () => t?.close());

async function as(who: string, app = t) {
  const v = new Visitor(app.app);
  await v.signIn(staff.get(who)!.email, FACTORY_PASSWORD);
  return v;
}
const text = (response: Awaited<ReturnType<Visitor['get']>>) => html(response)('main').text().replace(/\s+/g, ' ');
const today = new Date().toISOString().slice(0, 10);
const [y, m, d] = today.split('-');
const [yy, ym, yd] = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10).split('-');
const yesterday = { 'happened_on-day': String(Number(yd)), 'happened_on-month': String(Number(ym)), 'happened_on-year': yy! };
const noteForm = (what: string, extra: Record<string, string> = {}) => ({ kind: 'visit', 'happened_on-day': String(Number(d)), 'happened_on-month': String(Number(m)), 'happened_on-year': y!, happened_time: '', with_whom: 'Their daughter', what_happened: what, decided: '', document_kind: '', document_title: '', ...extra });

describe('allocation and My cases', () => {
  it('a manager allocates a new person; the worker sees them on My cases, with what needs them now', async () => {
    const person = await make.person(north.id, { given_name: 'Ada', family_name: 'Allocated' });
    const manager = await as('manager');
    const caseloads = text(await manager.get('/caseloads'));
    expect(caseloads).toContain('Ada Allocated');
    expect(caseloads).toMatch(/not allocated to a worker/);
    await manager.get(`/people/${person.id}/allocate`);
    const none = await manager.post(`/people/${person.id}/allocate`, {});
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none)).toEqual(['Choose who to allocate them to']);
    const done = await manager.post(`/people/${person.id}/allocate`, { worker: staff.get('worker')!.id });
    expect(done.statusCode).toBe(303);

    // A plan returned with reasons waits at the top of My cases and on the home page.
    const by = staff.get('manager')!.id;
    const plan = await make.plan(person, (await make.assessment(person, by)).id, by);
    await t.database.db.insertInto('sign_off_decisions').values({ plan_id: plan.id, decision: 'returned', level: 'manager', weekly_cost_pence: 10_000, annual_cost_pence: 521_786, indicative_weekly_pence: 9_000, reasons: 'The respite line needs a provider', decided_by: by }).execute();

    const worker = await as('worker');
    for (const url of ['/my-cases', '/']) {
      const page = html(await worker.get(url));
      expect(page('main').text()).toContain('Ada Allocated');
      expect(page('.govuk-notification-banner').text()).toContain('The respite line needs a provider');
      expect(page('main').text()).toContain('Support plan, version 1, returned by');
    }
    expect(text(await worker.get(`/people/${person.id}`))).toMatch(/Allocated worker social-worker/);

    // Reallocated: the first allocation ends and the record keeps both.
    await manager.post(`/people/${person.id}/allocate`, { worker: staff.get('colleague')!.id });
    expect(text(await worker.get('/my-cases'))).not.toContain('Ada Allocated');
    const allocations = await t.database.db.selectFrom('person_allocations').selectAll().where('person_id', '=', person.id).orderBy('allocated_at').execute();
    expect(allocations.map((a) => [a.worker_id, a.ended_at === null])).toEqual([[staff.get('worker')!.id, false].map((v, i) => (i === 1 ? false : v)), [staff.get('colleague')!.id, true]]);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('person_id', '=', person.id).where('action', 'like', 'person.%allocated').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['person.allocated', 'person.reallocated']);
    // A worker cannot allocate.
    expect((await worker.get(`/people/${person.id}/allocate`)).statusCode).toBe(403);
  });
  it('shows My cases 25 people a page, those with something waiting first, and the first 10 on the home page', async () => {
    const worker = await make.staff('social-worker', [north.id]);
    const db = t.database.db;
    for (let i = 0; i < 26; i++) {
      const person = await make.person(north.id, { given_name: `Paged${String(i).padStart(2, '0')}`, family_name: 'Person' });
      await db.insertInto('person_allocations').values({ person_id: person.id, team_id: north.id, worker_id: worker.id, allocated_by: worker.id }).execute();
    }
    const v = new Visitor(t.app);
    await v.signIn(worker.email, FACTORY_PASSWORD);
    const first = html(await v.get('/my-cases'));
    expect(first('tbody tr').length).toBe(25);
    expect(first('caption').text()).toContain('26 people allocated to you, 0 with something waiting, showing 1 to 25');
    expect(first('.govuk-pagination__next a').attr('href')).toBe('/my-cases?page=2');
    const second = html(await v.get('/my-cases?page=2'));
    expect(second('tbody tr').length).toBe(1);
    expect(second('caption').text()).toContain('showing 26 to 26');
    expect(second('tbody').text()).toContain('Paged25 Person');
    expect(second('.govuk-pagination__prev a').attr('href')).toBe('/my-cases');
    expect(html(await v.get('/my-cases?page=7'))('caption').text()).toContain('showing 26 to 26');
    const home = html(await v.get('/'));
    expect(home('tbody tr').length).toBe(10);
    expect(home('a[href="/my-cases"]').filter((_, a) => home(a).text().includes('See all 26 people on My cases')).length).toBe(1);
  });
});

describe('case notes', () => {
  it('records a visit, never changes it, and puts a mistake right with a correction', async () => {
    const person = await make.person(north.id);
    const worker = await as('worker');
    await worker.get(`/people/${person.id}/notes/new`);
    const empty = await worker.postFiles(`/people/${person.id}/notes/new`, { ...noteForm(''), 'happened_on-day': '' }, {});
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty)).toEqual(['The date it happened must include a day', 'Enter what happened and what was said']);
    await worker.get(`/people/${person.id}/notes/new`);
    const saved = await worker.postFiles(`/people/${person.id}/notes/new`, noteForm('Visited at home. Mum is managing the stairs.', { ...yesterday, happened_time: '2:30pm', decided: 'Ask OT about a rail' }), {});
    expect(saved.statusCode).toBe(303);
    const note = await t.database.db.selectFrom('case_notes').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
    await expect(sql`UPDATE case_notes SET what_happened = 'changed' WHERE id = ${note.id}`.execute(t.database.db)).rejects.toThrow(/never changed/);
    await expect(sql`DELETE FROM case_notes WHERE id = ${note.id}`.execute(t.database.db)).rejects.toThrow(/never changed/);

    const timeline = html(await worker.get(`/people/${person.id}/timeline`));
    expect(timeline('main').text()).toContain('Visited at home. Mum is managing the stairs.');
    expect(timeline('main').text()).toContain('Decided: Ask OT about a rail');
    expect(timeline('main').text()).toContain('at 2:30pm');
    const correct = timeline('a').filter((_, a) => timeline(a).text().startsWith('Correct this note')).attr('href')!;
    await worker.get(correct);
    expect((await worker.post(correct, noteForm('Visited at home. Mum is managing the stairs with help.'))).statusCode).toBe(303);
    const after = text(await worker.get(`/people/${person.id}/timeline`));
    expect(after).toContain('Correction: Visit with Their daughter');
    expect(after).toMatch(/Written by social-worker/);
    expect(after).toContain('Corrected');
    expect(after).toContain('Visited at home. Mum is managing the stairs.');
  });
});

describe('documents', () => {
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  let scanned: TestApp | undefined;
  beforeAll(async () => {
    clamd = await startClamd();
    if (clamd) {
      scanned = await testApp({ env: { CLAMD_ADDRESS: clamd.address } });
      // The same staff, in the scanning app's own database.
      const other = factories(scanned.database.db);
      const team = await other.team('Scanned Team');
      staff.set('scannedWorker', await other.staff('social-worker', [team.id]));
      staff.set('scannedTeam', { id: team.id, email: '' });
    }
  }, 60_000);
  afterAll(async () => {
    await scanned?.close();
    await clamd?.stop();
  });

  it('keeps a document with the note, its type checked by content; refuses a mismatch and an oversized file', async () => {
    const person = await make.person(north.id);
    const worker = await as('worker');
    await worker.get(`/people/${person.id}/notes/new`);
    const mismatch = await worker.postFiles(`/people/${person.id}/notes/new`, noteForm('Capacity assessment done', { document_kind: 'capacity-assessment', document_title: 'Capacity: money' }), { file: { name: 'capacity.pdf', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]) } });
    expect(mismatch.statusCode).toBe(400);
    expect(errorSummary(mismatch)).toEqual(['The file is named as a PDF but its content is a PNG image. Check you chose the right file']);
    expect(await t.database.db.selectFrom('case_notes').select('id').where('person_id', '=', person.id).execute()).toEqual([]);

    await worker.get(`/people/${person.id}/documents/new`);
    const oversized = await worker.postFiles(`/people/${person.id}/documents/new`, { kind: 'letter', title: 'A big letter' }, { file: { name: 'big.pdf', content: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024)]) } });
    expect(oversized.statusCode, oversized.body.slice(0, 3000)).toBe(400);
    expect(html(oversized)('main').text(), oversized.body).toMatch(/larger than 20 MB/);

    await worker.get(`/people/${person.id}/notes/new`);
    const kept = await worker.postFiles(`/people/${person.id}/notes/new`, noteForm('Capacity assessment done', { document_kind: 'capacity-assessment', document_title: 'Capacity: money' }), { file: { name: 'capacity.pdf', content: '%PDF-1.7 capacity' } });
    expect(kept.statusCode).toBe(303);
    const timeline = html(await worker.get(`/people/${person.id}/timeline`));
    const link = timeline('a').filter((_, a) => timeline(a).text().startsWith('Capacity: money')).attr('href')!;
    const file = await worker.get(link);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/application\/pdf/);
    expect(file.body).toBe('%PDF-1.7 capacity');
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('person_id', '=', person.id).where('action', 'like', 'case-%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['case-note.written', 'case-document.added', 'case-document.opened']);
  });

  it('refuses the EICAR test file through a real clamd, and keeps a clean one marked as scanned', async (context) => {
    if (!clamd || !scanned) return context.skip();
    const person = await factories(scanned.database.db).person(staff.get('scannedTeam')!.id);
    const worker = await as('scannedWorker', scanned);
    await worker.get(`/people/${person.id}/documents/new`);
    for (const file of [{ name: 'eicar.com', content: EICAR }, { name: 'letter.pdf', content: Buffer.concat([Buffer.from('%PDF-1.7\n'), EICAR]) }]) {
      await worker.get(`/people/${person.id}/documents/new`);
      const infected = await worker.postFiles(`/people/${person.id}/documents/new`, { kind: 'letter', title: 'A letter' }, { file });
      expect(infected.statusCode).toBe(400);
      expect(errorSummary(infected)).toEqual(['The file contains a virus (Eicar-Test-Signature.UNOFFICIAL) and was not added. Tell your IT service desk where it came from']);
    }
    await worker.get(`/people/${person.id}/documents/new`);
    const clean = await worker.postFiles(`/people/${person.id}/documents/new`, { kind: 'letter', title: 'A letter' }, { file: { name: 'letter.pdf', content: '%PDF-1.7 a letter' } });
    expect(clean.statusCode).toBe(303);
    const kept = await scanned.database.db.selectFrom('case_documents').select(['title', 'virus_scan']).where('person_id', '=', person.id).execute();
    expect(kept).toEqual([{ title: 'A letter', virus_scan: 'clean' }]);
  });
});

describe('working across teams', () => {
  it('transfers a person with a reason: the old team loses access, the allocation ends', async () => {
    const person = await make.person(north.id, { given_name: 'Tom', family_name: 'Transferred' });
    const manager = await as('manager');
    await manager.post(`/people/${person.id}/allocate`, { worker: staff.get('worker')!.id });
    const worker = await as('worker');
    const form = html(await worker.get(`/people/${person.id}/transfer`));
    const version = form('input[name="version"]').val() as string;
    const none = await worker.post(`/people/${person.id}/transfer`, { version, team: '', reason: '' });
    expect(errorSummary(none)).toEqual(['Choose the team to transfer them to', 'Enter why they are moving to another team']);
    const moved = await worker.post(`/people/${person.id}/transfer`, { version, team: south.id, reason: 'Moved to the south of the county' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe('/my-cases');
    expect((await worker.get(`/people/${person.id}`)).statusCode).toBe(404);
    expect(text(await worker.get('/my-cases'))).not.toContain('Tom Transferred');
    // The same form again (an old version) is a conflict, not a second move.
    expect((await (await as('southManager')).get(`/people/${person.id}`)).statusCode).toBe(200);
    const southTimeline = text(await (await as('southManager')).get(`/people/${person.id}/timeline`));
    expect(southTimeline).toContain('Transferred from Casework North to Casework South by');
    expect(southTimeline).toContain('Reason: Moved to the south of the county');
    expect(southTimeline).toMatch(/Until .*: Transferred to Casework South/);
    expect(text(await (await as('southManager')).get('/caseloads'))).toContain('Tom Transferred');
  });

  it('a duty worker opens a record outside their teams only with a reason, which the owning team’s manager sees', async () => {
    const person = await make.person(north.id, { given_name: 'Dora', family_name: 'Duty', nhs_number: '9434765919' });
    const duty = await as('duty');
    expect((await duty.get(`/people/${person.id}`)).statusCode).toBe(404);
    await duty.get('/people/outside-your-teams');
    const found = html(await duty.post('/people/outside-your-teams', { query: '943 476 5919' }));
    expect(found('main').text()).toContain('Dora Duty');
    const open = found('a').filter((_, a) => found(a).text().startsWith('Open this record')).attr('href')!;
    expect(open).toBe(`/people/${person.id}/open-with-reason`);
    await duty.get(open);
    const noReason = await duty.post(open, { reason: '' });
    expect(errorSummary(noReason)).toEqual(['Enter why you need to open this record']);
    const opened = await duty.post(open, { reason: 'Out-of-hours call from her son: a fall at home' });
    expect(opened.statusCode).toBe(303);
    const record = text(await duty.get(`/people/${person.id}`));
    expect(record).toContain('You opened this record from outside your teams');
    // Reading, not changing: the duty worker may write a case note, not edit the record or its plan.
    expect((await duty.get(`/people/${person.id}/edit`)).statusCode).toBe(404);
    expect((await duty.get(`/people/${person.id}/notes/new`)).statusCode).toBe(200);

    const manager = await as('manager');
    const report = text(await manager.get('/access-report'));
    expect(report).toContain('Dora Duty');
    expect(report).toContain('Out-of-hours call from her son: a fall at home');
    expect(text(await manager.get('/'))).toMatch(/opened from outside your teams in the last 7 days/);
    // Another team's manager does not see it.
    expect(text(await (await as('southManager')).get('/access-report'))).not.toContain('Dora Duty');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'reason']).where('person_id', '=', person.id).where('action', '=', 'person.opened-outside-team').execute();
    expect(audit).toEqual([{ action: 'person.opened-outside-team', reason: 'Out-of-hours call from her son: a fall at home' }]);
  });
});
