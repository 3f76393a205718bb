import { describe, expect, it } from 'vitest';
import { describeEvent, describeValues, fieldLabel, isRead, kindOf } from './history.js';

describe('a record history in words', () => {
  it('says what happened, not the code, naming the plan version', () => {
    expect(describeEvent('plan.agreed', { planNumber: 2 })).toBe('Agreed the support plan, version 2');
    expect(describeEvent('plan.lines-added', { planNumber: 1 })).toBe('Added a line of the support plan, version 1');
    expect(describeEvent('person.viewed')).toBe('Opened the record');
    expect(describeEvent('case-note.corrected')).toBe('Corrected a case note');
    expect(describeEvent('direct-payment.letter-sent')).toBe('Direct payment: letter sent');
  });

  it('formats money, dates and yes or no, and leaves internal ids out', () => {
    expect(describeValues({ weeklyPence: 12_345, agreed_on: '2026-04-01', at: '2026-04-01T10:00:00.000Z', active: true, team_id: '3f0c6a57-2b1e-4d7a-9c1e-1f2e3d4c5b6a', given_name: 'Ada', reason: null })).toEqual([
      'Weekly: £123.45',
      'Agreed on: 1 April 2026',
      'At: 1 April 2026',
      'Active: Yes',
      'Given name: Ada',
      'Reason: (none)',
    ]);
    expect(fieldLabel('contribution_weekly_pence')).toBe('Contribution weekly');
    expect(fieldLabel('nhs_number')).toBe('NHS number');
    expect(describeValues({ kind: 'phone-call' })).toEqual(['Kind: phone call']);
  });

  it('knows reads from changes, and the kind of each event', () => {
    expect(isRead('person.viewed')).toBe(true);
    expect(isRead('financial-assessment.evidence-viewed')).toBe(true);
    expect(isRead('case-document.opened')).toBe(true);
    expect(isRead('person.updated')).toBe(false);
    expect(kindOf('plan.agreed')).toBe('plan');
    expect(kindOf('person.transferred')).toBe('casework');
    expect(kindOf('person.updated')).toBe('record');
    expect(kindOf('direct-payment.varied')).toBe('money');
  });
});
