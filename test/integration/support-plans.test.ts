import { completedFinancialAssessment } from '../helpers/charging.js';
import { pdfInfo, pdfText, pdfToolsAvailable } from '../helpers/pdf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/db/schema.js';
import { type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

let t: TestApp;
let make: ReturnType<typeof factories>;
/** This file's team and its staff; every person and plan is made by the test that uses it. */
let team: { id: string };
let staffOf: { worker: { id: string; email: string }; manager: { id: string; email: string }; panel: { id: string; email: string }; otherTeamWorker: { id: string; email: string } };

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team();
  staffOf = {
    worker: await make.staff('social-worker', [team.id]),
    manager: await make.staff('team-manager', [team.id]),
    panel: await make.staff('panel-member'),
    otherTeamWorker: await make.staff('social-worker', [(await make.team()).id]),
  };
});
afterAll(async () => t?.close());

async function as(who: keyof typeof staffOf) {
  const v = new Visitor(t.app);
  await v.signIn(staffOf[who].email, FACTORY_PASSWORD);
  return v;
}
const worker = () => as('worker');

/** A person of this file's team with a completed assessment: ready for a support plan. */
async function assessedPerson(): Promise<{ person: Person; assessmentId: string }> {
  const person = await make.person(team.id);
  const assessment = await make.assessment(person, staffOf.worker.id);
  return { person, assessmentId: assessment.id };
}

const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;

describe('support planning over HTTP', () => {
  it('a plan from its start to agreement, the person’s copy and its first review, in one journey', async () => {
    const { person } = await assessedPerson();
    const pa = await make.personalAssistant();
    let planId = '';
    let needs: string[] = [];
    // starts a plan from the latest assessment and lists the assessed needs
    {
    const v = await worker();
    const started = await v.post(`/people/${person.id}/plans`, {});
    expect(started.statusCode).toBe(303);
    planId = started.headers.location!.split('/').pop()!;
    const page = await v.get(`/plans/${planId}`);
    expect(page.statusCode).toBe(200);
    const $ = html(page);
    expect($('h1').text()).toContain('Support plan for');
    expect($('#check-effective').text()).toContain('Add at least one outcome');
    expect($('#check-effective').text()).toContain('Nothing in the plan meets the assessed need');
    const outcome = await v.get(`/plans/${planId}/outcomes/new`);
    needs = html(outcome)('input[name="needs"]').map((_, el) => String(html(outcome)(el).attr('value'))).get();
    expect(needs.length).toBeGreaterThan(2);
    }
    // adds an outcome, unpaid support and lines; the checks change as it goes
    {
    const v = await worker();
    let page = await v.get(`/plans/${planId}/outcomes/new`);
    let saved = await v.post(`/plans/${planId}/outcomes/new`, { version: versionOf(page.body), text: 'I want to go to college', needs: needs.slice(0, 2) });
    expect(saved.statusCode, saved.body).toBe(303);
    page = await v.get(`/plans/${planId}/unpaid-support/new`);
    saved = await v.post(`/plans/${planId}/unpaid-support/new`, { version: versionOf(page.body), who: 'Mum', what: 'Cooking and company', needs: needs.slice(2) });
    expect(saved.statusCode).toBe(303);
    page = await v.get(`/plans/${planId}/lines/new`);
    const $ = html(page);
    const option = $('select[name="provider"] option').filter((_, el) => $(el).text().startsWith(pa.name));
    const jo = option.attr('value')!;
    // The choice says their rate and whether their checks are met, and carries the rate for the script to fill in.
    expect(option.text()).toBe(`${pa.name} (personal assistant, £14.50 an hour, checks up to date)`);
    expect(option.attr('data-rate')).toBe('14.50');
    saved = await v.post(`/plans/${planId}/lines/new`, {
      version: versionOf(page.body), description: 'Support at college', provider: jo, frequency: 'hours-a-week', quantity: '5', unit_cost: '14.50',
      needs: needs.slice(0, 2), management: 'direct-payment', funding_stream: 'social-care', pays_relative: 'no',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const plan = await v.get(`/plans/${planId}`);
    const legal = html(plan)('#check-legal').text();
    expect(legal).toContain(`Record the employer’s liability insurance for employing ${pa.name}`);
    expect(legal).toContain(`Record how ${pa.name} is paid through payroll`);
    // Chosen from the directory though not yet on the plan, the line keeps the entry's name and
    // kind (issue 13, defect 3): the plan shows who, and a personal assistant stays one.
    const stored = await t.database.db.selectFrom('support_plans').select('lines').where('id', '=', planId).executeTakeFirstOrThrow();
    expect((stored.lines as { description: string; providerName: string; providerKind: string; directoryEntryId: string }[]).find((l) => l.description === 'Support at college')).toMatchObject({ providerName: pa.name, providerKind: 'personal-assistant', directoryEntryId: jo });
    expect(html(plan)('table').text()).toContain(pa.name);
    }
    // removing asks first: the item's page links to a question, which the button answers
    {
    const v = await worker();
    let page = await v.get(`/plans/${planId}/unpaid-support/new`);
    await v.post(`/plans/${planId}/unpaid-support/new`, { version: versionOf(page.body), who: 'Neighbour', what: 'Takes the bins out', needs: needs.slice(2) });
    const stored = await t.database.db.selectFrom('support_plans').select('unpaid_support').where('id', '=', planId).executeTakeFirstOrThrow();
    const item = (stored.unpaid_support as { id: string; who: string }[]).find((u) => u.who === 'Neighbour')!;
    page = await v.get(`/plans/${planId}/unpaid-support/${item.id}`);
    const link = html(page)('a').filter((_, a) => html(page)(a).text() === 'Remove this from the plan').attr('href');
    expect(link).toBe(`/plans/${planId}/unpaid-support/${item.id}/remove`);
    expect(html(page)('form[action$="/remove"]').length).toBe(0);
    const question = await v.get(link!);
    expect(html(question)('h1').text()).toBe('Remove this support from family, friends or community from the plan?');
    expect(html(question)('main').text()).toContain('Neighbour: Takes the bins out');
    expect(html(question)('a').filter((_, a) => html(question)(a).text() === 'No, keep it').attr('href')).toBe(`/plans/${planId}/unpaid-support/${item.id}`);
    const removed = await v.post(link!, { version: versionOf(question.body) });
    expect(removed.statusCode).toBe(303);
    const after = await t.database.db.selectFrom('support_plans').select('unpaid_support').where('id', '=', planId).executeTakeFirstOrThrow();
    expect((after.unpaid_support as { who: string }[]).map((u) => u.who)).not.toContain('Neighbour');
    }
    // a form with problems is shown again with every message, naming the field
    {
    const v = await worker();
    const page = await v.get(`/plans/${planId}/lines/new`);
    const bad = await v.post(`/plans/${planId}/lines/new`, { version: versionOf(page.body), description: '', provider: 'other', quantity: '0', unit_cost: 'ten pounds' });
    expect(bad.statusCode).toBe(400);
    const messages = errorSummary(bad);
    expect(messages).toContain('Enter what the support is, like “Help to get up and dressed”');
    expect(messages).toContain('Enter the name of the person or organisation');
    expect(messages).toContain('Enter how many as a number greater than 0 with up to 2 decimal places, like 7.5');
    expect(messages).toContain('Enter the unit cost in pounds and pence, like 18.50');
    expect(messages).toContain('Select the assessed needs this support meets');
    }
    // will not send a plan for sign-off while a check fails, and says why on the page
    {
    const v = await worker();
    const plan = await v.get(`/plans/${planId}`);
    const refused = await v.post(`/plans/${planId}/submit`, { version: versionOf(plan.body) });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused)).toContain(`Record the employer’s liability insurance for employing ${pa.name}`);
    }
    // stops the second of two people editing one plan at once, and keeps the first change
    {
    const first = await worker();
    const second = new Visitor(t.app);
    await second.signIn(staffOf.manager.email, FACTORY_PASSWORD);
    const a = await first.get(`/plans/${planId}/about`);
    const b = await second.get(`/plans/${planId}/about`);
    expect(versionOf(a.body)).toBe(versionOf(b.body));
    const saved = await first.post(`/plans/${planId}/about`, { version: versionOf(a.body), important_to_me: 'College and my friends' });
    expect(saved.statusCode).toBe(303);
    const stopped = await second.post(`/plans/${planId}/about`, { version: versionOf(b.body), important_to_me: 'Something else' });
    expect(stopped.statusCode).toBe(303);
    const shown = await second.get(stopped.headers.location!);
    expect(html(shown)('.govuk-notification-banner').text()).toContain('Someone else changed this support plan while you were working on it');
    const row = await t.database.db.selectFrom('support_plans').select('important_to_me').where('id', '=', planId).executeTakeFirstOrThrow();
    expect(row.important_to_me).toBe('College and my friends');
    }
    // is agreed by the right person, with a budget statement and reviews scheduled
    {
    const v = await worker();
    const plan = await v.get(`/plans/${planId}`);
    const lineHref = html(plan)('#costed-support a').filter((_, el) => html(plan)(el).text().startsWith('Change')).attr('href')!;
    const edit = await v.get(lineHref);
    const $ = html(edit);
    const form: Record<string, string | string[]> = { version: versionOf(edit.body) };
    $('form input[type=text], form input:not([type]), form textarea, form select').each((_, el) => {
      const name = $(el).attr('name');
      if (name) form[name] = $(el).is('select') ? String($(el).find('option[selected]').attr('value') ?? '') : String($(el).val() ?? $(el).text());
    });
    for (const name of ['frequency', 'management', 'pays_relative', 'provider_kind']) form[name] = String($(`input[name=${name}]:checked`).attr('value') ?? '');
    form.needs = $('input[name=needs]:checked').map((_, el) => String($(el).attr('value'))).get();
    form.employer_insurance = 'Example Mutual EL-77';
    form.payroll_arrangement = 'Anytown Payroll Service';
    const saved = await v.post(lineHref, form);
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303);
    // The contribution comes from the financial assessment, never typed.
    let page = await v.get(`/plans/${planId}/money`);
    expect(html(page)('main').text()).toContain('There is no financial assessment yet, so the person pays nothing towards this plan');
    expect(html(page)('#contribution').length).toBe(0);
    const faId = await completedFinancialAssessment(t.database.db, person.id, staffOf.worker.id, 1000);
    page = await v.get(`/plans/${planId}/money`);
    expect(html(page)('main').text()).toContain('£10.00 a week, from the financial assessment of 2 June 2025 (the 2025-26 charging rules) with this plan’s cost');
    expect((await v.post(`/plans/${planId}/money`, { version: versionOf(page.body), contribution: '99.00', payment_frequency: 'four-weekly' })).statusCode).toBe(303);
    page = await v.get(`/plans/${planId}`);
    expect(html(page)('#check-effective .govuk-tag').text()).toContain('Met');
    expect(html(page)('#check-legal .govuk-tag').text()).toContain('Met');
    expect(html(page)('#check-affordable .govuk-tag').text()).toContain('Met');
    const sent = await v.post(`/plans/${planId}/submit`, { version: versionOf(page.body) });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/plans/${planId}/sign-off`);
    const signOff = await v.get(sent.headers.location!);
    const agreed = await v.post(`/plans/${planId}/sign-off`, { version: versionOf(signOff.body), decision: 'agree', reasons: 'Meets the person’s needs' });
    expect(agreed.statusCode).toBe(303);
    const final = await v.get(`/plans/${planId}`);
    const statement = html(final)('dl').text();
    expect(statement).toContain('£72.50 a week'); // 5 hours × £14.50
    expect(statement).toContain('£10.00 a week');
    expect(statement).toContain('£62.50 a week');
    expect(statement).toContain('£250.00 every 4 weeks, in advance');
    const reviews = await t.database.db.selectFrom('reviews').select(['kind', 'due_from', 'due_by']).where('plan_id', '=', planId).orderBy('due_by').execute();
    expect(reviews.map((r) => r.kind)).toEqual(['light-touch', 'direct-payment', 'annual']);
    // its social care line is now the person's CLD service, paid as a direct payment
    const services = await t.database.db.selectFrom('cld_events').select(['event_reference', 'event_type', 'service_type', 'service_component', 'delivery_mechanism', 'unit_cost_pence', 'planned_hundredths_per_week', 'source']).where('source_id', '=', planId).execute();
    expect(services).toEqual([{ event_reference: expect.stringMatching(/^SD-S-[0-9A-F]{12}$/), event_type: 'Service', service_type: 'Long term support: Community', service_component: 'Direct payment', delivery_mechanism: 'Direct payment', unit_cost_pence: 1450, planned_hundredths_per_week: 500, source: 'support-plan' }]);
    expect((await t.database.db.selectFrom('support_plans').select(['contribution_weekly_pence', 'contribution_assessment_id']).where('id', '=', planId).executeTakeFirstOrThrow())).toEqual({ contribution_weekly_pence: 1000, contribution_assessment_id: faId });
    await expect(t.database.db.updateTable('support_plans').set({ contribution_weekly_pence: 0 }).where('id', '=', planId).execute()).rejects.toThrow(/agreed and never changes/);
    }
    // produces the person’s copy as a PDF whose text says what the plan says
    {
    const v = await worker();
    const response = await v.get(`/plans/${planId}/plan.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    // Read as a screen reader's tools read it (poppler-utils; skipped without it, never in CI).
    if (pdfToolsAvailable) {
      expect(pdfInfo(response.rawPayload).Tagged).toBe('yes');
      const text = pdfText(response.rawPayload);
      expect(text).toContain('My care and support plan');
      expect(text).toContain('College and my friends');
      expect(text).toContain('Support at college');
      expect(text).toContain('What the council pays');
      expect(text).toContain('£62.50 a week');
      expect(text).toContain('How my indicative budget was worked out');
      expect(text).toMatch(/Version \d+, agreed on \d+ \w+ \d{4}/);
    }
    const printed = await v.get(`/plans/${planId}/print`);
    expect(html(printed)('h1').text()).toBe('My care and support plan');
    // The version and its agreement said once (issue 17: not "Version 1: Agreed, agreed on …").
    const said = html(printed)('main').text().replace(/\s+/g, ' ');
    expect(said).toMatch(/Version \d+, agreed on \d+ \w+ \d{4}\./);
    expect(said).not.toMatch(/Agreed, agreed/i);
    }
    // records the first review; a revision starts a new draft and never changes the agreed budget
    {
    const v = await worker();
    const review = await t.database.db.selectFrom('reviews').select('id').where('plan_id', '=', planId).where('kind', '=', 'light-touch').executeTakeFirstOrThrow();
    const page = await v.get(`/reviews/${review.id}`);
    expect(page.statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10).split('-');
    const recorded = await v.post(`/reviews/${review.id}`, {
      version: versionOf(page.body), 'reviewed_on-day': today[2]!, 'reviewed_on-month': today[1]!, 'reviewed_on-year': today[0]!,
      working: 'College is going well', outcomes_achieved: 'Attending three days a week', review_outcomes_achieved: 'Partially achieved', result: 'plan-revision',
    });
    expect(recorded.statusCode, recorded.body.slice(0, 1500)).toBe(303);
    const event = await t.database.db.selectFrom('cld_events').select(['event_type', 'start_date', 'review_reason', 'method_of_review', 'review_outcomes_achieved', 'outcome']).where('source_id', '=', review.id).executeTakeFirstOrThrow();
    expect(event).toEqual({ event_type: 'Review', start_date: today.join('-'), review_reason: 'Planned review', method_of_review: 'Face to face', review_outcomes_achieved: 'Partially achieved', outcome: 'Progress to support planning or services' });
    const draftId = recorded.headers.location!.split('/').pop()!;
    expect(draftId).not.toBe(planId);
    const agreed = await t.database.db.selectFrom('support_plans').select(['status', 'statement']).where('id', '=', planId).executeTakeFirstOrThrow();
    expect(agreed.status).toBe('agreed');
    expect(agreed.statement!.weekly.councilPence).toBe(6250);
    const changes = await v.get(`/plans/${draftId}/changes`);
    expect(html(changes)('body').text()).toContain('Nothing has changed from the version before');
    }
  });
});

describe('sign-off by the right level, over HTTP', () => {
  it('a plan for an exceptional need goes to the panel: a worker cannot agree it; the panel returns it with reasons, then agrees it', async () => {
    const db = t.database.db;
    const william = await make.person(team.id);
    const assessment = await make.assessment(william, staffOf.worker.id, { outcome: 'panel-review', needing: 99 });
    const user = staffOf.worker;
    const home = await make.directoryEntry();
    const allNeeds = ['personal-care', 'eating', 'home', 'health', 'mobility', 'safety', 'relationships', 'work', 'decisions', 'informal'];
    const line = { id: 'b0000000-0000-4000-8000-000000000001', description: 'Home care', directoryEntryId: home.id, providerName: home.name, providerKind: 'organisation', frequency: 'hours-a-week', quantityHundredths: 2000, unitCostPence: 2450, needs: allNeeds, outcomes: [], management: 'council-commissioned', fundingStream: 'social-care', paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null };
    const plan = await db
      .insertInto('support_plans')
      .values({ person_id: william.id, assessment_id: assessment.id, plan_number: 1, status: 'draft', created_by: user.id, updated_at: new Date(), lines: JSON.stringify([line]), outcomes: JSON.stringify([{ id: 'o', text: 'Stay at home', needs: ['personal-care'] }]) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await worker();
    let page = await v.get(`/plans/${plan.id}`);
    const sent = await v.post(`/plans/${plan.id}/submit`, { version: versionOf(page.body) });
    expect(sent.statusCode, errorSummary(sent).join('; ')).toBe(303);
    expect(sent.headers.location).toBe(`/plans/${plan.id}`);
    page = await v.get(`/plans/${plan.id}/sign-off`);
    expect(html(page)('main').text()).toContain('This plan needs sign-off by the panel. You can read it, but not sign it off.');
    const current = await db.selectFrom('support_plans').select('row_version').where('id', '=', plan.id).executeTakeFirstOrThrow();
    expect((await v.post(`/plans/${plan.id}/sign-off`, { version: String(current.row_version), decision: 'agree', reasons: 'Looks right' })).statusCode).toBe(403);

    const panel = new Visitor(t.app);
    await panel.signIn(staffOf.panel.email, FACTORY_PASSWORD);
    const queue = await panel.get('/sign-off');
    expect(html(queue)('main').text()).toContain(william.given_name);
    page = await panel.get(`/plans/${plan.id}/sign-off`);
    const returned = await panel.post(`/plans/${plan.id}/sign-off`, { version: versionOf(page.body), decision: 'return', reasons: 'Say how night-time needs are met' });
    expect(returned.statusCode).toBe(303);
    expect((await panel.get(`/plans/${plan.id}`)).statusCode).toBe(404); // back with the team, out of the panel's sight
    page = await v.get(`/plans/${plan.id}`);
    expect(html(page)('main').text()).toContain('Say how night-time needs are met');
    // The reasons lead the page, in a banner above the heading.
    const banner = html(page)('.govuk-notification-banner');
    expect(banner.text()).toMatch(/Returned by .* on .*Reasons: Say how night-time needs are met/s);
    expect(html(page)('main').children().first().is('.govuk-notification-banner') || html(page)('.govuk-notification-banner + .govuk-caption-l').length === 1).toBe(true);
    await v.post(`/plans/${plan.id}/submit`, { version: versionOf(page.body) });
    page = await panel.get(`/plans/${plan.id}/sign-off`);
    const agreed = await panel.post(`/plans/${plan.id}/sign-off`, { version: versionOf(page.body), decision: 'agree', reasons: 'Night needs are met by the evening visit' });
    expect(agreed.statusCode).toBe(303);
    const decisions = await db.selectFrom('sign_off_decisions').select(['decision', 'level', 'reasons', 'weekly_cost_pence']).where('plan_id', '=', plan.id).orderBy('decided_at').execute();
    expect(decisions).toEqual([
      { decision: 'returned', level: 'panel', reasons: 'Say how night-time needs are met', weekly_cost_pence: 49_000 },
      { decision: 'agreed', level: 'panel', reasons: 'Night needs are met by the evening visit', weekly_cost_pence: 49_000 },
    ]);
    const audit = await db.selectFrom('audit_events').select(['action', 'actor']).where('subject_id', '=', plan.id).where('action', 'in', ['plan.submitted', 'plan.returned', 'plan.agreed']).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'plan.submitted', actor: staffOf.worker.email },
      { action: 'plan.returned', actor: staffOf.panel.email },
      { action: 'plan.submitted', actor: staffOf.worker.email },
      { action: 'plan.agreed', actor: staffOf.panel.email },
    ]);
  });
});

describe('every plan-check message reaches the page', () => {
  it('shows each rule’s message, linked to the part of the plan to change', async () => {
    const db = t.database.db;
    const { person: thomas, assessmentId } = await assessedPerson();
    const assessment = { id: assessmentId };
    const user = staffOf.worker;
    const sam = await make.personalAssistant('Sam Carter', { dbsDaysAgo: 36 * 31 + 30 });
    const base = { directoryEntryId: null, providerKind: 'organisation', frequency: 'hours-a-week', quantityHundredths: 100_000, unitCostPence: 10_000, outcomes: [], management: 'council-managed', fundingStream: 'social-care', paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null };
    const lines = [
      { ...base, id: 'a0000000-0000-4000-8000-000000000001', description: 'Cinema trips', providerName: 'Odeon', needs: [] },
      { ...base, id: 'a0000000-0000-4000-8000-000000000002', description: 'Help from my son', providerName: 'Raj', needs: ['personal-care'], paysRelativeInHousehold: true },
      { ...base, id: 'a0000000-0000-4000-8000-000000000003', description: 'Evening help', providerName: 'Ann Smith', providerKind: 'personal-assistant', management: 'direct-payment', needs: ['personal-care'] },
      { ...base, id: 'a0000000-0000-4000-8000-000000000004', description: 'Trips out', providerName: 'Sam Carter', directoryEntryId: sam.id, management: 'direct-payment', needs: ['mobility'] },
    ];
    const plan = await db
      .insertInto('support_plans')
      .values({ person_id: thomas.id, assessment_id: assessment.id, plan_number: 1, status: 'draft', created_by: user.id, updated_at: new Date(), lines: JSON.stringify(lines) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await worker();
    const page = await v.get(`/plans/${plan.id}`);
    const $ = html(page);
    const text = (id: string) => $(`#check-${id}`).text().replace(/\s+/g, ' ');
    expect(text('effective')).toContain('Add at least one outcome the person wants to achieve');
    expect(text('effective')).toContain('Nothing in the plan meets the assessed need “Eating and drinking”');
    expect(text('effective')).toContain('“Cinema trips” does not meet any assessed need');
    expect(text('legal')).toContain('“Help from my son” pays a close relative who lives with the person. Record the council’s decision');
    expect(text('legal')).toContain('Ann Smith is not in the directory, so no DBS check is recorded');
    expect(text('legal')).toContain('Sam Carter: the DBS check was due to be renewed on');
    expect(text('legal')).toContain('Record the employer’s liability insurance for employing Sam Carter');
    expect(text('legal')).toContain('Record how Ann Smith is paid through payroll, so tax and National Insurance are paid');
    expect(text('affordable')).toContain('more than the indicative personal budget of');
    expect(text('affordable')).toContain('Explain why, or change the plan');
    expect($('#check-legal a').first().attr('href')).toBe(`/plans/${plan.id}/lines/a0000000-0000-4000-8000-000000000002`);
    expect($('#check-affordable a').attr('href')).toBe(`/plans/${plan.id}/money`);
    for (const id of ['effective', 'legal', 'affordable']) expect($(`#check-${id} .govuk-tag`).text()).toContain('Not met');
  });
});

describe('safeguarding', () => {
  it('shows open concerns in a banner to staff who can see the person, and audits the record', async () => {
    const margaret = (await make.person(team.id)).id;
    const v = await worker();
    const page = await v.get(`/people/${margaret}/safeguarding/new`);
    const today = new Date().toISOString().slice(0, 10).split('-');
    // Every problem in one round: the kind, the risk and a stage that does not fit the answer about Section 42.
    const empty = await v.post(`/people/${margaret}/safeguarding/new`, { 'raised_on-day': today[2]!, 'raised_on-month': today[1]!, 'raised_on-year': today[0]!, concern: 'Bruising noticed', action_taken: 'Referred', stage: 'section-42-enquiry', section_42: 'no' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty)).toEqual(['Choose the kind of abuse or neglect', 'Choose how high the risk is', 'The stage is a Section 42 enquiry: answer yes, or choose another stage']);
    const saved = await v.post(`/people/${margaret}/safeguarding/new`, { 'raised_on-day': today[2]!, 'raised_on-month': today[1]!, 'raised_on-year': today[0]!, category: 'physical', concern: 'Bruising noticed', risk: 'high', section_42: 'yes', stage: 'section-42-enquiry', who_told: 'Police, her son', action_taken: 'Referred to the safeguarding adults team' });
    expect(page.statusCode).toBe(200);
    expect(saved.statusCode).toBe(303);
    const person = await v.get(`/people/${margaret}`);
    expect(html(person)('#safeguarding-banner').text()).toContain('Bruising noticed');
    expect(html(person)('#safeguarding-banner').text()).toContain('Referred to the safeguarding adults team');
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('person_id', '=', margaret).where('action', '=', 'safeguarding.recorded').execute();
    expect(audit.length).toBe(1);
    const table = html(person)('table').text();
    expect(table).toContain('Physical abuse');
    expect(table).toContain('High risk. Section 42 enquiry under way. Section 42 enquiry');
    expect(table).toContain('Told: Police, her son');
    const south = await as('otherTeamWorker');
    expect((await south.get(`/people/${margaret}`)).statusCode).toBe(404);
  });

  it('a concern of financial abuse is shown to finance officers on the person’s direct payment account, until it is closed', async () => {
    const by = staffOf.worker.id;
    const person = await make.person(team.id);
    const plan = await make.plan(person, (await make.assessment(person, by)).id, by, { status: 'agreed', lines: [make.line({ management: 'direct-payment' })] });
    const agreement = await make.agreement(plan, by);
    const finance = new Visitor(t.app);
    await finance.signIn((await make.staff('finance-officer')).email, FACTORY_PASSWORD);
    expect(html(await finance.get(`/direct-payments/${agreement.id}`))('#financial-abuse').length).toBe(0);
    const v = await worker();
    const today = new Date().toISOString().slice(0, 10).split('-');
    await v.get(`/people/${person.id}/safeguarding/new`);
    await v.post(`/people/${person.id}/safeguarding/new`, { 'raised_on-day': today[2]!, 'raised_on-month': today[1]!, 'raised_on-year': today[0]!, category: 'financial', concern: 'Her nephew takes her card', risk: 'medium', section_42: 'not-decided', stage: 'initial-enquiries', action_taken: 'Spoke to her alone' });
    const account = html(await finance.get(`/direct-payments/${agreement.id}`));
    expect(account('#financial-abuse').text()).toMatch(/open safeguarding concern about financial abuse of this person \(raised on .*, initial enquiries \(is it a section 42 case\?\), medium risk\)/);
    expect(account('main').text()).not.toContain('Her nephew takes her card'); // the concern's words stay with casework
    // A concern of another kind is not finance's to see.
    await v.post(`/people/${person.id}/safeguarding/new`, { 'raised_on-day': today[2]!, 'raised_on-month': today[1]!, 'raised_on-year': today[0]!, category: 'neglect', concern: 'Left alone', risk: 'low', section_42: 'no', stage: 'concern-received', action_taken: 'Visit booked' });
    expect(html(await finance.get(`/direct-payments/${agreement.id}`))('#financial-abuse').text()).toContain('There is an open safeguarding concern');
  });
});
