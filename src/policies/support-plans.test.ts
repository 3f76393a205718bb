import { describe, expect, it } from 'vitest';
import { can } from './index.js';
import { signOffQueueScope } from './support-plans.js';
import { NORTH, SOUTH, staff, plan, citizen } from './testing.js';

describe('support plans', () => {
  it('panel members open only plans waiting for the panel, from any team', () => {
    const panel = staff('panel-member', []);
    expect(can(panel, 'plan:read', plan('awaiting-sign-off', 'panel', { team: SOUTH }))).toBe(true);
    expect(can(panel, 'plan:read', plan('awaiting-sign-off', 'manager'))).toBe(false);
    expect(can(panel, 'plan:read', plan('agreed', 'panel'))).toBe(false);
    expect(can(panel, 'plan:decide', plan('awaiting-sign-off', 'panel', { team: SOUTH }))).toBe(true);
    expect(can(panel, 'plan:write', plan('awaiting-sign-off', 'panel'))).toBe(false);
    expect(can(panel, 'plan:see-casework', plan('awaiting-sign-off', 'panel'))).toBe(false);
  });
  it('sign-off follows delegated authority: a worker within budget, a manager to their limit, the panel beyond', () => {
    const worker = staff('social-worker');
    const manager = staff('team-manager');
    expect(can(worker, 'plan:decide', plan('awaiting-sign-off', 'worker'))).toBe(true);
    expect(can(worker, 'plan:decide', plan('awaiting-sign-off', 'manager'))).toBe(false);
    expect(can(manager, 'plan:decide', plan('awaiting-sign-off', 'manager'))).toBe(true);
    expect(can(manager, 'plan:decide', plan('awaiting-sign-off', 'panel'))).toBe(false);
    expect(can(manager, 'plan:decide', plan('awaiting-sign-off', 'worker', { team: SOUTH }))).toBe(false);
    expect(can(manager, 'plan:decide', plan('draft'))).toBe(false);
  });
  it('only a draft of an open record is edited; only the newest agreed version is revised', () => {
    const worker = staff('social-worker');
    expect(can(worker, 'plan:edit', plan('draft'))).toBe(true);
    expect(can(worker, 'plan:edit', plan('agreed'))).toBe(false);
    expect(can(worker, 'plan:edit', plan('draft', null, { closed: true }))).toBe(false);
    expect(can(worker, 'plan:revise', plan('agreed', 'worker'))).toBe(true);
    expect(can(worker, 'plan:revise', plan('agreed', 'worker', { latest: false }))).toBe(false);
    expect(can(worker, 'plan:record-support-start', plan('agreed', 'worker', { closed: true }))).toBe(true);
  });
  it('the sign-off queue holds the levels each role may agree, for their teams or every team', () => {
    expect(signOffQueueScope(staff('social-worker'))).toEqual({ levels: ['worker'], teamIds: [NORTH] });
    expect(signOffQueueScope(staff('team-manager'))).toEqual({ levels: ['worker', 'manager'], teamIds: [NORTH] });
    expect(signOffQueueScope(staff('panel-member', []))).toEqual({ levels: ['panel'], teamIds: 'every-team' });
    expect(signOffQueueScope(staff('finance-officer'))).toBeNull();
    expect(signOffQueueScope(citizen)).toBeNull();
  });
});
