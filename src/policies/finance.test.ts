import { describe, expect, it } from 'vitest';
import { can } from './index.js';
import { staff } from './testing.js';

describe('finance and administration', () => {
  it('finance officers manage every team’s direct payments; no one else does', () => {
    expect(can(staff('finance-officer', []), 'account:manage', { person_id: 'p1' })).toBe(true);
    for (const role of ['social-worker', 'team-manager', 'administrator', 'analyst'] as const) expect(can(staff(role), 'account:manage', { person_id: 'p1' })).toBe(false);
    expect(can(staff('analyst'), 'spend:read', {})).toBe(true);
  });
  it('an administrator cannot remove their own administrator access', () => {
    const admin = staff('administrator', []);
    expect(can(admin, 'staff-account:keep-own-access', { id: admin.id, role: 'administrator', active: true })).toBe(true);
    expect(can(admin, 'staff-account:keep-own-access', { id: admin.id, role: 'analyst', active: true })).toBe(false);
    expect(can(admin, 'staff-account:keep-own-access', { id: admin.id, role: 'administrator', active: false })).toBe(false);
    expect(can(admin, 'staff-account:keep-own-access', { id: 'someone-else', role: 'analyst', active: false })).toBe(true);
  });
});
