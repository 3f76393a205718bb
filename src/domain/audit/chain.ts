import { createHash, createHmac } from 'node:crypto';

/**
 * The audit trail is a keyed hash chain: each entry's hash is an HMAC, under a key held outside
 * the database, of its own content and the previous entry's hash. Altering, removing or
 * reordering an entry breaks every link after it, and someone who can write to the database but
 * does not hold the key cannot recompute the chain to hide it. The key that signed an entry is
 * named by its id, so keys can be rotated and old entries still checked.
 *
 * Entries written before the trail was keyed carry no key id and a plain SHA-256: they are only
 * accepted before the first keyed entry.
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

export interface AuditKey {
  id: string;
  secret: Buffer;
}

/** The keys that check the trail, by id; `signing` signs new entries. */
export interface AuditKeyRing {
  signing: AuditKey;
  byId: ReadonlyMap<string, Buffer>;
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

/** The unkeyed hash of entries written before the trail was keyed. */
export function unkeyedEntryHash(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

/** The key id is inside what is signed, so an entry cannot be passed off as another key's. */
export function entryHash(prevHash: string, entry: AuditEntryContent, key: AuditKey): string {
  return createHmac('sha256', key.secret).update(prevHash).update('\n').update(key.id).update('\n').update(canonicalJson(entry)).digest('hex');
}

export interface ChainedEntry extends AuditEntryContent {
  keyId: string | null;
  prevHash: string;
  hash: string;
}

export type ChainProblem = { seq: number; problem: string };

/** Where a page of verification starts: the last entry checked, and whether keying had begun. */
export interface ChainPosition {
  seq: number;
  hash: string;
  keyed: boolean;
}

export const CHAIN_START: ChainPosition = { seq: 0, hash: GENESIS_HASH, keyed: false };

/**
 * Walks entries in order. Returns the first problem found, or null when the chain is whole.
 * `previous` lets a caller verify in pages: where the page before ended.
 */
export function findChainBreak(entries: Iterable<ChainedEntry>, keys: ReadonlyMap<string, Buffer>, previous: ChainPosition = CHAIN_START): ChainProblem | null {
  let expectedSeq = previous.seq + 1;
  let prevHash = previous.hash;
  let keyed = previous.keyed;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return { seq: entry.seq, problem: `expected entry ${expectedSeq} next, found ${entry.seq}: an entry is missing or out of order` };
    }
    if (entry.prevHash !== prevHash) {
      return { seq: entry.seq, problem: 'its link to the entry before does not match: an entry before it was removed, reordered or altered' };
    }
    const { prevHash: _p, hash, keyId, ...content } = entry;
    if (keyId === null) {
      if (keyed) return { seq: entry.seq, problem: 'it carries no key although entries before it do: it was written or rewritten without the audit key' };
      if (unkeyedEntryHash(prevHash, content) !== hash) return { seq: entry.seq, problem: 'its content does not match its hash: the entry was altered' };
    } else {
      const secret = keys.get(keyId);
      if (!secret) return { seq: entry.seq, problem: `it was signed with audit key '${keyId}', which is not configured (AUDIT_KEYS)` };
      if (entryHash(prevHash, content, { id: keyId, secret }) !== hash) {
        return { seq: entry.seq, problem: 'its content does not match its keyed hash: the entry was altered, or its hash recomputed without the audit key' };
      }
      keyed = true;
    }
    prevHash = hash;
    expectedSeq += 1;
  }
  return null;
}

/**
 * The head of the chain as it stood at a moment, kept outside the database (in a backup's
 * manifest, in a file or a log line) so that cutting entries off the end can be seen.
 */
export interface AuditAnchor {
  format: 'selfdirect-audit-anchor/1';
  /** Entries in the trail then; the last of them has sequence number `entries`. */
  entries: number;
  /** The hash of entry `entries` (the genesis hash when the trail was empty). */
  hash: string;
  at: string;
}

export const ANCHOR_FORMAT = 'selfdirect-audit-anchor/1';

export function parseAnchor(value: unknown): AuditAnchor | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.format !== ANCHOR_FORMAT || !Number.isSafeInteger(v.entries) || (v.entries as number) < 0) return null;
  if (typeof v.hash !== 'string' || !/^[0-9a-f]{64}$/.test(v.hash) || typeof v.at !== 'string') return null;
  return { format: ANCHOR_FORMAT, entries: v.entries as number, hash: v.hash, at: v.at };
}

/** Whether a trail of `entries` entries, whose entry at the anchor has `hashAtAnchor`, agrees with the anchor: null when it does. */
export function anchorProblem(anchor: AuditAnchor, entries: number, hashAtAnchor: string | undefined): string | null {
  if (entries < anchor.entries) {
    return `the trail has ${entries} entries but had ${anchor.entries} at ${anchor.at}: it was cut short`;
  }
  if (hashAtAnchor !== anchor.hash) {
    return `entry ${anchor.entries} does not have the hash recorded at ${anchor.at}: the trail was rewritten`;
  }
  return null;
}
