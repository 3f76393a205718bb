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
  it('people using the service and their representatives hold no staff rule', () => {
    for (const actor of [citizen, representative]) {
      expect(can(actor, 'person:read', person())).toBe(false);
      expect(has(actor, 'people:read')).toBe(false);
    }
    expect(can(undefined, 'person:read', person())).toBe(false);
  });
});
