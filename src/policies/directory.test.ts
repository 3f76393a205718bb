import { describe, expect, it } from 'vitest';
import { can } from './index.js';
import { citizen, staff } from './testing.js';

const byWorker = { proposed_by: 'social-worker-id', status: 'proposed' as const };

describe('personal assistants proposed for the directory', () => {
  it('the worker who proposed one, and those who keep the directory, may read it', () => {
    expect(can(staff('social-worker'), 'directory-proposal:read', byWorker)).toBe(true);
    expect(can({ ...staff('social-worker'), id: 'another-worker' }, 'directory-proposal:read', byWorker)).toBe(false);
    expect(can(staff('team-manager'), 'directory-proposal:read', byWorker)).toBe(true);
    expect(can(staff('administrator', []), 'directory-proposal:read', byWorker)).toBe(true);
    expect(can(staff('finance-officer', []), 'directory-proposal:read', byWorker)).toBe(false);
    expect(can(citizen, 'directory-proposal:read', byWorker)).toBe(false);
  });

  it('a manager decides once, and never on their own proposal', () => {
    expect(can(staff('team-manager'), 'directory-proposal:decide', byWorker)).toBe(true);
    expect(can(staff('social-worker'), 'directory-proposal:decide', byWorker)).toBe(false);
    expect(can(staff('team-manager'), 'directory-proposal:decide', { ...byWorker, status: 'approved' })).toBe(false);
    expect(can(staff('team-manager'), 'directory-proposal:decide', { proposed_by: 'team-manager-id', status: 'proposed' })).toBe(false);
  });
});
