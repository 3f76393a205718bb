import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { portalVisitor } from '../helpers/portal.js';

/**
 * Issue 14, what to build 1 (staff side): the worker invites the person or a representative from
 * the person's record, with what a representative may see; the invitation goes through the
 * outbox; access can be withdrawn, and then stops at once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const db = () => t.database.db;


describe('inviting people to My Selfdirect', () => {
  it('lists who can sign in, invites a representative for some parts, refuses a second invitation, and withdraws access at once', async () => {
    const margaret = await db().selectFrom('people').select(['id']).where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const person = html(await worker.get(`/people/${margaret.id}`));
    const link = person('a:contains("My Selfdirect: who can sign in for this person")').attr('href');
    expect(link).toBe(`/people/${margaret.id}/my-selfdirect`);
    const page = html(await worker.get(link!));
    const text = page('main').text().replace(/\s+/g, ' ');
    expect(text).toContain('Peggy (margaret@anytown.example)');
    expect(text).toContain('Helen Ashworth (helen@anytown.example)');

    // A new representative, for the plan only.
    await worker.get(`/people/${margaret.id}/representatives/new`);
    const added = await worker.post(`/people/${margaret.id}/representatives/new`, { kind: 'advocate', name: 'Ravi Advocate', relationship: 'Advocate', email: 'ravi@advocacy.example' });
    expect(added.statusCode, errorSummary(added).join('; ')).toBe(303);
    const ravi = await db().selectFrom('representatives').select('id').where('name', '=', 'Ravi Advocate').executeTakeFirstOrThrow();
    await worker.get(link!);
    expect(errorSummary(await worker.post(link!, { who: ravi.id, email: 'ravi@advocacy.example' }))).toEqual(['Choose at least one thing they may see']);
    const invited = await worker.post(link!, { who: ravi.id, email: 'Ravi@Advocacy.example', parts: ['plan'] });
    expect(invited.statusCode, errorSummary(invited).join('; ')).toBe(303);
    const message = await db().selectFrom('outbox_messages').selectAll().where('recipient', '=', 'ravi@advocacy.example').executeTakeFirstOrThrow();
    expect(message).toMatchObject({ template: 'portal-invitation', person_id: margaret.id });
    expect(message.personalisation.link).toMatch(/\/my\/sign-in$/);
    await worker.get(link!);
    const again = await worker.post(link!, { who: ravi.id, email: 'ravi@advocacy.example', parts: ['plan'] });
    expect(again.statusCode).toBe(409);

    const raviPortal = await portalVisitor(t, 'ravi@advocacy.example', '10.30.0.1');
    const home = html(await raviPortal.get('/my'));
    expect(home('main').text().replace(/\s+/g, ' ')).toContain('What you can see the support plan');

    const grant = await db().selectFrom('portal_grants').innerJoin('portal_accounts', 'portal_accounts.id', 'portal_grants.account_id').select('portal_grants.id').where('portal_accounts.email', '=', 'ravi@advocacy.example').executeTakeFirstOrThrow();
    await worker.get(link!);
    expect(errorSummary(await worker.post(`/my-selfdirect-grants/${grant.id}/withdraw`, { reason: '' }))).toEqual([]);
    const withdrawn = await worker.post(`/my-selfdirect-grants/${grant.id}/withdraw`, { reason: 'No longer her advocate' });
    expect(withdrawn.statusCode).toBe(303);
    expect((await raviPortal.get('/my')).headers.location).toBe('/my/sign-in');
    expect(await db().selectFrom('audit_events').select('action').where('subject_id', '=', grant.id).orderBy('seq').execute()).toEqual([{ action: 'portal.invited' }, { action: 'portal.withdrawn' }]);
  });
});
