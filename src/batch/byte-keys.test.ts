import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeys } from './byte-keys.js';

describe('ByteKeys', () => {
  it('numbers keys in the order added, finds each again, and refuses one twice, as a Map of strings would', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 3000 }), (ids) => {
        const keys = new ByteKeys();
        const map = new Map<string, number>();
        for (const id of ids) {
          const added = keys.addText(id);
          if (map.has(id)) expect(added).toBe(-1);
          else {
            expect(added).toBe(map.size);
            map.set(id, added);
          }
        }
        expect(keys.size).toBe(map.size);
        for (const [id, n] of map) expect(keys.findText(id)).toBe(n);
        expect(keys.findText('\u0000never added')).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it('finds a key inside a larger buffer by its byte range', () => {
    const keys = new ByteKeys();
    for (let i = 0; i < 100_000; i++) keys.addText(`P${i}`);
    const line = Buffer.from('P99999,1234\n');
    expect(keys.find(line, 0, 6)).toBe(99_999);
    expect(keys.find(line, 0, 5)).toBe(9_999);
    expect(keys.add(line, 0, 6)).toBe(-1);
  });
});
