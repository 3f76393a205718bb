import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPence } from '../../src/domain/money/pence.js';
import { documentOf } from '../../src/features/schemes/document.js';
import { numberedQuestions } from '../../src/features/self-assessment/questions.js';
import { DEMO, type TestApp, Visitor, errorSummary, formValues, html, testApp } from '../helpers/app.js';

/**
 * Issue 14, what to build 8: Plan your support, for anyone with no account. The answers travel in
 * the form; nothing is stored unless the person asks for the result by email; the estimate is
 * exactly what staff pricing gives for the same answers.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());
const db = () => t.database.db;
const text = (r: Parameters<typeof html>[0]) => html(r)('main').text().replace(/\s+/g, ' ');
const URL = '/plan-your-support/answers';

async function adultScheme() {
  const row = await db().selectFrom('ras_schemes').select(['id', 'document']).where('kind', '=', 'adult').where('status', '=', 'published').orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
  return { id: row.id, scheme: documentOf(row) };
}

describe('Plan your support', () => {
  it('takes anyone through the questions, back and change, to an estimate they can print or email, keeping nothing', async () => {
    const { scheme } = await adultScheme();
    const questions = numberedQuestions(scheme);
    const before = { assessments: await db().selectFrom('assessments').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow(), audit: await db().selectFrom('audit_events').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow() };
    const v = new Visitor(t.app, '10.70.0.1');
    const start = await v.get('/plan-your-support');
    expect(start.statusCode).toBe(200);
    expect(text(start)).toContain('This is only an estimate. It is not a decision.');
    const nobody = await v.post(URL, { at: 'start' });
    expect(nobody.statusCode).toBe(400);
    expect(errorSummary(nobody)).toEqual(['Choose who the support is for']);

    let page = await v.post(URL, { at: 'start', who: 'adult' });
    expect(html(page)('h1').text().trim()).toBe(questions[0]!.question.text);
    expect(page.headers['cache-control']).toContain('no-store');
    // Nothing chosen names the field; the answers so far are kept.
    const unanswered = await v.post(URL, formValues(html(page)));
    expect(errorSummary(unanswered)).toEqual(['Choose the answer that fits best']);
    page = await v.post(URL, { ...formValues(html(page)), answer: 'b' });
    expect(html(page)('h1').text().trim()).toBe(questions[1]!.question.text);
    // Back carries the answers: question 1 still shows the answer given.
    const back = await v.post(URL, { ...formValues(html(page)), action: 'back' });
    expect(html(back)('h1').text().trim()).toBe(questions[0]!.question.text);
    expect(html(back)('input[name="answer"][value="b"]').attr('checked')).toBeDefined();
    page = await v.post(URL, { ...formValues(html(back)), answer: 'c' });
    for (let n = 2; n <= questions.length; n++) page = await v.post(URL, { ...formValues(html(page)), answer: 'b' });

    // The main reason for support picks the rate.
    expect(html(page)('h1').text().trim()).toBe('What is the main reason for support?');
    expect(errorSummary(await v.post(URL, formValues(html(page))))).toEqual(['Choose the main reason for support']);
    page = await v.post(URL, { ...formValues(html(page)), group: 'physical-sensory' });
    expect(html(page)('h1').text().trim()).toBe('Check your answers');
    expect(text(page)).toContain('Physical and sensory support');

    // Change an answer from the check page, and come straight back to it.
    const change = await v.post(URL, { ...formValues(html(page)), action: 'change-3' });
    expect(html(change)('h1').text().trim()).toBe(questions[2]!.question.text);
    page = await v.post(URL, { ...formValues(html(change)), answer: 'd' });
    expect(html(page)('h1').text().trim()).toBe('Check your answers');

    const result = await v.post(URL, { ...formValues(html(page)), action: 'estimate' });
    expect(html(result)('.govuk-panel__title').text()).toMatch(/^The estimate is £[0-9,]+\.[0-9]{2} a week$/);
    expect(text(result)).toContain('This is an estimate, not a decision.');
    expect(text(result)).toContain('Ask for an assessment');
    expect(html(result)('a[href="/find-support?service=Personal%20care"]')).toHaveLength(1);

    const printed = await v.post(URL, { ...formValues(html(result)), action: 'print' });
    expect(html(printed)('.govuk-panel__title').text()).toBe(html(result)('.govuk-panel__title').text());

    // Nothing stored so far.
    const after = { assessments: await db().selectFrom('assessments').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow(), audit: await db().selectFrom('audit_events').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow() };
    expect(after).toEqual(before);
    expect(await db().selectFrom('outbox_messages').selectAll().where('recipient', '=', 'me@example.com').execute()).toEqual([]);

    // Email it: a bad address is named; a good one is sent through the outbox, its words removed once sent.
    const bad = await v.post(URL, { ...formValues(html(result)), email: 'not an address', action: 'email' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad)).toEqual(['Enter an email address in the correct format, like name@example.com']);
    const sent = await v.post(URL, { ...formValues(html(result)), email: 'Me@Example.com', action: 'email' });
    expect(text(sent)).toContain('We are sending the estimate to your email');
    const message = await db().selectFrom('outbox_messages').selectAll().where('recipient', '=', 'me@example.com').executeTakeFirstOrThrow();
    expect(message).toMatchObject({ template: 'letter', person_id: null, secret_fields: ['name', 'title', 'body'] });
    expect(message.personalisation.body).toContain(html(result)('.govuk-panel__title').text());

    // Answers from another scheme, or made up, start again; a refreshed page goes back to the start.
    const stale = await v.post(URL, { at: 'q2', scheme: '00000000-0000-4000-8000-000000000000', answer: 'a' });
    expect(text(stale)).toContain('The questions have changed since you started');
    expect(html(await v.get(URL))('h1').text()).toBe('Plan your support');
  });

  it('gives exactly the figure staff pricing gives for the same answers (property test)', async () => {
    const { scheme } = await adultScheme();
    const questions = numberedQuestions(scheme);
    const person = await db().selectFrom('people').select('id').where('primary_support_reason', '=', 'Physical support: Personal care support').where('closed_on', 'is', null).limit(1).executeTakeFirstOrThrow();
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const anyone = new Visitor(t.app, '10.70.0.2');
    await anyone.get('/plan-your-support');
    const { id: schemeId } = await adultScheme();
    const answerSets = fc.record(Object.fromEntries(questions.map((q) => [q.question.id, fc.constantFrom(...q.question.answers.map((a) => a.id))])) as Record<string, fc.Arbitrary<string>>);
    await fc.assert(
      fc.asyncProperty(answerSets, async (answers) => {
        // The estimate, as the browser would post the check page.
        const form: Record<string, string> = { at: 'check', action: 'estimate', scheme: schemeId, group: 'physical-sensory' };
        for (const [id, a] of Object.entries(answers)) form[`answer-${id}`] = a;
        const estimate = html(await anyone.post(URL, form))('.govuk-panel__title').text();
        // Staff pricing: the worker assesses the same answers and completes it.
        const started = await worker.post(`/people/${person.id}/assessments`, {});
        const id = /\/assessments\/([0-9a-f-]+)\//.exec(started.headers.location as string)![1]!;
        for (let d = 1; d <= scheme.domains.length; d++) {
          const f = formValues(html(await worker.get(`/assessments/${id}/domains/${d}`)));
          const given = Object.fromEntries(scheme.domains[d - 1]!.questions.map((q) => [q.id, answers[q.id]!]));
          await worker.post(`/assessments/${id}/domains/${d}`, { ...f, ...given, action: 'continue' });
        }
        const check = formValues(html(await worker.get(`/assessments/${id}/check`)));
        const done = await worker.post(`/assessments/${id}/check`, { ...check, group: 'physical-sensory', confirmed: 'yes' });
        expect(done.statusCode, errorSummary(done).join('; ')).toBe(303);
        const priced = await db().selectFrom('assessments').select(['weekly_pence', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();
        const expected = priced.outcome === 'below-threshold' ? 'The estimate is £0.00' : `The estimate is ${formatPence(priced.weekly_pence!)} a week`;
        expect(estimate).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });
});
