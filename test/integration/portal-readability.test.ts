import rs from 'text-readability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, formValues, html, testApp } from '../helpers/app.js';
import { portalVisitor } from '../helpers/portal.js';

/**
 * Issue 14: My Selfdirect is written for a reading age of about 9 to 11 — a Flesch–Kincaid grade
 * of 7 or below — measured over each page as rendered (its main content, without the header,
 * footer or the council's contact details, which are its own words).
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const MAX_GRADE = 7;
const EASY_READ_GRADE = 4;
/** Each heading, paragraph, label, hint, message, button and list row is read as a sentence of its own. */
const BLOCKS = 'h1, h2, h3, p, label, legend, .govuk-hint, .govuk-error-message, .govuk-error-summary__list a, button, .govuk-summary-list__key, .govuk-summary-list__value, li';
function grade(body: string) {
  const $ = html({ body } as Parameters<typeof html>[0]);
  const sentences = $('main')
    .find(BLOCKS)
    .filter((_, el) => $(el).parents(BLOCKS).length === 0)
    .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get()
    .filter((s) => s && !s.startsWith('Questions? Contact us:') && !s.startsWith('Error:'))
    .map((s) => (/[.!?]$/.test(s) ? s : `${s}.`));
  const text = sentences.join(' ');
  return { grade: rs.fleschKincaidGrade(text), text };
}

/** Each page has words to measure, and they read at this grade or below. */
function expectPlain(pages: [string, string][], most: number) {
  for (const [name, body] of pages) {
    const measured = grade(body);
    expect(measured.text.length, `${name} has words to measure`).toBeGreaterThan(60);
    expect(measured.grade, `${name}: “${measured.text}”`).toBeLessThanOrEqual(most);
  }
}

describe('My Selfdirect in plain English', () => {
  it('every page so far reads at grade 7 or below', async () => {
    const v = new Visitor(t.app, '10.50.0.1');
    const pages: [string, string][] = [];
    pages.push(['sign-in', (await v.get('/my/sign-in')).body]);
    pages.push(['sign-in with an error', (await v.post('/my/sign-in', { email: 'not an address' })).body]);
    await v.get('/my/sign-in');
    await v.post('/my/sign-in', { email: 'margaret@anytown.example' });
    pages.push(['code', (await v.get('/my/sign-in/code')).body]);
    pages.push(['code with an error', (await v.post('/my/sign-in/code', { code: '000000' })).body]);
    const code = (await t.database.db.selectFrom('outbox_messages').select('personalisation').where('recipient', '=', 'margaret@anytown.example').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).personalisation.code!;
    await v.post('/my/sign-in/code', { code });
    pages.push(['home', (await v.get('/my')).body]);
    const grades: string[] = [];
    for (const [name, body] of pages) {
      const measured = grade(body);
      expect(measured.text.length, `${name} has words to measure`).toBeGreaterThan(60);
      expect(measured.grade, `${name}: “${measured.text}”`).toBeLessThanOrEqual(MAX_GRADE);
      grades.push(`${name} ${measured.grade}`);
    }
    // For the record (docs/adr/0013): the grades measured.
    expect(grades).toHaveLength(pages.length);
  });

  it('the self-assessment and the indicative budget read at grade 7 or below, and the easy read at grade 4 or below', async () => {
    const v = await portalVisitor(t, 'margaret@anytown.example', '10.50.0.2');
    const peggy = await t.database.db.selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const pages: [string, string, number][] = [];
    const start = `/my/people/${peggy.id}/self-assessment`;
    pages.push(['start', (await v.get(start)).body, MAX_GRADE]);
    const first = (await v.post(start, {})).headers.location as string;
    const id = first.split('/')[3]!;
    pages.push(['question', (await v.get(first)).body, MAX_GRADE]);
    let form = formValues(html(await v.get(first)));
    pages.push(['question with an error', (await v.post(first, form)).body, MAX_GRADE]);
    for (let n = 1; ; n++) {
      form = formValues(html(await v.get(`/my/self-assessments/${id}/questions/${n}`)));
      const next = (await v.post(`/my/self-assessments/${id}/questions/${n}`, { ...form, answer: 'c' })).headers.location as string;
      if (next.endsWith('/check')) break;
    }
    const check = await v.get(`/my/self-assessments/${id}/check`);
    pages.push(['check answers', check.body, MAX_GRADE]);
    const { agreed: _box, ...checkForm } = formValues(html(check));
    pages.push(['check answers with an error', (await v.post(`/my/self-assessments/${id}/check`, checkForm)).body, MAX_GRADE]);
    await v.post(`/my/self-assessments/${id}/check`, { ...checkForm, agreed: 'yes' });
    pages.push(['indicative budget', (await v.get(`/my/self-assessments/${id}/budget`)).body, MAX_GRADE]);
    pages.push(['easy read', (await v.get(`/my/self-assessments/${id}/budget/easy-read`)).body, EASY_READ_GRADE]);
    pages.push(['sent', (await v.get(start)).body, MAX_GRADE]);
    for (const [name, body, most] of pages) expectPlain([[name, body]], most);
  });

  it('Plan your support reads at grade 7 or below', async () => {
    const v = new Visitor(t.app, '10.50.0.3');
    const URL = '/plan-your-support/answers';
    const pages: [string, string][] = [];
    pages.push(['start', (await v.get('/plan-your-support')).body]);
    let r = await v.post(URL, { at: 'start', who: 'adult' });
    pages.push(['question', r.body]);
    pages.push(['question with an error', (await v.post(URL, formValues(html(r)))).body]);
    while (html(r)('input[name="at"]').val() !== 'group') r = await v.post(URL, { ...formValues(html(r)), answer: 'b' });
    pages.push(['main reason', r.body]);
    r = await v.post(URL, { ...formValues(html(r)), group: 'physical-sensory' });
    pages.push(['check', r.body]);
    r = await v.post(URL, { ...formValues(html(r)), action: 'estimate' });
    pages.push(['estimate', r.body]);
    pages.push(['print', (await v.post(URL, { ...formValues(html(r)), action: 'print' })).body]);
    expectPlain(pages, MAX_GRADE);
  });

  it('asking and telling, and agreeing the plan, read at grade 7 or below', async () => {
    const v = await portalVisitor(t, 'helen@anytown.example', '10.50.0.4');
    const peggy = await t.database.db.selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const plan = await t.database.db.selectFrom('support_plans').select('id').where('person_id', '=', peggy.id).where('status', '=', 'agreed').executeTakeFirstOrThrow();
    const pages: [string, string][] = [];
    pages.push(['messages, none yet', (await v.get(`/my/people/${peggy.id}/messages`)).body]);
    pages.push(['message with an error', (await v.post(`/my/people/${peggy.id}/messages`, { message: '' })).body]);
    pages.push(['ask for a review', (await v.get(`/my/people/${peggy.id}/ask-for-a-review`)).body]);
    pages.push(['ask for a review with an error', (await v.post(`/my/people/${peggy.id}/ask-for-a-review`, {})).body]);
    pages.push(['tell us about a change', (await v.get(`/my/people/${peggy.id}/tell-us-about-a-change`)).body]);
    pages.push(['tell us about a change with errors', (await v.post(`/my/people/${peggy.id}/tell-us-about-a-change`, {})).body]);
    await v.post(`/my/people/${peggy.id}/messages`, { message: 'Can we talk on Monday?' });
    pages.push(['messages', (await v.get(`/my/people/${peggy.id}/messages`)).body]);
    pages.push(['the plan, to agree', (await v.get(`/my/plans/${plan.id}`)).body]);
    pages.push(['agree the plan', (await v.get(`/my/plans/${plan.id}/agree`)).body]);
    pages.push(['agree the plan with an error', (await v.post(`/my/plans/${plan.id}/agree`, { agree: 'no' })).body]);
    pages.push(['money', (await v.get(`/my/people/${peggy.id}/money`)).body]);
    pages.push(['how we work out what you pay', (await v.get(`/my/people/${peggy.id}/contribution`)).body]);
    const atm = await t.database.db.selectFrom('statement_lines').select('id').where('transaction_id', '=', 'ATM-1').executeTakeFirstOrThrow();
    pages.push(['explain a payment', (await v.get(`/my/statement-lines/${atm.id}/explain`)).body]);
    pages.push(['explain a payment with an error', (await v.postFiles(`/my/statement-lines/${atm.id}/explain`, { explanation: '' }, {})).body]);
    expectPlain(pages, MAX_GRADE);
  });

  it('writing the plan reads at grade 7 or below', async () => {
    const v = await portalVisitor(t, 'helen@anytown.example', '10.50.0.5');
    const peggy = await t.database.db.selectFrom('people').select('id').where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const start = `/my/people/${peggy.id}/plan`;
    const pages: [string, string][] = [];
    pages.push(['start the plan', (await v.get(start)).body]);
    await v.post(start, {});
    pages.push(['the plan being written', (await v.get(start)).body]);
    const draft = await t.database.db.selectFrom('support_plans').select('id').where('person_id', '=', peggy.id).where('status', '=', 'draft').executeTakeFirstOrThrow();
    for (const part of ['about', 'outcomes/new', 'unpaid-support/new', 'lines/new']) {
      const form = await v.get(`/my/plans/${draft.id}/${part}`);
      pages.push([part, form.body]);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      if (part !== 'about') pages.push([`${part} with errors`, (await v.post(`/my/plans/${draft.id}/${part}`, { version })).body]);
    }
    expectPlain(pages, MAX_GRADE);
  });
});
