import { describe, expect, it } from 'vitest';
import {
  ANCHOR_FORMAT,
  type AuditEntryContent,
  type AuditKey,
  type ChainedEntry,
  GENESIS_HASH,
  anchorProblem,
  canonicalJson,
  entryHash,
  findChainBreak,
  parseAnchor,
  unkeyedEntryHash,
} from './chain.js';

const KEY: AuditKey = { id: 'k1', secret: Buffer.from('a'.repeat(40)) };
const NEXT_KEY: AuditKey = { id: 'k2', secret: Buffer.from('b'.repeat(40)) };
const KEYS = new Map([KEY, NEXT_KEY].map((k) => [k.id, k.secret]));

function content(seq: number): AuditEntryContent {
  return {
    seq,
    occurredAt: new Date(Date.UTC(2026, 3, 1, 9, 0, seq)).toISOString(),
    actorId: null,
    actor: 'worker@anytown.example',
    action: 'person.updated',
    subjectType: 'person',
    subjectId: `p${seq}`,
    personId: `p${seq}`,
    before: { phone: '01632 960000' },
    after: { phone: `01632 96000${seq}` },
    reason: null,
  };
}

/** A chain signed with `keyFor(seq)`; null signs the old, unkeyed way. */
function chain(count: number, keyFor: (seq: number) => AuditKey | null = () => KEY): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const key = keyFor(seq);
    const hash = key ? entryHash(prev, content(seq), key) : unkeyedEntryHash(prev, content(seq));
    entries.push({ ...content(seq), keyId: key?.id ?? null, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

/** What someone with write access to the database but not the key could do: recompute every hash from `from` on. */
function recompute(entries: ChainedEntry[], from: number, hashWith: (prev: string, c: AuditEntryContent, keyId: string | null) => string) {
  let prev = from === 0 ? GENESIS_HASH : entries[from - 1]!.hash;
  for (let i = from; i < entries.length; i++) {
    const { prevHash: _p, hash: _h, keyId, ...c } = entries[i]!;
    const hash = hashWith(prev, c, keyId);
    entries[i] = { ...entries[i]!, prevHash: prev, hash };
    prev = hash;
  }
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('a whole chain verifies', () => {
    expect(findChainBreak(chain(5), KEYS)).toBeNull();
  });

  it('an altered entry is named', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, after: { phone: 'changed' } };
    expect(findChainBreak(entries, KEYS)).toMatchObject({ seq: 3, problem: expect.stringContaining('altered') });
  });

  it('a removed entry is named', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findChainBreak(entries, KEYS)).toMatchObject({ seq: 3 });
  });

  it('reordered entries are named', () => {
    const entries = chain(5);
    const [a, b] = [entries[1]!, entries[2]!];
    entries[1] = { ...b, seq: 2 };
    entries[2] = { ...a, seq: 3 };
    expect(findChainBreak(entries, KEYS)).toMatchObject({ seq: 2 });
  });

  it('a chain rewritten from an edited entry on, with every hash recomputed, fails without the key', () => {
    const entries = chain(6);
    entries[2] = { ...entries[2]!, after: { phone: 'forged' } };
    // The old, unkeyed function, then a guessed key: neither passes.
    recompute(entries, 2, (prev, c) => unkeyedEntryHash(prev, c));
    expect(findChainBreak(entries, KEYS)).toMatchObject({ seq: 3, problem: expect.stringContaining('without the audit key') });
    recompute(entries, 2, (prev, c, keyId) => entryHash(prev, c, { id: keyId!, secret: Buffer.from('guessed'.repeat(6)) }));
    expect(findChainBreak(entries, KEYS)).toMatchObject({ seq: 3 });
    // Relabelled as unkeyed entries after keyed ones: refused too.
    const relabelled = chain(6).map((e, i) => (i >= 2 ? { ...e, keyId: null } : e));
    recompute(relabelled, 2, (prev, c) => unkeyedEntryHash(prev, c));
    expect(findChainBreak(relabelled, KEYS)).toMatchObject({ seq: 3, problem: expect.stringContaining('carries no key') });
  });

  it('entries from before keying verify as a prefix, and rotated keys each check their own entries', () => {
    const entries = chain(9, (seq) => (seq <= 3 ? null : seq <= 6 ? KEY : NEXT_KEY));
    expect(findChainBreak(entries, KEYS)).toBeNull();
    expect(findChainBreak(entries, new Map([[KEY.id, KEY.secret]]))).toMatchObject({ seq: 7, problem: expect.stringContaining("audit key 'k2'") });
  });

  it('an entry cannot be passed off as another key’s', () => {
    const entries = chain(3);
    entries[2] = { ...entries[2]!, keyId: NEXT_KEY.id };
    expect(findChainBreak(entries, KEYS)).toMatchObject({ seq: 3 });
  });
});

describe('audit anchors', () => {
  const anchor = { format: ANCHOR_FORMAT, entries: 4, hash: 'c'.repeat(64), at: '2026-12-01T09:00:00.000Z' } as const;

  it('parses only a well-formed anchor', () => {
    expect(parseAnchor(JSON.parse(JSON.stringify(anchor)))).toEqual(anchor);
    expect(parseAnchor({ ...anchor, entries: -1 })).toBeNull();
    expect(parseAnchor({ ...anchor, hash: 'x' })).toBeNull();
    expect(parseAnchor({ ...anchor, format: 'other' })).toBeNull();
    expect(parseAnchor('text')).toBeNull();
  });

  it('a trail cut short or rewritten disagrees with its anchor; one that grew agrees', () => {
    expect(anchorProblem(anchor, 3, undefined)).toMatch(/cut short/);
    expect(anchorProblem(anchor, 9, 'd'.repeat(64))).toMatch(/rewritten/);
    expect(anchorProblem(anchor, 9, anchor.hash)).toBeNull();
    expect(anchorProblem(anchor, 4, anchor.hash)).toBeNull();
  });
});
