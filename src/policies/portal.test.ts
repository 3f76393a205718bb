import { describe, expect, it } from 'vitest';
import type { PersonActor, RepresentativeActor, StaffActor } from './actor.js';
import { can } from './index.js';

const peggy: PersonActor = { kind: 'person', id: 'a1', displayName: 'Peggy', personId: 'p1' };
const helen: RepresentativeActor = { kind: 'representative', id: 'a2', displayName: 'Helen', grants: [{ personId: 'p1', parts: ['plan', 'money'] }] };
const worker: StaffActor = { kind: 'staff', id: 's1', email: 'w@x', displayName: 'W', role: 'social-worker', teamIds: ['t1'] };

describe('portal rules', () => {
  it('a person reaches their own record, every part, and no one else’s', () => {
    expect(can(peggy, 'portal:person', { person_id: 'p1' })).toBe(true);
    expect(can(peggy, 'portal:messages', { person_id: 'p1' })).toBe(true);
    expect(can(peggy, 'portal:person', { person_id: 'p2' })).toBe(false);
  });

  it('a representative reaches only the people and the parts they were given', () => {
    expect(can(helen, 'portal:person', { person_id: 'p1' })).toBe(true);
    expect(can(helen, 'portal:plan', { person_id: 'p1' })).toBe(true);
    expect(can(helen, 'portal:assessment', { person_id: 'p1' })).toBe(false);
    expect(can(helen, 'portal:money', { person_id: 'p2' })).toBe(false);
  });

  it('staff never use the portal’s rules', () => {
    expect(can(worker, 'portal:person', { person_id: 'p1' })).toBe(false);
  });
});
