import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema.js';
import type { Actor, StaffActor } from './actor.js';
import { can, has } from './index.js';
import { signOffQueueScope } from './support-plans.js';

const NORTH = 'north-team';
const SOUTH = 'south-team';
const staff = (role: Role, teamIds: string[] = [NORTH]): StaffActor => ({ kind: 'staff', id: `${role}-id`, email: `${role}@example`, displayName: role, role, teamIds });
const person = (team_id = NORTH, closed_on: string | null = null) => ({ id: 'p1', team_id, closed_on });
const plan = (status: 'draft' | 'awaiting-sign-off' | 'agreed', sign_off_level: 'worker' | 'manager' | 'panel' | null = null, extra: { team?: string; latest?: boolean; closed?: boolean } = {}) => ({
  plan: { status, sign_off_level },
  person: person(extra.team ?? NORTH, extra.closed ? '2026-01-01' : null),
  latest: extra.latest ?? true,
});
const citizen: Actor = { kind: 'person', id: 'c1', displayName: 'Peggy', personId: 'p1' };
const representative: Actor = { kind: 'representative', id: 'r1', displayName: 'Anna', grants: [{ personId: 'p1', parts: ['plan'] }] };

describe('people', () => {
  it('casework staff see and change their own teams’ people only', () => {
    for (const role of ['social-worker', 'team-manager'] as const) {
      expect(can(staff(role), 'person:read', person())).toBe(true);
      expect(can(staff(role), 'person:write', person())).toBe(true);
      expect(can(staff(role), 'person:read', person(SOUTH))).toBe(false);
      expect(can(staff(role, [NORTH, SOUTH]), 'person:read', person(SOUTH))).toBe(true);
    }
  });
  it('a closed record can be read but not changed', () => {
    expect(can(staff('social-worker'), 'person:read', person(NORTH, '2026-01-01'))).toBe(true);
    expect(can(staff('social-worker'), 'person:change', person(NORTH, '2026-01-01'))).toBe(false);
    expect(can(staff('social-worker'), 'person:start-plan', person(NORTH, '2026-01-01'))).toBe(false);
  });
  it('only team managers read a record’s history', () => {
    expect(can(staff('team-manager'), 'person:history', person())).toBe(true);
    expect(can(staff('social-worker'), 'person:history', person())).toBe(false);
  });
  it('administrators, analysts, finance officers and panel members never open a person’s record, whatever their teams', () => {
    for (const role of ['administrator', 'analyst', 'finance-officer', 'panel-member'] as const) {
      expect(can(staff(role, [NORTH]), 'person:read', person())).toBe(false);
      expect(can(staff(role, [NORTH]), 'person:write', person())).toBe(false);
    }
  });
  it('people using the service and their representatives hold no staff rule', () => {
    for (const actor of [citizen, representative]) {
      expect(can(actor, 'person:read', person())).toBe(false);
      expect(has(actor, 'people:read')).toBe(false);
    }
    expect(can(undefined, 'person:read', person())).toBe(false);
  });
});

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

describe('assessments, reviews and concerns', () => {
  it('the panel sees assessments referred to it; casework staff their teams’', () => {
    const referred = { assessment: { status: 'completed' as const, outcome: 'panel-review' as const }, person: person(SOUTH) };
    expect(can(staff('panel-member', []), 'assessment:panel', referred)).toBe(true);
    expect(can(staff('panel-member', []), 'assessment:panel', { ...referred, assessment: { status: 'completed', outcome: 'allocated' } })).toBe(false);
    expect(can(staff('social-worker'), 'assessment:read', referred)).toBe(false);
    expect(can(staff('social-worker', [SOUTH]), 'assessment:write', referred)).toBe(true);
  });
  it('a review is recorded while scheduled, on an open record', () => {
    const worker = staff('social-worker');
    expect(can(worker, 'review:record', { review: { status: 'scheduled' }, person: person() })).toBe(true);
    expect(can(worker, 'review:record', { review: { status: 'completed' }, person: person() })).toBe(false);
    expect(can(worker, 'review:record', { review: { status: 'scheduled' }, person: person(NORTH, '2026-01-01') })).toBe(false);
    expect(can(staff('panel-member'), 'review:record', { review: { status: 'scheduled' }, person: person() })).toBe(false);
  });
  it('safeguarding concerns: casework staff for their teams', () => {
    expect(can(staff('team-manager'), 'concern:write', { person: person() })).toBe(true);
    expect(can(staff('team-manager', [SOUTH]), 'concern:write', { person: person() })).toBe(false);
    expect(can(staff('finance-officer'), 'concern:write', { person: person() })).toBe(false);
  });
});

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
