import { describe, expect, it } from 'vitest';
import type { CheckRecord } from '../directory/checks.js';
import { affordableCheck, effectiveCheck, legalCheck, planChecks, type DirectoryFacts } from './checks.js';
import type { SupportLine } from './plan.js';

const needs = [
  { id: 'personal-care', title: 'Personal care' },
  { id: 'mobility', title: 'Moving around' },
];

function line(overrides: Partial<SupportLine> = {}): SupportLine {
  return {
    id: 'line-1',
    description: 'Help to get up',
    directoryEntryId: null,
    providerName: 'Anytown Home Care',
    providerKind: 'organisation',
    frequency: 'hours-a-week',
    quantityHundredths: 1000,
    unitCostPence: 2000,
    needs: ['personal-care'],
    outcomes: [],
    management: 'council-commissioned',
    fundingStream: 'social-care',
    paysRelativeInHousehold: false,
    relativeDecision: null,
    employerInsurance: null,
    payrollArrangement: null,
    ...overrides,
  };
}

const outcome = { id: 'o1', text: 'Stay at home', needs: ['personal-care'] };
const today = '2026-11-23';
const clearDbs: CheckRecord = { check_type: 'dbs', checked_on: '2026-01-10', expires_on: null, update_service: false, outcome: 'clear', decision: null };
const rightToWork: CheckRecord = { check_type: 'right-to-work', checked_on: '2025-01-10', expires_on: null, update_service: false, outcome: null, decision: null };
const pa = (checks: CheckRecord[]): Map<string, DirectoryFacts> => new Map([['pa-1', { name: 'Jo Bloggs', kind: 'personal-assistant', checks }]]);

describe('Effective', () => {
  it('passes when every assessed need is met by a line or by unpaid support', () => {
    const result = effectiveCheck({ needs, outcomes: [outcome], lines: [line()], unpaidSupport: [{ id: 'u1', who: 'Derek', what: 'Walks', needs: ['mobility'] }] });
    expect(result).toEqual({ passed: true, problems: [], notes: [] });
  });

  it('needs at least one outcome', () => {
    const result = effectiveCheck({ needs: [], outcomes: [], lines: [], unpaidSupport: [] });
    expect(result.problems.map((p) => p.message)).toEqual(['Add at least one outcome the person wants to achieve']);
  });

  it('lists each assessed need nothing meets', () => {
    const result = effectiveCheck({ needs, outcomes: [outcome], lines: [line()], unpaidSupport: [] });
    expect(result.passed).toBe(false);
    expect(result.problems.map((p) => p.message)).toEqual(['Nothing in the plan meets the assessed need “Moving around”: add support for it, paid or unpaid']);
  });

  it('refuses money spent on something that meets no assessed need', () => {
    const result = effectiveCheck({ needs, outcomes: [outcome], lines: [line({ needs: ['personal-care'] }), line({ id: 'line-2', description: 'Holiday', needs: [] })], unpaidSupport: [{ id: 'u', who: 'D', what: 'W', needs: ['mobility'] }] });
    expect(result.problems).toEqual([{ message: '“Holiday” does not meet any assessed need: the budget may only be spent on assessed needs and agreed outcomes', fix: { part: 'line', id: 'line-2' } }]);
  });
});

describe('Legal', () => {
  it('flags a line paying a close relative in the household until a decision is recorded (reg 3)', () => {
    const paying = line({ paysRelativeInHousehold: true, management: 'direct-payment' });
    expect(legalCheck({ lines: [paying], directory: new Map(), today }).problems.map((p) => p.message)).toEqual([
      '“Help to get up” pays a close relative who lives with the person. Record the council’s decision that this is necessary, or choose someone else',
    ]);
    expect(legalCheck({ lines: [{ ...paying, relativeDecision: 'Necessary: no other carer speaks Gujarati' }], directory: new Map(), today }).passed).toBe(true);
  });

  it('needs a personal assistant paid by direct payment to be in the directory', () => {
    const result = legalCheck({ lines: [line({ providerKind: 'personal-assistant', providerName: 'Ann', management: 'direct-payment', employerInsurance: 'X', payrollArrangement: 'Y' })], directory: new Map(), today });
    expect(result.problems.map((p) => p.message)).toEqual(['Ann is not in the directory, so no DBS check is recorded. Propose them for the directory (a manager adds them and records their checks), then choose them for “Help to get up”']);
  });

  it('needs the personal assistant’s DBS check in date, using the directory’s rule', () => {
    const expired = { ...clearDbs, checked_on: '2023-01-01' };
    const result = legalCheck({ lines: [line({ directoryEntryId: 'pa-1', management: 'direct-payment', employerInsurance: 'X', payrollArrangement: 'Y' })], directory: pa([expired, rightToWork]), today });
    expect(result.problems.map((p) => p.message)).toEqual(['Jo Bloggs: the DBS check was due to be renewed on 1 January 2026']);
  });

  it('needs the employer’s insurance and payroll recorded for a personal assistant paid by direct payment', () => {
    const result = legalCheck({ lines: [line({ directoryEntryId: 'pa-1', management: 'indirect-payment' })], directory: pa([clearDbs, rightToWork]), today });
    expect(result.problems.map((p) => p.message)).toEqual(['Record the employer’s liability insurance for employing Jo Bloggs', 'Record how Jo Bloggs is paid through payroll, so tax and National Insurance are paid']);
  });

  it('does not ask for employer’s checks when the council commissions the support', () => {
    expect(legalCheck({ lines: [line({ directoryEntryId: 'pa-1', management: 'council-commissioned' })], directory: pa([]), today }).passed).toBe(true);
  });
});

describe('Affordable', () => {
  it('passes within the indicative budget and says so', () => {
    const result = affordableCheck({ lines: [line()], indicativeWeeklyPence: 20_000, differenceReason: null });
    expect(result.passed).toBe(true);
    expect(result.notes).toEqual(['The plan costs £200.00 a week, within the indicative personal budget of £200.00 a week']);
  });

  it('fails over budget until the difference is explained', () => {
    const over = affordableCheck({ lines: [line()], indicativeWeeklyPence: 19_999, differenceReason: null });
    expect(over.problems).toEqual([{ message: 'The plan costs £200.00 a week, £0.01 a week more than the indicative personal budget of £199.99 a week. Explain why, or change the plan', fix: { part: 'money' } }]);
    const explained = affordableCheck({ lines: [line()], indicativeWeeklyPence: 19_999, differenceReason: 'Two carers are needed to move safely' });
    expect(explained.passed).toBe(true);
    expect(explained.notes[0]).toContain('The reason is recorded and the plan needs sign-off at a higher level');
  });

  it('counts one-off costs over the year and leaves other funding streams out', () => {
    const lines = [line(), line({ id: 'l2', description: 'Grab rails', frequency: 'one-off', quantityHundredths: 100, unitCostPence: 5_200 }), line({ id: 'l3', fundingStream: 'health', unitCostPence: 99_999 })];
    const result = affordableCheck({ lines, indicativeWeeklyPence: 20_000, differenceReason: null });
    expect(result.problems[0]!.message).toBe('The plan costs £200.00 a week and £52.00 one-off (£10,452.00 a year), £52.00 a year more than the indicative personal budget of £200.00 a week (£10,400.00 a year). Explain why, or change the plan');
  });
});

it('planChecks runs all three', () => {
  const checks = planChecks({ needs, outcomes: [], unpaidSupport: [], lines: [], directory: new Map(), indicativeWeeklyPence: 0, differenceReason: null, today });
  expect([checks.effective.passed, checks.legal.passed, checks.affordable.passed]).toEqual([false, true, true]);
});
