import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JourneyFacts, journeyStep } from '../../src/domain/planning/journey.js';
import { stepOn } from '../../src/features/worklists/journey-sql.js';
import { type TestApp, Visitor, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** Worklists a page at a time (issue 19): counts and pages from the journeys the database keeps. */
let t: TestApp;
let v: Visitor;
let make: ReturnType<typeof factories>;
let workerId: string;
let teamId: string;
beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  const team = await make.team();
  teamId = team.id;
  const worker = await make.staff('social-worker', [team.id]);
  workerId = worker.id;
  // 51 people with nothing yet are all at the first step.
  for (let i = 0; i < 51; i++) await make.person(team.id, { family_name: `Family${String(i).padStart(2, '0')}` });
  v = new Visitor(t.app);
  await v.signIn(worker.email, FACTORY_PASSWORD);
});
afterAll(async () => t?.close());

const rowsOf = (page: ReturnType<typeof html>) => page('table tbody tr').length;
const countAt = (page: ReturnType<typeof html>, step: string) => page(`a[href="/worklists/${step}"]`).text();

describe('worklists', () => {
  it('shows 50 people a page: 51 at a step are two pages, the second with one; past the end shows the last', async () => {
    expect(countAt(html(await v.get('/worklists')), 'self-assessment')).toContain('51 people');
    const first = html(await v.get('/worklists/self-assessment'));
    expect(rowsOf(first)).toBe(50);
    expect(first('caption').text()).toContain('51 people, showing 1 to 50');
    expect(first('.govuk-pagination__next a').attr('href')).toBe('/worklists/self-assessment?page=2');
    expect(first('tbody tr').first().text()).toContain('Family00');
    const second = html(await v.get('/worklists/self-assessment?page=2'));
    expect(rowsOf(second)).toBe(1);
    expect(second('caption').text()).toContain('51 people, showing 51 to 51');
    expect(second('tbody tr').text()).toContain('Family50');
    expect(second('.govuk-pagination__prev a').attr('href')).toBe('/worklists/self-assessment');
    expect(second('.govuk-pagination__next').length).toBe(0);
    expect(html(await v.get('/worklists/self-assessment?page=7'))('caption').text()).toContain('showing 51 to 51');
    expect(html(await v.get('/worklists/self-assessment?page=nope'))('caption').text()).toContain('showing 1 to 50');
  });

  it('moves people between steps as their assessments, plans and reviews change, and leaves closed records out', async () => {
    const person = await make.person(teamId, { family_name: 'Mover' });
    const assessment = await make.assessment(person, workerId);
    let overview = html(await v.get('/worklists'));
    expect(countAt(overview, 'indicative-budget')).toContain('1 person');
    const plan = await make.plan(person, assessment.id, workerId, { status: 'agreed' });
    await t.database.db.updateTable('support_plans').set({ support_starts_on: '2020-01-01' }).where('id', '=', plan.id).execute();
    overview = html(await v.get('/worklists'));
    expect(countAt(overview, 'indicative-budget')).toContain('0 people');
    expect(countAt(overview, 'living-with-support')).toContain('1 person');
    await make.review(plan);
    expect(countAt(html(await v.get('/worklists')), 'review')).toContain('1 person');
    await t.database.db.updateTable('people').set({ closed_on: '2026-01-01', closure_reason: 'Moved away' }).where('id', '=', person.id).execute();
    expect(countAt(html(await v.get('/worklists')), 'review')).toContain('0 people');
  });

  it('lists the review step by when each review is due', async () => {
    const later = await make.person(teamId, { family_name: 'Aardvark' });
    const sooner = await make.person(teamId, { family_name: 'Zebra' });
    for (const [person, dueBy] of [[later, '2026-12-30'], [sooner, '2026-12-10']] as const) {
      const plan = await make.plan(person, (await make.assessment(person, workerId)).id, workerId, { status: 'agreed' });
      await t.database.db.insertInto('reviews').values({ person_id: person.id, plan_id: plan.id, kind: 'annual', due_from: '2026-11-01', due_by: dueBy }).execute();
    }
    const page = html(await v.get('/worklists/review'));
    const rows = page('tbody tr').map((_, row) => page(row).text()).get();
    expect(rows.findIndex((r) => r.includes('Zebra'))).toBeLessThan(rows.findIndex((r) => r.includes('Aardvark')));
  });

  it('the step the database works out is the journey rule’s, for any facts on any day', async () => {
    const db = t.database.db;
    await sql`CREATE TEMP TABLE journey_facts (LIKE person_journeys INCLUDING DEFAULTS)`.execute(db);
    const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    const day = fc.constantFrom('2026-01-01', '2026-06-01', '2026-06-02', '2026-12-31');
    const cases = fc.sample(
      fc.record({
        completed: fc.constantFrom(null, ...ids),
        inProgress: fc.boolean(),
        openPlan: fc.boolean(),
        agreed: fc.option(fc.record({ assessmentId: fc.constantFrom(null, ...ids), startsOn: fc.option(day) })),
        review: fc.option(fc.record({ dueFrom: day, dueBy: day })),
        today: day,
      }),
      400,
    );
    const at = new Date('2026-01-01T00:00:00Z');
    const rows = cases.map((c, i) => ({
      person_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      completed_assessment_id: c.completed,
      completed_at: c.completed ? at : null,
      in_progress_started_at: c.inProgress ? at : null,
      open_plan_created_at: c.openPlan ? at : null,
      agreed_plan_id: c.agreed ? ids[0]! : null,
      agreed_assessment_id: c.agreed?.assessmentId ?? null,
      support_starts_on: c.agreed?.startsOn ?? null,
      next_review_id: c.review ? ids[1]! : null,
      next_review_kind: c.review ? ('annual' as const) : null,
      next_review_due_from: c.review?.dueFrom ?? null,
      next_review_due_by: c.review?.dueBy ?? null,
    }));
    await db.insertInto('journey_facts' as 'person_journeys').values(rows).execute();
    for (const today of new Set(cases.map((c) => c.today))) {
      const found = await db.selectFrom('journey_facts as j' as 'person_journeys as j').select(['j.person_id', stepOn(today).as('step')]).execute();
      const byId = new Map(found.map((r) => [r.person_id, r.step]));
      cases.forEach((c, i) => {
        if (c.today !== today) return;
        const facts: JourneyFacts = {
          completedAssessmentId: c.completed,
          assessmentInProgress: c.inProgress,
          openPlan: c.openPlan,
          agreedPlan: c.agreed ? { assessmentId: c.agreed.assessmentId, supportStartsOn: c.agreed.startsOn } : null,
          reviewDue: c.review !== null && (today >= c.review.dueFrom || today > c.review.dueBy),
        };
        expect(byId.get(rows[i]!.person_id), JSON.stringify(c)).toBe(journeyStep(facts, today));
      });
    }
  });

  it('pages what people sent from My Selfdirect, oldest first across messages and self-assessments', async () => {
    const db = t.database.db;
    const team = await make.team();
    const worker = await make.staff('social-worker', [team.id]);
    const account = await db.insertInto('portal_accounts').values({ email: 'sender@factory.example', display_name: 'Sender' }).returning('id').executeTakeFirstOrThrow();
    const minute = (n: number) => new Date(Date.UTC(2026, 10, 1, 9, n));
    // 50 messages at even minutes and a self-assessment sent at minute 97: between the 49th and the 50th message.
    for (let i = 0; i < 50; i++) {
      const person = await make.person(team.id, { family_name: `Sender${String(i).padStart(2, '0')}` });
      await db.insertInto('portal_messages').values({ person_id: person.id, kind: 'message', body: 'Hello', from_account: account.id, from_label: 'Sender', sent_at: minute(i * 2) }).execute();
    }
    const assessed = await make.person(team.id, { family_name: 'SelfAssessed' });
    const assessment = await make.assessment(assessed, worker.id, { status: 'in-progress' });
    await db.updateTable('assessments').set({ submitted_at: minute(97), submitted_as: 'themselves', submitted_by_account: account.id }).where('id', '=', assessment.id).execute();
    const visitor = new Visitor(t.app);
    await visitor.signIn(worker.email, FACTORY_PASSWORD);
    expect(html(await visitor.get('/worklists'))('a[href="/worklists/from-my-selfdirect"]').text()).toContain('51 things');
    const first = html(await visitor.get('/worklists/from-my-selfdirect'));
    expect(rowsOf(first)).toBe(50);
    expect(first('caption').text()).toContain('51 waiting, showing 1 to 50');
    expect(first('tbody tr').last().text()).toContain('SelfAssessed');
    const second = html(await visitor.get('/worklists/from-my-selfdirect?page=2'));
    expect(rowsOf(second)).toBe(1);
    expect(second('tbody tr').text()).toContain('Sender49');
    expect(html(await visitor.get('/worklists/from-my-selfdirect?page=3'))('tbody tr').text()).toContain('Sender49');
  });
});
