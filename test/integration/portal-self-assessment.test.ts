import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPence } from '../../src/domain/money/pence.js';
import { compileScheme, explain } from '../../src/domain/ras/pricing.js';
import { numberedQuestions } from '../../src/features/self-assessment/questions.js';
import { documentOf } from '../../src/features/schemes/document.js';
import { DEMO, type TestApp, Visitor, errorSummary, formValues, html, testApp } from '../helpers/app.js';
import { portalVisitor } from '../helpers/portal.js';
import { pdfInfo, pdfText, pdfToolsAvailable } from '../helpers/pdf.js';

/**
 * Issue 14, what to build 3: the person (here Peggy's daughter, as her representative) starts,
 * saves, comes back to and sends Peggy's self-assessment, one question a page; straight away
 * sees the indicative budget and its reasons; the worker is told, confirms it, and the figure
 * the person saw is the figure the council priced.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());
const db = () => t.database.db;
const text = (body: ReturnType<typeof html>) => body('main').text().replace(/\s+/g, ' ');

describe('the person’s own self-assessment', () => {
  it('is answered a question at a time, saved, sent, priced as staff would, and confirmed by the worker', async () => {
    const peggy = await db().selectFrom('people').select(['id']).where('preferred_name', '=', 'Peggy').executeTakeFirstOrThrow();
    const helen = await portalVisitor(t, 'helen@anytown.example', '10.60.0.1');
    const home = html(await helen.get('/my'));
    const start = home('a:contains("Peggy’s self-assessment")').attr('href');
    expect(start).toBe(`/my/people/${peggy.id}/self-assessment`);
    const intro = html(await helen.get(start!));
    expect(text(intro)).toContain('There are 16 questions');

    const started = await helen.post(start!, {});
    expect(started.statusCode).toBe(303);
    const assessment = await db().selectFrom('assessments').selectAll().where('person_id', '=', peggy.id).where('status', '=', 'in-progress').executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({ started_by: null, submitted_at: null });
    expect(started.headers.location).toBe(`/my/self-assessments/${assessment.id}/questions/1`);

    // One question a page; nothing chosen names the field.
    let page = html(await helen.get(`/my/self-assessments/${assessment.id}/questions/1`));
    expect(page('h1').text().trim()).toBe('Washing, bathing or showering');
    expect(page('.govuk-hint').text()).toContain('Think about an ordinary week');
    const empty = await helen.post(`/my/self-assessments/${assessment.id}/questions/1`, { ...formValues(page) });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty)).toEqual(['Choose the answer that fits best']);
    expect(html(empty)('.govuk-error-summary a').attr('href')).toBe('#answer');
    const tampered = await helen.post(`/my/self-assessments/${assessment.id}/questions/1`, { ...formValues(page), answer: 'z' });
    expect(errorSummary(tampered)).toEqual(['Choose one of the answers shown']);

    const scheme = documentOf(await db().selectFrom('ras_schemes').select('document').where('id', '=', assessment.scheme_row_id).executeTakeFirstOrThrow());
    const questions = numberedQuestions(scheme);
    const chosen: Record<string, string> = Object.fromEntries(questions.map((q) => [q.question.id, q.question.id === 'pc-wash' ? 'c' : q.question.id === 'carer-sustain' ? 'b' : 'b']));
    const answer = async (n: number, action = 'continue') => {
      const form = html(await helen.get(`/my/self-assessments/${assessment.id}/questions/${n}`));
      return helen.post(`/my/self-assessments/${assessment.id}/questions/${n}`, { ...formValues(form), answer: chosen[questions[n - 1]!.question.id]!, action });
    };
    expect((await answer(1)).headers.location).toBe(`/my/self-assessments/${assessment.id}/questions/2`);
    // Save and come back later: the start page says how far they got and carries on from there.
    const later = await answer(2, 'later');
    expect(later.headers.location).toBe(start);
    expect(text(html(await helen.get(start!)))).toContain('You have answered 2 of 16 questions');
    expect((await helen.post(start!, {})).headers.location).toBe(`/my/self-assessments/${assessment.id}/questions/3`);
    for (let n = 3; n <= questions.length; n++) {
      const r = await answer(n);
      expect(r.statusCode, errorSummary(r).join('; ')).toBe(303);
    }

    // Check the answers, then send: the box must be ticked.
    const check = html(await helen.get(`/my/self-assessments/${assessment.id}/check`));
    expect(check('.govuk-summary-list__row')).toHaveLength(16);
    expect(check('a:contains("Change")').first().attr('href')).toBe(`/my/self-assessments/${assessment.id}/questions/1`);
    const { agreed: _box, ...checkForm } = formValues(check);
    const unticked = await helen.post(`/my/self-assessments/${assessment.id}/check`, checkForm);
    expect(errorSummary(unticked)).toEqual(['Tick the box to say the answers are right']);
    const sent = await helen.post(`/my/self-assessments/${assessment.id}/check`, { ...checkForm, agreed: 'yes' });
    expect(sent.headers.location).toBe(`/my/self-assessments/${assessment.id}/budget`);
    const after = await db().selectFrom('assessments').selectAll().where('id', '=', assessment.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'in-progress', submitted_as: 'Helen Ashworth, daughter, representative (family member)' });

    // The indicative budget straight away, with every step, priced as staff would price it.
    const expected = explain(compileScheme(scheme), chosen, 'physical-sensory');
    const budget = html(await helen.get(`/my/self-assessments/${assessment.id}/budget`));
    expect(budget('.govuk-panel__title').text()).toBe(`Peggy’s indicative personal budget is ${formatPence(expected.allocation.weeklyPence)} a week`);
    expect(text(budget)).toContain(`All the answers come to ${expected.totalPoints} points.`);
    expect(text(budget)).toContain('The rate is £14.50 for each point.');
    expect(text(budget)).toContain('takes 10% off the amount');
    expect(text(budget)).toContain('This is a starting point. It is not the final amount.');
    expect(text(budget)).toContain('Panel review');
    // The same as a tagged PDF to keep (issue 18).
    expect(budget('a:contains("Save this as a PDF")').attr('href')).toBe(`/my/self-assessments/${assessment.id}/budget.pdf`);
    const pdf = await helen.get(`/my/self-assessments/${assessment.id}/budget.pdf`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    if (pdfToolsAvailable) {
      expect(pdfInfo(pdf.rawPayload).Tagged).toBe('yes');
      expect(pdfText(pdf.rawPayload)).toContain(`Peggy’s indicative personal budget is ${formatPence(expected.allocation.weeklyPence)} a week`);
    }
    const easy = html(await helen.get(`/my/self-assessments/${assessment.id}/budget/easy-read`));
    expect(text(easy)).toContain(`The budget is ${formatPence(expected.allocation.weeklyPence)} a week.`);

    // Once sent, the portal no longer changes it.
    const refused = await helen.post(`/my/self-assessments/${assessment.id}/questions/1`, { version: String(after.version), answer: 'a' });
    expect(refused.statusCode).toBe(409);
    expect((await db().selectFrom('assessments').select('answers').where('id', '=', assessment.id).executeTakeFirstOrThrow()).answers['pc-wash']).toBe('c');
    expect(text(html(await helen.get(start!)))).toContain('Helen Ashworth sent this to the worker');

    // The worker is told: a worklist entry, and the person's page offers to check it.
    const worker = new Visitor(t.app);
    await worker.signIn(DEMO.worker);
    const list = html(await worker.get('/worklists/from-my-selfdirect'));
    expect(text(list)).toContain('Self-assessment to check and confirm, sent by Helen Ashworth, daughter');
    expect(list(`a[href="/assessments/${assessment.id}/check"]`)).toHaveLength(1);
    expect(text(html(await worker.get('/worklists')))).toContain('1 thing sent from My Selfdirect');
    const personPage = html(await worker.get(`/people/${peggy.id}`));
    expect(text(personPage)).toContain('Sent from My Selfdirect by Helen Ashworth');
    expect(personPage('button:contains("Check and confirm the self-assessment sent from My Selfdirect")')).toHaveLength(1);
    const staffCheck = html(await worker.get(`/assessments/${assessment.id}/check`));
    expect(text(staffCheck)).toContain('Helen Ashworth, daughter, representative (family member) answered these questions in My Selfdirect');
    const confirmed = await worker.post(`/assessments/${assessment.id}/check`, { ...formValues(staffCheck), confirmed: 'yes' });
    expect(confirmed.statusCode, errorSummary(confirmed).join('; ')).toBe(303);
    const priced = await db().selectFrom('assessments').selectAll().where('id', '=', assessment.id).executeTakeFirstOrThrow();
    expect(priced).toMatchObject({ status: 'completed', weekly_pence: expected.allocation.weeklyPence, points: expected.totalPoints });
    expect(text(html(await worker.get('/worklists/from-my-selfdirect')))).toContain('Nothing is waiting');

    // Every read from the portal is audited as the representative.
    const account = await db().selectFrom('portal_accounts').select('id').where('email', '=', 'helen@anytown.example').executeTakeFirstOrThrow();
    const actions = (await db().selectFrom('audit_events').select(['action', 'actor_id']).where('subject_id', '=', assessment.id).orderBy('seq').execute()).filter((e) => e.actor_id === account.id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['assessment.started', 'assessment.answered', 'portal.assessment-viewed', 'assessment.sent-to-worker', 'portal.budget-viewed']));
  });

  it('reads another person’s assessment, or one not given, exactly like a missing one, and refuses staff', async () => {
    const other = await db().selectFrom('people').select(['id']).where('preferred_name', 'is', null).where('closed_on', 'is', null).where('client_type', '=', 'Service user').limit(1).executeTakeFirstOrThrow();
    const theirs = await db().selectFrom('assessments').select('id').where('person_id', '=', other.id).where('status', '=', 'completed').limit(1).executeTakeFirst();
    const peggy = await portalVisitor(t, 'margaret@anytown.example', '10.60.0.2');
    const missing = await peggy.get(`/my/people/00000000-0000-4000-8000-000000000000/self-assessment`);
    expect(missing.statusCode).toBe(404);
    const another = await peggy.get(`/my/people/${other.id}/self-assessment`);
    expect(another.statusCode).toBe(404);
    expect(html(another)('main').html()).toBe(html(missing)('main').html());
    expect((await peggy.post(`/my/people/${other.id}/self-assessment`, {})).statusCode).toBe(404);
    if (theirs) {
      expect((await peggy.get(`/my/self-assessments/${theirs.id}/budget`)).statusCode).toBe(404);
      expect((await peggy.get(`/my/self-assessments/${theirs.id}/budget/easy-read`)).statusCode).toBe(404);
    }
    const staff = new Visitor(t.app);
    await staff.signIn(DEMO.worker);
    expect((await staff.get(`/my/people/${other.id}/self-assessment`)).statusCode).toBe(403);
  });
});
