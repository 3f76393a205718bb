import { describe, expect, it } from 'vitest';
import { type AuditEntryContent, type ChainedEntry, GENESIS_HASH, canonicalJson, entryHash, findChainBreak } from './chain.js';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content: AuditEntryContent = {
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
    const hash = entryHash(prev, content);
    entries.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('a whole chain verifies', () => {
    expect(findChainBreak(chain(5))).toBeNull();
  });

  it('an altered entry is named', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, after: { phone: 'changed' } };
    expect(findChainBreak(entries)).toMatchObject({ seq: 3, problem: expect.stringContaining('altered') });
  });

  it('a removed entry is named', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findChainBreak(entries)).toMatchObject({ seq: 3 });
  });

  it('reordered entries are named', () => {
    const entries = chain(5);
    const [a, b] = [entries[1]!, entries[2]!];
    entries[1] = { ...b, seq: 2 };
    entries[2] = { ...a, seq: 3 };
    expect(findChainBreak(entries)).toMatchObject({ seq: 2 });
  });

  it('a rewritten tail with recomputed hashes still breaks at the first rewritten link', () => {
    const entries = chain(4);
    const forged = { ...entries[1]!, after: { phone: 'forged' } };
    forged.hash = entryHash(forged.prevHash, { ...forged, prevHash: undefined, hash: undefined } as never);
    entries[1] = forged;
    expect(findChainBreak(entries)).toMatchObject({ seq: 3 });
  });
});
