import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain: each entry's hash covers its own content and the previous
 * entry's hash, so altering, removing or reordering any entry breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  personId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) sorted[key] = sortKeys(v);
    }
    return sorted;
  }
  return value;
}

export function entryHash(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

export interface ChainedEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

export type ChainProblem = { seq: number; problem: string };

/**
 * Walks entries in order. Returns the first problem found, or null when the chain is whole.
 * `previous` lets a caller verify in pages: the last entry of the page before.
 */
export function findChainBreak(
  entries: Iterable<ChainedEntry>,
  previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainProblem | null {
  let expectedSeq = previous.seq + 1;
  let prevHash = previous.hash;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return { seq: entry.seq, problem: `expected entry ${expectedSeq} next, found ${entry.seq}: an entry is missing or out of order` };
    }
    if (entry.prevHash !== prevHash) {
      return { seq: entry.seq, problem: 'its link to the entry before does not match: an entry before it was removed, reordered or altered' };
    }
    const { prevHash: _p, hash, ...content } = entry;
    if (entryHash(prevHash, content) !== hash) {
      return { seq: entry.seq, problem: 'its content does not match its hash: the entry was altered' };
    }
    prevHash = hash;
    expectedSeq += 1;
  }
  return null;
}
