import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';

/**
 * Issue 13, defect 7: the reclaim letter promised "we will take it from your next payment" before
 * finance had decided how the money comes back, printed the officer's internal reason word for
 * word, greeted "Dear Margaret" though she is known as Peggy, and gave no way to contact anyone.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ env: { COUNCIL_CONTACT: 'call 01632 960 000 or email dp@anytown.example.' } });
});
afterAll(async () => t?.close());

const text = (body: string) => html({ body } as never)('main').text().replace(/\s+/g, ' ');

describe('the reclaim letter', () => {
  it('uses the name she goes by, says only what has been decided, keeps the internal reason off it, and says how to get in touch', async () => {
    const db = t.database.db;
    const account = await db.selectFrom('dp_agreements').select(['id', 'person_id']).orderBy('reference').executeTakeFirstOrThrow();
    await db.updateTable('people').set({ preferred_name: 'Peggy' }).where('id', '=', account.person_id).execute();
    const v = new Visitor(t.app);
    await v.signIn(DEMO.finance);
    await v.get(`/direct-payments/${account.id}`);
    const proposed = await v.post(`/direct-payments/${account.id}/reclaims`, {});
    expect(proposed.statusCode, errorSummary(proposed).join('; ')).toBe(303);
    const reclaimPath = proposed.headers.location!;
    const reclaimPage = await v.get(reclaimPath);
    const version = html(reclaimPage)('input[name=version]').first().attr('value')!;
    const decided = await v.post(`${reclaimPath}/decision`, {
      version,
      decision: 'approve',
      reason: 'INTERNAL: account hoarding, third year running',
      letter_reason: 'You told us nothing is planned for this money, so it comes back to pay for other people’s support.',
    });
    expect(decided.statusCode, errorSummary(decided).join('; ')).toBe(303);

    const before = text((await v.get(`${reclaimPath}/letter`)).body);
    expect(before).toContain('Dear Peggy,');
    expect(before).not.toContain('Dear Margaret');
    expect(before).not.toContain('take it from your next payment');
    expect(before).toContain('We will get in touch to agree how the money comes back. You do not need to do anything yet.');
    expect(before).not.toContain('INTERNAL');
    expect(before).toContain('You told us nothing is planned for this money');
    expect(before).toContain('To contact us: call 01632 960 000 or email dp@anytown.example.');

    // Recorded as sent, the letter is kept as it went: a later change of name does not rewrite it.
    await v.get(`${reclaimPath}/letter`);
    const sent = await v.post(`${reclaimPath}/letter/sent`, {});
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(/^\/dp-letters\//);
    await db.updateTable('people').set({ preferred_name: 'Maggie' }).where('id', '=', account.person_id).execute();
    const kept = text((await v.get(sent.headers.location!)).body);
    expect(kept).toContain('Sent on');
    expect(kept).toContain('Dear Peggy,');
    expect(html(await v.get(`/direct-payments/${account.id}`))('main').text()).toContain('Letters sent');
    expect(await db.selectFrom('audit_events').select('action').where('action', '=', 'direct-payment.letter-sent').execute()).toHaveLength(1);
    // A copy goes through the outbox to those who see her money in My Selfdirect: Peggy and her daughter.
    const copies = await db.selectFrom('outbox_messages').select(['recipient', 'template', 'personalisation']).where('template', '=', 'letter').where('person_id', '=', account.person_id).orderBy('recipient').execute();
    expect(copies.map((c) => c.recipient)).toEqual(['helen@anytown.example', 'margaret@anytown.example']);
    expect(copies[0]!.personalisation.body).toContain('Dear Peggy,');

    const recordVersion = html(await v.get(reclaimPath))('form[action$="/record"] input[name=version]').attr('value')!;
    const recorded = await v.post(`${reclaimPath}/record`, { version: recordVersion, how: 'netted' });
    expect(recorded.statusCode, errorSummary(recorded).join('; ')).toBe(303);
    expect(text((await v.get(`${reclaimPath}/letter`)).body)).toContain('We will take it from your next payment, so you do not need to do anything.');
  });
});
