import { describe, expect, it } from 'vitest';
import type { SupportLine } from '../planning/plan.js';
import { carePlanResource } from './care-plan.js';

const line: SupportLine = { id: 'l1', description: 'Personal care', directoryEntryId: null, providerName: 'Pat', providerKind: 'personal-assistant', frequency: 'hours-a-week', quantityHundredths: 750, unitCostPence: 1450, needs: [], outcomes: ['o1', 'gone'], management: 'direct-payment', fundingStream: 'social-care', paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null };
const facts = { id: 'p1', personId: 'person-1', planNumber: 2, agreedAt: null, supportStartsOn: '2026-11-02', endedOn: null, importantToMe: null, outcomes: [{ id: 'o1', text: 'Get to the shops', needs: [] }], lines: [line], weeklyCostPence: 10875, today: '2026-12-07' };

describe('an agreed plan as a FHIR CarePlan', () => {
  it('says each line in words with its cost in pence made pounds exactly, and points only to goals it holds', () => {
    const plan = carePlanResource(facts) as unknown as { status: string; activity: { detail: { scheduledString: string; goal?: { reference: string }[] } }[]; note: { text: string }[] };
    expect(plan.status).toBe('active');
    expect(plan.activity[0]!.detail.scheduledString).toBe('7.5 hours a week at £14.50 each: £108.75 a week');
    expect(plan.activity[0]!.detail.goal).toEqual([{ reference: '#outcome-o1' }]);
    expect(plan.note[0]!.text).toBe('The personal budget: £108.75 a week in all.');
  });

  it('is completed once a later version has started', () => {
    expect(carePlanResource({ ...facts, endedOn: '2026-12-01' }).status).toBe('completed');
  });
});
