import { describe, expect, it } from 'vitest';
import { type CheckRecord, addMonths, checkState, compliance, personalAssistantLegalCheck } from './checks.js';

const policy = { dbsRecheckMonths: 36, dueSoonDays: 30 };
const dbs = (checked_on: string, extra: Partial<CheckRecord> = {}): CheckRecord => ({ check_type: 'dbs', checked_on, expires_on: null, update_service: false, outcome: 'clear', decision: null, ...extra });
const expiring = (check_type: CheckRecord['check_type'], expires_on: string | null): CheckRecord => ({ check_type, checked_on: '2025-01-01', expires_on, update_service: false, outcome: null, decision: null });

describe('check expiry', () => {
  it('adds months, keeping to the end of shorter months', () => {
    expect(addMonths('2023-03-15', 36)).toBe('2026-03-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
  });

  it('a DBS check is good through its recheck date, due soon within 30 days of it, expired the day after', () => {
    const check = dbs('2023-03-15'); // due 2026-03-15
    expect(checkState(check, '2026-02-12', policy)).toEqual({ state: 'valid', dueOn: '2026-03-15' });
    expect(checkState(check, '2026-02-13', policy)).toEqual({ state: 'due-soon', dueOn: '2026-03-15' });
    expect(checkState(check, '2026-03-15', policy)).toEqual({ state: 'due-soon', dueOn: '2026-03-15' });
    expect(checkState(check, '2026-03-16', policy)).toEqual({ state: 'expired', dueOn: '2026-03-15' });
  });

  it('a DBS check on the update service does not need rechecking', () => {
    expect(checkState(dbs('2015-01-01', { update_service: true }), '2026-11-23', policy)).toEqual({ state: 'valid', dueOn: null });
  });

  it('the recheck period is the council’s setting', () => {
    expect(checkState(dbs('2025-01-10'), '2026-01-11', { dbsRecheckMonths: 12, dueSoonDays: 30 }).state).toBe('expired');
  });

  it('insurance and accreditation run out on their expiry date', () => {
    expect(checkState(expiring('public-liability-insurance', '2026-11-23'), '2026-11-23', policy).state).toBe('due-soon');
    expect(checkState(expiring('public-liability-insurance', '2026-11-23'), '2026-11-24', policy).state).toBe('expired');
    expect(checkState(expiring('accreditation', '2027-01-01'), '2026-11-23', policy).state).toBe('valid');
    expect(checkState(expiring('right-to-work', null), '2040-01-01', policy).state).toBe('valid');
  });
});

describe('meeting the standard', () => {
  it('a personal assistant needs a DBS check and a right-to-work check', () => {
    expect(compliance('personal-assistant', [], '2026-11-23', policy)).toEqual({
      state: 'not-met',
      problems: ['No DBS check is recorded', 'No right-to-work check is recorded'],
      dueSoon: [],
    });
    expect(compliance('personal-assistant', [dbs('2025-01-01'), expiring('right-to-work', null)], '2026-11-23', policy).state).toBe('meets-standard');
  });

  it('the latest check of a type counts', () => {
    const checks = [dbs('2020-01-01'), dbs('2025-06-01'), expiring('right-to-work', null)];
    expect(compliance('personal-assistant', checks, '2026-11-23', policy).state).toBe('meets-standard');
  });

  it('a disclosure with information needs a recorded decision', () => {
    const checks = [dbs('2025-01-01', { outcome: 'information' }), expiring('right-to-work', null)];
    expect(compliance('personal-assistant', checks, '2026-11-23', policy).problems).toEqual(['The DBS certificate has information on it and no decision about it is recorded']);
    checks[0] = dbs('2025-01-01', { outcome: 'information', decision: 'Spent conviction, not relevant to the role' });
    expect(compliance('personal-assistant', checks, '2026-11-23', policy).state).toBe('meets-standard');
  });

  it('providers need insurance and support organisations accreditation', () => {
    expect(compliance('provider', [expiring('public-liability-insurance', '2026-12-01')], '2026-11-23', policy)).toEqual({
      state: 'due-soon',
      problems: [],
      dueSoon: ['Public liability insurance runs out on 1 December 2026'],
    });
    expect(compliance('support-organisation', [expiring('accreditation', '2026-10-31')], '2026-11-23', policy).problems).toEqual(['Accreditation ran out on 31 October 2026']);
  });

  it('a suspended or withdrawn accreditation does not meet the standard, even in date', () => {
    const accreditation = (status: 'accredited' | 'suspended' | 'withdrawn') => ({ ...expiring('accreditation', '2027-06-30'), accreditation_status: status });
    expect(compliance('support-organisation', [accreditation('accredited')], '2026-11-23', policy).state).toBe('meets-standard');
    expect(compliance('support-organisation', [accreditation('suspended')], '2026-11-23', policy).problems).toEqual(['Accreditation is suspended']);
    expect(compliance('support-organisation', [accreditation('withdrawn')], '2026-11-23', policy).problems).toEqual(['Accreditation is withdrawn']);
  });

  it('the Legal check of a plan line names the personal assistant and the reason', () => {
    expect(personalAssistantLegalCheck('Jo Bloggs', [dbs('2023-03-15'), expiring('right-to-work', null)], '2026-11-23', policy)).toEqual({
      ok: false,
      reasons: ['Jo Bloggs: the DBS check was due to be renewed on 15 March 2026'],
    });
    expect(personalAssistantLegalCheck('Jo Bloggs', [dbs('2025-03-15'), expiring('right-to-work', null)], '2026-11-23', policy)).toEqual({ ok: true, reasons: [] });
  });
});
