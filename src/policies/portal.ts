import type { Actor, RecordPart } from './actor.js';

/**
 * What a person or a representative may see through My Selfdirect: a person, their own record,
 * every part; a representative, only the people they were given, and only the parts given. Staff
 * never use the portal (they have their own pages and rules). Tests in portal.test.ts.
 */
export function portalReach(actor: Actor, personId: string, part?: RecordPart): boolean {
  if (actor.kind === 'person') return actor.personId === personId;
  if (actor.kind === 'representative') return actor.grants.some((g) => g.personId === personId && (part === undefined || g.parts.includes(part)));
  return false;
}

export const portalRules = {
  'portal:person': (actor: Actor, record: { person_id: string }) => portalReach(actor, record.person_id),
  'portal:plan': (actor: Actor, record: { person_id: string }) => portalReach(actor, record.person_id, 'plan'),
  'portal:money': (actor: Actor, record: { person_id: string }) => portalReach(actor, record.person_id, 'money'),
  'portal:assessment': (actor: Actor, record: { person_id: string }) => portalReach(actor, record.person_id, 'assessment'),
  'portal:messages': (actor: Actor, record: { person_id: string }) => portalReach(actor, record.person_id, 'messages'),
};
