import { expect, it } from 'vitest';
import { type PlanContent, planChanges } from './changes.js';
import type { SupportLine } from './plan.js';

const line: SupportLine = {
  id: 'l1', description: 'Help to get up', directoryEntryId: null, providerName: 'Jo', providerKind: 'personal-assistant', frequency: 'hours-a-week',
  quantityHundredths: 700, unitCostPence: 1450, needs: [], outcomes: [], management: 'direct-payment', fundingStream: 'social-care',
  paysRelativeInHousehold: false, relativeDecision: null, employerInsurance: null, payrollArrangement: null,
};
const before: PlanContent = {
  importantToMe: 'My garden', stayingWell: null, contingency: null, preventionAdvice: null,
  outcomes: [{ id: 'o1', text: 'Stay at home', needs: [] }], unpaidSupport: [], lines: [line],
  contributionWeeklyPence: 2000, paymentFrequency: 'four-weekly', exceptionalNeed: null, differenceReason: null,
};

it('says in sentences what changed between two versions', () => {
  const after: PlanContent = {
    ...before,
    importantToMe: 'My garden and my dog',
    stayingWell: 'Walks',
    outcomes: [{ id: 'o2', text: 'Get to the shops', needs: [] }],
    lines: [{ ...line, quantityHundredths: 1000 }],
    contributionWeeklyPence: 2500,
  };
  expect(planChanges(before, after)).toEqual([
    { part: 'What is important to me', change: 'Changed from “My garden” to “My garden and my dog”' },
    { part: 'What I can do to stay well', change: 'Added: Walks' },
    { part: 'Outcomes', change: 'Added: Get to the shops' },
    { part: 'Outcomes', change: 'Removed: Stay at home' },
    { part: 'Costed support', change: 'Changed from “Help to get up from Jo (7 hours a week at £14.50, £101.50 a week; direct payment to the person; social care)” to “Help to get up from Jo (10 hours a week at £14.50, £145.00 a week; direct payment to the person; social care)”' },
    { part: 'Your contribution', change: 'Changed from £20.00 to £25.00 a week' },
  ]);
  expect(planChanges(before, before)).toEqual([]);
});
