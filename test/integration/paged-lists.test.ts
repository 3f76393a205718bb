import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/**
 * Lists that grow with the council, a page at a time (issue 19): the panel's worklist and the
 * staff accounts, 50 a page; a page past the end shows the last, a page that is not a number the first.
 */
let t: TestApp;
let make: ReturnType<typeof factories>;
beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
});
afterAll(async () => t?.close());

async function as(role: 'panel-member' | 'administrator') {
  const user = await make.staff(role);
  const v = new Visitor(t.app);
  await v.signIn(user.email, FACTORY_PASSWORD);
  return v;
}

/** Makes the list hold exactly 51 rows; checks pages 1 and 2, past the end and not a number. */
async function expectTwoPages(v: Visitor, base: string, caption: (first: number, last: number) => string) {
  const first = html(await v.get(base));
  expect(first('tbody tr').length).toBe(50);
  expect(first('caption').text()).toContain(caption(1, 50));
  expect(first('.govuk-pagination__next a').attr('href')).toBe(`${base}?page=2`);
  const second = html(await v.get(`${base}?page=2`));
  expect(second('tbody tr').length).toBe(1);
  expect(second('caption').text()).toContain(caption(51, 51));
  expect(second('.govuk-pagination__prev a').attr('href')).toBe(base);
  expect(second('.govuk-pagination__next').length).toBe(0);
  expect(html(await v.get(`${base}?page=40`))('caption').text()).toContain(caption(51, 51));
  expect(html(await v.get(`${base}?page=two`))('caption').text()).toContain(caption(1, 50));
}

describe('lists a page at a time', () => {
  it('the panel worklist: 51 cases waiting are two pages, oldest first', async () => {
    const db = t.database.db;
    const team = await make.team();
    const worker = await make.staff('social-worker', [team.id]);
    const waiting = async () => Number((await db.selectFrom('assessments').leftJoin('panel_decisions', 'panel_decisions.assessment_id', 'assessments.id').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'panel-review').where('panel_decisions.id', 'is', null).executeTakeFirstOrThrow()).n);
    for (let n = await waiting(); n < 51; n++) await make.assessment(await make.person(team.id), worker.id, { outcome: 'panel-review' });
    expect(await waiting()).toBe(51);
    const v = await as('panel-member');
    await expectTwoPages(v, '/panel', (a, b) => `51 cases waiting for a decision, oldest first, showing ${a} to ${b}`);
  });

  it('staff accounts: 51 accounts are two pages, by name, each with its teams', async () => {
    const db = t.database.db;
    const v = await as('administrator');
    const team = await make.team('Paged Team');
    const count = async () => Number((await db.selectFrom('staff_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    for (let n = await count(); n < 51; n++) await make.staff('social-worker', [team.id]);
    await expectTwoPages(v, '/admin/users', (a, b) => `51 staff accounts, showing ${a} to ${b}`);
    expect(html(await v.get('/admin/users'))('tbody').text()).toContain('Paged Team');
  });
});
