import { describe, expect, it } from 'vitest';
import type { PlanContent } from './changes.js';
import { upsert, withOutcomes } from './content.js';

const content = {
  outcomes: [{ id: 'o1', text: 'College', needs: [] }, { id: 'o2', text: 'Friends', needs: [] }],
  lines: [{ id: 'l1', outcomes: ['o1', 'o2'] }],
} as unknown as PlanContent;

describe('plan content', () => {
  it('a removed outcome is removed from every line too', () => {
    const after = withOutcomes(content, [content.outcomes[1]!]);
    expect(after.lines[0]!.outcomes).toEqual(['o2']);
  });
  it('upsert adds, replaces, and says when the item has gone', () => {
    expect(upsert([{ id: 'a' }], { id: 'b' }, false)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(upsert([{ id: 'a', n: 1 }], { id: 'a', n: 2 }, true)).toEqual([{ id: 'a', n: 2 }]);
    expect(upsert([{ id: 'a' }], { id: 'b' }, true)).toBeUndefined();
  });
});
