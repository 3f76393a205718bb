import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, errorSummary, html, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';

/** The person's agreement, consent and capacity (issue 17, part 5). */
let t: TestApp;
let make: ReturnType<typeof factories>;
let team: { id: string };
let worker: { id: string; email: string };

beforeAll(async () => {
  t = await testApp();
  make = factories(t.database.db);
  team = await make.team();
  worker = await make.staff('social-worker', [team.id]);
});
afterAll(async () => t?.close());

async function signedIn() {
  const v = new Visitor(t.app);
  await v.signIn(worker.email, FACTORY_PASSWORD);
  return v;
}
const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe('consent, capacity and advocacy', () => {
  it('records consent, a capacity assessment with its decision-maker, and an advocate, naming every missing answer in one round', async () => {
    const person = await make.person(team.id);
    const v = await signedIn();
    await v.get(`/people/${person.id}/consent`);
    const partial = await v.post(`/people/${person.id}/consent`, { consent_to_share: 'yes', capacity_needed: 'yes', has_capacity: 'no', advocacy: 'care-act-advocate' });
    expect(partial.statusCode).toBe(400);
    expect(errorSummary(partial)).toEqual([
      'Enter the date they gave or refused consent',
      'Enter the decision their capacity was assessed for, like “where to live”',
      'Enter the date of the capacity assessment',
      'Enter who assessed their capacity',
      'Enter who makes the decision in their best interests',
      'Enter the advocate’s name',
    ]);
    const saved = await v.post(`/people/${person.id}/consent`, {
      consent_to_share: 'yes', ...date('consent_on', '2026-11-02'), capacity_needed: 'yes', capacity_decision: 'How to manage her personal budget', has_capacity: 'no', ...date('capacity_assessed_on', '2026-11-03'),
      capacity_assessed_by: 'Sam Worker, social worker', decision_maker: 'Helen, her daughter (lasting power of attorney)', advocacy: 'care-act-advocate', advocate_name: 'Pat from Anytown Advocacy',
    });
    expect(saved.statusCode).toBe(303);
    const page = html(await v.get(`/people/${person.id}`));
    const text = page('main').text().replace(/\s+/g, ' ');
    expect(text).toContain('Consent to share information Yes, 2 November 2026');
    expect(text).toContain('Assessed for “How to manage her personal budget” on 3 November 2026 by Sam Worker, social worker: they lack capacity to decide; the decision-maker is Helen, her daughter (lasting power of attorney), in their best interests');
    expect(text).toContain('An independent advocate under the Care Act: Pat from Anytown Advocacy');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'after']).where('person_id', '=', person.id).where('action', '=', 'person.consent-recorded').execute();
    expect(audit).toHaveLength(1);
    // The form opens again with what was recorded.
    const form = html(await v.get(`/people/${person.id}/consent`));
    expect(form('#capacity_decision').val()).toBe('How to manage her personal budget');
    expect(form('input[name="has_capacity"][value="no"]').attr('checked')).toBeDefined();
  });

  it('records whether the person agreed an agreed plan and when their copy was sent; not on a draft', async () => {
    const person = await make.person(team.id);
    const assessment = await make.assessment(person, worker.id);
    const draft = await make.plan(person, assessment.id, worker.id);
    const v = await signedIn();
    expect((await v.get(`/plans/${draft.id}/person-agreement`)).statusCode).toBe(404);
    const agreed = await make.plan(person, assessment.id, worker.id, { status: 'agreed' });
    const plan = html(await v.get(`/plans/${agreed.id}`));
    expect(plan('#plan-copy').text()).toContain('Not recorded yet whether the person agreed this plan');
    await v.get(`/plans/${agreed.id}/person-agreement`);
    const bad = await v.post(`/plans/${agreed.id}/person-agreement`, { person_agreed: 'no', ...date('copy_sent_on', '2026-11-04') });
    expect(errorSummary(bad)).toEqual(['Enter what they do not agree with', 'Say how their copy was sent']);
    const saved = await v.post(`/plans/${agreed.id}/person-agreement`, { person_agreed: 'no', note: 'She wants more hours at weekends', ...date('copy_sent_on', '2026-11-04'), copy_sent_how: 'post' });
    expect(saved.statusCode).toBe(303);
    const after = html(await v.get(`/plans/${agreed.id}`))('#plan-copy').text();
    expect(after).toContain('No, they do not agree (“She wants more hours at weekends”). Their copy was sent by post on 4 November 2026.');
  });
});
