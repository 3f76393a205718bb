import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { portalVisitor } from '../helpers/portal.js';

/**
 * Issue 14, what to build 7: asking and telling. Peggy's daughter sends a message, asks for a
 * review and reports a change; each waits on the team's worklist and the person's record until the
 * worker replies (emailed without its words) or marks it dealt with; review dates and outcomes
 * are on the person's first page.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());
const db = () => t.database.db;
const text = (r: Parameters<typeof html>[0]) => html(r)('main').text().replace(/\s+/g, ' ');

describe('asking and telling', () => {
  it('sends messages, a review request and a change to the worker, who replies and deals with them', async () => {
    const peggy = await db().selectFrom('people').select(['id']).where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.80.0.1');
    const home = html(await helen.get('/my'));
    expect(text(await helen.get('/my'))).toContain('Next review');
    const link = home('a:contains("Messages about Peggy")').attr('href');
    expect(link).toBe(`/my/people/${peggy.id}/messages`);
    expect(text(await helen.get(link!))).toContain('There are no messages yet.');

    expect(errorSummary(await helen.post(link!, { message: '  ' }))).toEqual(['Write your message']);
    const sent = await helen.post(link!, { message: 'Mum’s carer keeps coming late.\nCan we talk?' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(link);
    await helen.get(`/my/people/${peggy.id}/ask-for-a-review`);
    expect(errorSummary(await helen.post(`/my/people/${peggy.id}/ask-for-a-review`, { reason: '' }))).toEqual(['Say why you would like a review']);
    expect((await helen.post(`/my/people/${peggy.id}/ask-for-a-review`, { reason: 'She needs more help at night now.' })).statusCode).toBe(303);
    await helen.get(`/my/people/${peggy.id}/tell-us-about-a-change`);
    expect(errorSummary(await helen.post(`/my/people/${peggy.id}/tell-us-about-a-change`, {}))).toEqual(['Choose what has changed', 'Tell us what has changed']);
    expect((await helen.post(`/my/people/${peggy.id}/tell-us-about-a-change`, { topic: 'health', details: 'She had a fall last week.' })).statusCode).toBe(303);
    const thread = text(await helen.get(link!));
    expect(thread).toContain('Asked for a review');
    expect(thread).toContain('Told us about a change: My health or what I can do');
    expect(thread).toContain('Helen Ashworth, daughter, representative (family member)');

    // The worker sees them on the worklist and the record.
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const list = text(await worker.get('/worklists/from-my-selfdirect'));
    expect(list).toContain('A message from Helen Ashworth');
    expect(list).toContain('A request for a review from Helen Ashworth');
    expect(list).toContain('A change of circumstances from Helen Ashworth');
    expect(text(await worker.get(`/people/${peggy.id}`))).toContain('Messages from My Selfdirect: 3 waiting');
    const staffThread = html(await worker.get(`/people/${peggy.id}/messages`));
    expect(staffThread('.govuk-tag:contains("Waiting")')).toHaveLength(3);
    expect(errorSummary(await worker.post(`/people/${peggy.id}/messages`, { reply: '' }))).toEqual(['Write the reply']);
    const replied = await worker.post(`/people/${peggy.id}/messages`, { reply: 'I will ring you on Monday to arrange a review.' });
    expect(replied.statusCode).toBe(303);
    expect(text(await worker.get(`/people/${peggy.id}`))).not.toContain('waiting');
    expect(text(await worker.get('/worklists/from-my-selfdirect'))).toContain('Nothing is waiting');

    // Both who see the messages are emailed that there is one, never its words.
    const emails = await db().selectFrom('outbox_messages').select(['recipient', 'personalisation']).where('reference', 'like', 'portal-message-%').execute();
    expect(emails.map((e) => e.recipient).sort()).toEqual(['helen@anytown.example', 'margaret@anytown.example']);
    for (const e of emails) expect(JSON.stringify(e.personalisation)).not.toContain('Monday');
    expect(text(await helen.get(link!))).toContain('I will ring you on Monday to arrange a review.');

    // Marked dealt with without a reply; twice is refused with a reason.
    const peggyHerself = await portalVisitor(t, 'margaret@anytown.example', '10.80.0.2');
    expect(html(await peggyHerself.get('/my'))('a:contains("Messages with your worker")')).toHaveLength(1);
    await peggyHerself.post(`/my/people/${peggy.id}/messages`, { message: 'Thank you.' });
    await worker.get(`/people/${peggy.id}/messages`);
    expect((await worker.post(`/people/${peggy.id}/messages/dealt-with`, {})).headers.location).toBe(`/people/${peggy.id}/messages`);
    const again = await worker.post(`/people/${peggy.id}/messages/dealt-with`, {});
    expect(again.statusCode).toBe(303);
    expect(text(await worker.get(`/people/${peggy.id}/messages`))).toContain('Nothing is waiting: someone has dealt with it already');

    // Audited as who did it.
    const actions = (await db().selectFrom('audit_events').select('action').where('person_id', '=', peggy.id).where('action', 'like', 'message%').orderBy('seq').execute()).map((e) => e.action);
    expect(actions).toEqual(['message.message', 'message.review-request', 'message.change-of-circumstances', 'messages.viewed', 'message.replied', 'message.message', 'messages.viewed', 'message.dealt-with', 'messages.viewed']);
  });

  it('another person’s thread reads like a missing one, and staff outside the team cannot reach it', async () => {
    const other = await db().selectFrom('people').select('id').where('preferred_name', 'is', null).where('closed_on', 'is', null).limit(1).executeTakeFirstOrThrow();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.80.0.3');
    expect((await helen.get(`/my/people/${other.id}/messages`)).statusCode).toBe(404);
    expect((await helen.post(`/my/people/${other.id}/messages`, { message: 'Hello' })).statusCode).toBe(404);
    expect(await db().selectFrom('portal_messages').select('id').where('person_id', '=', other.id).execute()).toEqual([]);
    const peggy = await db().selectFrom('people').select(['id']).where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const south = new Visitor(t.app);
    await south.signIn(DEMO.southWorker);
    expect((await south.get(`/people/${peggy.id}/messages`)).statusCode).toBe(404);
  });
});
