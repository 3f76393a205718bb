import { describe, expect, it } from 'vitest';
import { can, has } from './index.js';
import { NORTH, SOUTH, staff, person, citizen, representative } from './testing.js';

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
  it('a worker opens someone outside their teams only after giving a reason, to read and write notes, not to change', () => {
    const duty = staff('social-worker', [SOUTH]);
    expect(can(duty, 'person:read', person())).toBe(false);
    expect(can(duty, 'person:open-with-reason', person())).toBe(true);
    expect(can(staff('social-worker'), 'person:open-with-reason', person())).toBe(false); // their own team needs no reason
    const opened = { ...duty, openedPeople: ['p1'] };
    expect(can(opened, 'person:read', person())).toBe(true);
    expect(can(opened, 'person:notes', person())).toBe(true);
    expect(can(opened, 'assessment:read', { assessment: { status: 'completed', outcome: null }, person: person() })).toBe(true);
    expect(can(opened, 'person:change', person())).toBe(false);
    expect(can(opened, 'person:transfer', person())).toBe(false);
    expect(can(opened, 'person:allocate', person())).toBe(false);
    expect(can(opened, 'plan:write', { plan: { status: 'draft', sign_off_level: null }, person: person() })).toBe(false);
    // A reason opens that person only, and never for roles without casework.
    expect(can(opened, 'person:read', { ...person(), id: 'p2' })).toBe(false);
    expect(can({ ...staff('analyst', []), openedPeople: ['p1'] }, 'person:read', person())).toBe(false);
    expect(can(staff('analyst', []), 'person:open-with-reason', person())).toBe(false);
  });
  it('team managers allocate their teams’ open records; casework staff transfer them', () => {
    expect(can(staff('team-manager'), 'person:allocate', person())).toBe(true);
    expect(can(staff('social-worker'), 'person:allocate', person())).toBe(false);
    expect(can(staff('team-manager', [SOUTH]), 'person:allocate', person())).toBe(false);
    expect(can(staff('team-manager'), 'person:allocate', person(NORTH, '2026-01-01'))).toBe(false);
    expect(can(staff('social-worker'), 'person:transfer', person())).toBe(true);
    expect(can(staff('social-worker'), 'person:transfer', person(NORTH, '2026-01-01'))).toBe(false);
  });
  it('people using the service and their representatives hold no staff rule', () => {
    for (const actor of [citizen, representative]) {
      expect(can(actor, 'person:read', person())).toBe(false);
      expect(has(actor, 'people:read')).toBe(false);
    }
    expect(can(undefined, 'person:read', person())).toBe(false);
  });
});
