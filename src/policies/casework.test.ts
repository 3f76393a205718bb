import { describe, expect, it } from 'vitest';
import { can } from './index.js';
import { NORTH, SOUTH, staff, person } from './testing.js';

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
  it('front door contacts: casework staff of the team the contact came to', () => {
    const contact = { contact: { team_id: SOUTH } };
    expect(can(staff('social-worker', [SOUTH]), 'contact:write', contact)).toBe(true);
    expect(can(staff('social-worker', [NORTH]), 'contact:read', contact)).toBe(false);
    expect(can(staff('analyst', [SOUTH]), 'contact:read', contact)).toBe(false);
    expect(can(staff('finance-officer'), 'contact:write', contact)).toBe(false);
  });
});
