import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';
import { portalVisitor } from '../helpers/portal.js';

/**
 * Issue 14, what to build 5: once the council agrees a plan, those who see it in My Selfdirect are
 * told it is ready; the person (here their daughter) agrees it, or says what they disagree with —
 * who, as whom and when are kept, and the staff record shows the person's agreement or its absence.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());
const db = () => t.database.db;
const text = (r: Parameters<typeof html>[0]) => html(r)('main').text().replace(/\s+/g, ' ');
const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;
const SIGNERS = { worker: DEMO.worker, manager: DEMO.manager, panel: DEMO.panel } as const;

describe('agreeing the plan in My Selfdirect', () => {
  it('tells them the plan is ready, records disagreement and then agreement, and shows both to staff', async () => {
    const peggy = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const agreed = await db().selectFrom('support_plans').select('id').where('person_id', '=', peggy.id).where('status', '=', 'agreed').executeTakeFirstOrThrow();
    // The worker starts a new version; it is signed off at the level it needs.
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    await worker.get(`/plans/${agreed.id}`);
    const revised = await worker.post(`/plans/${agreed.id}/revise`, {});
    const planId = /\/plans\/([0-9a-f-]+)/.exec(revised.headers.location as string)![1]!;
    const submitted = await worker.post(`/plans/${planId}/submit`, { version: versionOf((await worker.get(`/plans/${planId}`)).body) });
    expect(submitted.statusCode, errorSummary(submitted).join('; ')).toBe(303);
    const { sign_off_level } = await db().selectFrom('support_plans').select('sign_off_level').where('id', '=', planId).executeTakeFirstOrThrow();
    const signer = new Visitor(t.app);
    await signer.signIn(SIGNERS[sign_off_level!]);
    const decided = await signer.post(`/plans/${planId}/sign-off`, { version: versionOf((await signer.get(`/plans/${planId}/sign-off`)).body), decision: 'agree', reasons: 'Meets her needs' });
    expect(decided.statusCode, errorSummary(decided).join('; ')).toBe(303);
    const told = await db().selectFrom('outbox_messages').select(['recipient', 'personalisation']).where('reference', 'like', `plan-ready-${planId}-%`).execute();
    expect(told.map((m) => m.recipient).sort()).toEqual(['helen@anytown.example', 'margaret@anytown.example']);
    expect(told[0]!.personalisation.title).toBe('Your support plan is ready to agree');
    expect(text(await worker.get(`/plans/${planId}`))).toContain('The person has not said yet in My Selfdirect whether they agree with this plan.');

    const helen = await portalVisitor(t, 'helen@anytown.example', '10.90.0.1');
    expect(text(await helen.get('/my'))).toContain('Please read it and tell us if you agree');
    const plan = html(await helen.get(`/my/plans/${planId}`));
    expect(plan('.govuk-notification-banner__heading').text()).toBe('Do you agree with this plan?');
    expect(plan('a:contains("Agree or tell us what is wrong")').attr('href')).toBe(`/my/plans/${planId}/agree`);
    expect(text(await helen.get(`/my/plans/${planId}/agree`))).toContain('You are answering as Helen Ashworth, daughter, representative (family member).');
    expect(errorSummary(await helen.post(`/my/plans/${planId}/agree`, {}))).toEqual(['Choose yes or no']);
    expect(errorSummary(await helen.post(`/my/plans/${planId}/agree`, { agree: 'no' }))).toEqual(['Tell us what you do not agree with']);
    expect((await helen.post(`/my/plans/${planId}/agree`, { agree: 'no', reasons: 'The visits are too early for Mum.' })).statusCode).toBe(303);
    expect(text(await worker.get(`/plans/${planId}`))).toContain('The person does not agree with this plan: Helen Ashworth, daughter, representative (family member)');
    // What they disagree with waits for the worker as a message.
    expect(text(await worker.get('/worklists/from-my-selfdirect'))).toContain('A message from Helen Ashworth');
    expect(text(await helen.get(`/my/plans/${planId}`))).toContain('You said you do not agree');

    expect((await helen.post(`/my/plans/${planId}/agree`, { agree: 'yes' })).statusCode).toBe(303);
    expect(text(await helen.get(`/my/plans/${planId}`))).toContain('Agreed by Helen Ashworth, daughter, representative (family member) on');
    expect(text(await worker.get(`/plans/${planId}`))).toContain('The person agreed this plan in My Selfdirect: Helen Ashworth');
    const answers = await db().selectFrom('plan_agreements').select(['decision', 'as_label']).where('plan_id', '=', planId).orderBy('decided_at').execute();
    expect(answers.map((a) => a.decision)).toEqual(['disagreed', 'agreed']);
    const audit = (await db().selectFrom('audit_events').select('action').where('subject_id', '=', planId).where('action', 'like', 'plan.%by-person').orderBy('seq').execute()).map((e) => e.action);
    expect(audit).toEqual(['plan.disagreed-by-person', 'plan.agreed-by-person']);
  });

  it('a plan not yet agreed by the council, or another person’s, cannot be agreed', async () => {
    const peggy = await db().selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const make = factories(db());
    const team = await db().selectFrom('teams').select('id').limit(1).executeTakeFirstOrThrow();
    const by = (await make.staff('social-worker', [team.id])).id;
    const someone = await make.person(team.id);
    const other = await make.plan(someone, (await make.assessment(someone, by)).id, by, { status: 'agreed' });
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.90.0.2');
    expect((await helen.get(`/my/plans/${other.id}/agree`)).statusCode).toBe(404);
    expect((await helen.post(`/my/plans/${other.id}/agree`, { agree: 'yes' })).statusCode).toBe(404);
    expect(await db().selectFrom('plan_agreements').select('id').where('plan_id', '=', other.id).execute()).toEqual([]);
    // Peggy's own new version, while it is a draft, reads as missing too.
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const agreed = await db().selectFrom('support_plans').select('id').where('person_id', '=', peggy.id).where('status', '=', 'agreed').orderBy('plan_number', 'desc').executeTakeFirstOrThrow();
    await worker.get(`/plans/${agreed.id}`);
    const revised = await worker.post(`/plans/${agreed.id}/revise`, {});
    const draftId = /\/plans\/([0-9a-f-]+)/.exec(revised.headers.location as string)![1]!;
    expect((await helen.get(`/my/plans/${draftId}/agree`)).statusCode).toBe(404);

  });
});
