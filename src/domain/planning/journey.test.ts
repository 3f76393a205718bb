import { describe, expect, it } from 'vitest';
import { type JourneyFacts, journeyStep, reviewState, reviewsAfterSignOff } from './journey.js';

const base: JourneyFacts = { completedAssessmentId: null, assessmentInProgress: false, openPlan: false, agreedPlan: null, reviewDue: false };
const today = '2026-11-23';

describe('the seven steps', () => {
  it('places a person at each step from what is recorded', () => {
    expect(journeyStep(base, today)).toBe('self-assessment');
    expect(journeyStep({ ...base, completedAssessmentId: 'a1' }, today)).toBe('indicative-budget');
    expect(journeyStep({ ...base, completedAssessmentId: 'a1', openPlan: true }, today)).toBe('plan');
    const agreed = { ...base, completedAssessmentId: 'a1', agreedPlan: { assessmentId: 'a1', supportStartsOn: null } };
    expect(journeyStep(agreed, today)).toBe('agreed');
    expect(journeyStep({ ...agreed, agreedPlan: { assessmentId: 'a1', supportStartsOn: '2026-12-01' } }, today)).toBe('organising-support');
    expect(journeyStep({ ...agreed, agreedPlan: { assessmentId: 'a1', supportStartsOn: today } }, today)).toBe('living-with-support');
    expect(journeyStep({ ...agreed, reviewDue: true }, today)).toBe('review');
  });

  it('a reassessment puts the person back to the indicative budget until a new plan is started', () => {
    expect(journeyStep({ ...base, completedAssessmentId: 'a2', agreedPlan: { assessmentId: 'a1', supportStartsOn: '2026-01-01' } }, today)).toBe('indicative-budget');
    expect(journeyStep({ ...base, completedAssessmentId: 'a1', assessmentInProgress: true, agreedPlan: { assessmentId: 'a1', supportStartsOn: '2026-01-01' } }, today)).toBe('self-assessment');
  });
});

describe('arrangements brought in from the previous system', () => {
  it('carry on as living with support until the person is assessed in Selfdirect', () => {
    const migrated = { ...base, agreedPlan: { assessmentId: null, supportStartsOn: '2023-04-03' } };
    expect(journeyStep(migrated, today)).toBe('living-with-support');
    expect(journeyStep({ ...migrated, reviewDue: true }, today)).toBe('review');
    expect(journeyStep({ ...migrated, assessmentInProgress: true }, today)).toBe('self-assessment');
    expect(journeyStep({ ...migrated, completedAssessmentId: 'a1' }, today)).toBe('indicative-budget');
  });
});

describe('reviews the rules expect', () => {
  it('light-touch 6–8 weeks after sign-off, a new direct payment within 6 months, and within 12 months', () => {
    expect(reviewsAfterSignOff('2026-01-31', true)).toEqual([
      { kind: 'light-touch', dueFrom: '2026-03-14', dueBy: '2026-03-28' },
      { kind: 'direct-payment', dueFrom: '2026-05-31', dueBy: '2026-07-31' },
      { kind: 'annual', dueFrom: '2026-12-31', dueBy: '2027-01-31' },
    ]);
    expect(reviewsAfterSignOff('2026-01-31', false).map((r) => r.kind)).toEqual(['light-touch', 'annual']);
  });

  it('is scheduled, then due, then overdue the day after its last day', () => {
    const review = { dueFrom: '2026-03-14', dueBy: '2026-03-28' };
    expect(reviewState(review, '2026-03-13')).toBe('scheduled');
    expect(reviewState(review, '2026-03-14')).toBe('due');
    expect(reviewState(review, '2026-03-28')).toBe('due');
    expect(reviewState(review, '2026-03-29')).toBe('overdue');
  });
});
