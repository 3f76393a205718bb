import { describe, expect, it } from 'vitest';
import type { PlanRecord } from '../support-plans/plan-record.js';
import { whereItIs } from './presenters.js';

/** Where the person's plan is, in their words, at each step of the staff flow. */
const record = (plan: Partial<PlanRecord['plan']>) => ({ plan: { status: 'draft', sign_off_level: null, sent_by_person_at: null, sent_by_person_as: null, agreed_on: null, ...plan } }) as unknown as PlanRecord;
const at = new Date('2026-12-01T10:00:00Z');

describe('where the plan is', () => {
  it('follows the plan from writing to agreement, saying why it came back', () => {
    expect(whereItIs(record({}), []).text).toBe('You are writing it.');
    expect(whereItIs(record({ sent_by_person_at: at, sent_by_person_as: 'Helen Ashworth, daughter' }), []).text).toBe('With the worker. Helen Ashworth sent it on 1 December 2026 at 10:00am.');
    expect(whereItIs(record({ status: 'awaiting-sign-off', sign_off_level: 'manager' }), []).text).toBe('With a manager to agree.');
    expect(whereItIs(record({ status: 'awaiting-sign-off', sign_off_level: 'panel' }), []).text).toBe('At the panel. They will decide soon.');
    const back = whereItIs(record({ sent_by_person_at: at, sent_by_person_as: 'Helen Ashworth, daughter' }), [{ decision: 'returned', level: 'manager', reasons: 'Say how nights are covered', decided_at: at }]);
    expect(back.cameBack).toBe('It came back from a manager on 1 December 2026 at 10:00am. They said: “Say how nights are covered”');
    expect(whereItIs(record({ status: 'agreed', agreed_on: '2026-12-02' }), []).text).toBe('Agreed on 2 December 2026.');
  });
});
