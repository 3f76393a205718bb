import type { DirectoryProposal } from '../db/schema.js';
import { has } from './abilities.js';
import { type Actor, isStaff } from './actor.js';

/** Rules for personal assistants proposed for the directory. */
export type ProposalFacts = Pick<DirectoryProposal, 'proposed_by' | 'status'>;

const proposedBy = (actor: Actor, p: ProposalFacts) => isStaff(actor) && actor.id === p.proposed_by;

export const directoryRules = {
  /** Whoever proposed it, and those who keep the directory. */
  'directory-proposal:read': (actor: Actor, p: ProposalFacts) => has(actor, 'directory:manage') || (has(actor, 'directory:propose') && proposedBy(actor, p)),
  /** Those who keep the directory decide, once, and never on their own proposal. */
  'directory-proposal:decide': (actor: Actor, p: ProposalFacts) => has(actor, 'directory:manage') && p.status === 'proposed' && !proposedBy(actor, p),
};
