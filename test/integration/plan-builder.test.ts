import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { portalVisitor } from '../helpers/portal.js';

/**
 * Issue 14, what to build 4: Peggy's daughter writes a new version of Peggy's plan — what matters,
 * an outcome, unpaid help, a directory provider and a personal assistant — seeing the budget used
 * and the checks in plain words; sends it; the worker takes it on; it comes back with reasons and
 * is agreed, and the daughter follows where it is.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());
const db = () => t.database.db;
const text = (r: Parameters<typeof html>[0]) => html(r)('main').text().replace(/\s+/g, ' ');
const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;

describe('the person writes their own support plan', () => {
  it('drafts against the budget, sends it, and follows it through sign-off', async () => {
    const peggy = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.96.0.1');
    const start = html(await helen.get('/my'))('a:contains("Write or follow Peggy’s support plan")').attr('href');
    expect(start).toBe(`/my/people/${peggy.id}/plan`);
    expect(text(await helen.get(start!))).toContain('Read the plan the council agreed');
    const started = await helen.post(start!, {});
    expect(started.statusCode).toBe(303);
    const draft = await db().selectFrom('support_plans').selectAll().where('person_id', '=', peggy.id).where('status', '=', 'draft').executeTakeFirstOrThrow();
    expect(draft).toMatchObject({ created_by: null, plan_number: 2 });
    let plan = await helen.get(start!);
    expect(text(plan)).toContain('You are writing it.');
    expect(text(plan)).toMatch(/£[0-9,.]+ of £[0-9,.]+ a week is used\./);
    expect(html(plan)('.govuk-task-list__item')).toHaveLength(4);

    // An outcome: both fields named when missing.
    const base = `/my/plans/${draft.id}`;
    let form = await helen.get(`${base}/outcomes/new`);
    const empty = await helen.post(`${base}/outcomes/new`, { version: versionOf(form.body) });
    expect(errorSummary(empty)).toEqual(['Say what you want to achieve', 'Choose the needs it helps with']);
    const need = html(form)('input[name="needs"]').first().val() as string;
    expect((await helen.post(`${base}/outcomes/new`, { version: versionOf(form.body), text: 'I want to go to my lunch club every week', needs: need })).statusCode).toBe(303);
    form = await helen.get(`${base}/about`);
    expect((await helen.post(`${base}/about`, { version: versionOf(form.body), important_to_me: 'My garden and my cat, Biscuit.', staying_well: '', contingency: 'Ring Helen.' })).statusCode).toBe(303);
    form = await helen.get(`${base}/unpaid-support/new`);
    expect((await helen.post(`${base}/unpaid-support/new`, { version: versionOf(form.body), who: 'Helen, my daughter', what: 'Shopping on Saturdays', needs: need })).statusCode).toBe(303);

    // Paid support: one from the directory, one personal assistant not on it.
    form = await helen.get(`${base}/lines/new`);
    const provider = html(form)('select[name="provider"] option').eq(1).val() as string;
    expect(provider).toMatch(/^[0-9a-f-]{36}$/);
    // Only the public directory is offered: an entry that did not agree to be listed is neither shown nor taken.
    const unlisted = await db().selectFrom('directory_entries').select(['id', 'name']).where('public_listing', '=', false).limit(1).executeTakeFirstOrThrow();
    expect(html(form)(`select[name="provider"] option[value="${unlisted.id}"]`)).toHaveLength(0);
    expect(errorSummary(await helen.post(`${base}/lines/new`, { version: versionOf(form.body), description: 'Evening visit', provider: unlisted.id, frequency: 'visits-a-week', quantity: '7', unit_cost: '18.50', needs: need, management: 'direct-payment' }))).toEqual(['Choose who gives the support']);
    const noName = await helen.post(`${base}/lines/new`, { version: versionOf(form.body), description: 'Evening visit', provider: 'other', frequency: 'visits-a-week', quantity: '7', unit_cost: '18.50', needs: need, management: 'direct-payment' });
    expect(errorSummary(noName)).toEqual(['Write their name', 'Say if they are a personal assistant or a group or company']);
    expect((await helen.post(`${base}/lines/new`, { version: versionOf(form.body), description: 'Lunch club', provider, frequency: 'visits-a-week', quantity: '1', unit_cost: '12.00', needs: need, management: 'council-managed' })).statusCode).toBe(303);
    form = await helen.get(`${base}/lines/new`);
    expect((await helen.post(`${base}/lines/new`, { version: versionOf(form.body), description: 'Evening visit', provider: 'other', provider_name: 'Sam Patel', provider_kind: 'personal-assistant', frequency: 'hours-a-week', quantity: '3.5', unit_cost: '16.00', needs: need, management: 'direct-payment' })).statusCode).toBe(303);
    // A save from a page that is out of date is refused and says why.
    const stale = await helen.post(`${base}/about`, { version: versionOf(form.body), important_to_me: 'Overwritten?' });
    expect(stale.statusCode).toBe(303);
    expect(text(await helen.get(start!))).toContain('Someone else changed this support plan while you were working on it');
    const written = await db().selectFrom('support_plans').select(['lines', 'outcomes', 'unpaid_support', 'important_to_me']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(written.important_to_me).toBe('My garden and my cat, Biscuit.');
    expect(written.lines.slice(-2).map((l) => [l.description, l.providerName, l.providerKind, l.management, l.quantityHundredths, l.unitCostPence])).toEqual([
      ['Lunch club', expect.any(String), expect.any(String), 'council-managed', 100, 1200],
      ['Evening visit', 'Sam Patel', 'personal-assistant', 'direct-payment', 350, 1600],
    ]);
    plan = await helen.get(start!);
    expect(text(plan)).toContain('Does it meet every need?');
    expect(text(plan)).toContain('Sam Patel');
    // Something added can be taken out again; something not in the plan is refused.
    const lunch = written.lines.find((l) => l.description === 'Lunch club')!;
    expect(html(plan)(`input[name="item"][value="${lunch.id}"]`)).toHaveLength(1);
    const missing = await helen.post(`${base}/remove`, { version: versionOf(plan.body), part: 'line', item: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(303);
    expect(text(await helen.get(start!))).toContain('That is not in the plan any more');
    plan = await helen.get(start!);
    expect((await helen.post(`${base}/remove`, { version: versionOf(plan.body), part: 'line', item: lunch.id })).statusCode).toBe(303);
    expect((await db().selectFrom('support_plans').select('lines').where('id', '=', draft.id).executeTakeFirstOrThrow()).lines.map((l) => l.description)).not.toContain('Lunch club');
    plan = await helen.get(start!);

    // Sent: the worker is told, and the person can no longer change it.
    expect((await helen.post(`${base}/send`, { version: versionOf(plan.body) })).statusCode).toBe(303);
    expect(text(await helen.get(start!))).toContain('With the worker. Helen Ashworth sent it on');
    expect((await helen.get(`${base}/about`)).statusCode).toBe(409);
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    expect(text(await worker.get('/worklists/from-my-selfdirect'))).toContain('Support plan, version 2, written and sent by Helen Ashworth, daughter');
    const staffPlan = await worker.get(`/plans/${draft.id}`);
    expect(text(staffPlan)).toContain('Helen Ashworth, daughter, representative (family member) wrote this plan in My Selfdirect and sent it on');
    const audit = (await db().selectFrom('audit_events').select('action').where('subject_id', '=', draft.id).orderBy('seq').execute()).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['plan.revision-started', 'plan.outcome-added', 'plan.about-changed', 'plan.unpaid-support-added', 'plan.line-added', 'plan.line-removed', 'plan.sent-by-person']));
  });

  it('another person’s plan reads as missing, and there is nothing to write before an assessment', async () => {
    const other = await db().selectFrom('people').select('id').where('preferred_name', 'is', null).limit(1).executeTakeFirstOrThrow();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.96.0.2');
    expect((await helen.get(`/my/people/${other.id}/plan`)).statusCode).toBe(404);
    expect((await helen.post(`/my/people/${other.id}/plan`, {})).statusCode).toBe(404);
    const theirs = await db().selectFrom('support_plans').select('id').where('person_id', '=', other.id).limit(1).executeTakeFirst();
    if (theirs) expect((await helen.get(`/my/plans/${theirs.id}/about`)).statusCode).toBe(404);
  });
});
