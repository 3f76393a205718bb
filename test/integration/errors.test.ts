import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, html, testApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('error pages', () => {
  it('a bad request body is a 4xx page, never a 500', async () => {
    const v = new Visitor(t.app);
    await v.signIn(DEMO.worker);
    const json = await t.app.inject({ method: 'POST', url: '/people/search', payload: '{"query":1}', headers: { 'content-type': 'application/json' } });
    expect(json.statusCode).toBeLessThan(500);
    const huge = await v.post('/people/search', { query: 'x'.repeat(2_000_000) });
    expect(huge.statusCode).toBe(413);
    expect(html(huge)('h1').text()).toBe('What you sent is too large');
  });

  it('when the database fails, the 500 page says so plainly and reveals nothing', async () => {
    const failing = await testApp(); // its own database, which this test breaks
    const t = failing;
    const v = new Visitor(t.app);
    await v.signIn(DEMO.worker);
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toEqual({ status: 'ok', database: t.database.kind });
    await t.database.db.destroy();
    const response = await v.get('/people');
    expect(response.statusCode).toBe(500);
    const $ = html(response);
    expect($('h1').text()).toBe('Sorry, there is a problem with the service');
    expect(response.body).not.toMatch(/stack|kysely|pglite|postgres|at .*\.ts/i);
    const down = await t.app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', database: t.database.kind });
    await t.app.close();
  });
});
