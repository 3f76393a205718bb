import { describe, expect, it } from 'vitest';
import { can } from './index.js';
import { caseAccessGiven } from './staff-accounts.js';

const worker = (teamIds: string[], active = true) => ({ role: 'social-worker' as const, active, teamIds });

describe('case access given by an account change (told to the team’s managers)', () => {
  it('a new casework account gives access to each of its teams', () => {
    expect(caseAccessGiven(null, worker(['b', 'a', 'a']))).toEqual(['a', 'b']);
    expect(caseAccessGiven(null, { role: 'team-manager', active: true, teamIds: ['a'] })).toEqual(['a']);
  });

  it('adding a team gives access to that team only; removing one gives none', () => {
    expect(caseAccessGiven(worker(['a']), worker(['a', 'b']))).toEqual(['b']);
    expect(caseAccessGiven(worker(['a', 'b']), worker(['a']))).toEqual([]);
  });

  it('reactivating an account gives its access again; a deactivated one gives none', () => {
    expect(caseAccessGiven(worker(['a'], false), worker(['a']))).toEqual(['a']);
    expect(caseAccessGiven(worker(['a']), worker(['a', 'b'], false))).toEqual([]);
  });

  it('panel members and finance officers reach every team; analysts and administrators reach none', () => {
    expect(caseAccessGiven(null, { role: 'panel-member', active: true, teamIds: [] })).toBe('every-team');
    expect(caseAccessGiven(worker(['a']), { role: 'finance-officer', active: true, teamIds: [] })).toBe('every-team');
    expect(caseAccessGiven({ role: 'panel-member', active: true, teamIds: [] }, { role: 'finance-officer', active: true, teamIds: [] })).toEqual([]);
    expect(caseAccessGiven(null, { role: 'analyst', active: true, teamIds: [] })).toEqual([]);
    expect(caseAccessGiven(null, { role: 'administrator', active: true, teamIds: ['a'] })).toEqual([]);
  });

  it('a panel member becoming a social worker gains the team’s whole casework', () => {
    expect(caseAccessGiven({ role: 'panel-member', active: true, teamIds: [] }, worker(['a']))).toEqual(['a']);
  });
});

describe('who sees a notice of new case access', () => {
  const staff = (role: 'team-manager' | 'social-worker' | 'administrator', teamIds: string[]) => ({ kind: 'staff' as const, id: 'u', email: 'u@x', displayName: 'U', role, teamIds });
  it('the managers of the team only: not its workers, not an administrator, not another team’s manager', () => {
    expect(can(staff('team-manager', ['a']), 'case-access-notice:see', { team_id: 'a' })).toBe(true);
    expect(can(staff('team-manager', ['b']), 'case-access-notice:see', { team_id: 'a' })).toBe(false);
    expect(can(staff('social-worker', ['a']), 'case-access-notice:see', { team_id: 'a' })).toBe(false);
    expect(can(staff('administrator', ['a']), 'case-access-notice:see', { team_id: 'a' })).toBe(false);
  });
});
