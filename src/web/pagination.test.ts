import { describe, expect, it } from 'vitest';
import { pagination, shownRange } from './pagination.js';

const numbers = (p: ReturnType<typeof pagination>) => p!.items.map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : String(i.number)));

describe('pagination', () => {
  it('is not shown when everything fits on one page, and is at exactly one more', () => {
    expect(pagination(1, 50, 0, '/x')).toBeNull();
    expect(pagination(1, 50, 50, '/x')).toBeNull();
    expect(numbers(pagination(1, 50, 51, '/x'))).toEqual(['[1]', '2']);
  });

  it('shows the first, the last and those beside this one, however many pages there are', () => {
    expect(numbers(pagination(150, 50, 15_000, '/x'))).toEqual(['1', '…', '149', '[150]', '151', '…', '300']);
    expect(numbers(pagination(1, 50, 15_000, '/x'))).toEqual(['[1]', '2', '…', '300']);
    expect(numbers(pagination(300, 50, 15_000, '/x'))).toEqual(['1', '…', '299', '[300]']);
  });

  it('page 1 is the list’s own address; later pages add page after any query the list has', () => {
    const p = pagination(2, 50, 200, '/people?closed=yes')!;
    expect(p.previous!.href).toBe('/people?closed=yes');
    expect(p.next!.href).toBe('/people?closed=yes&page=3');
    expect(pagination(1, 50, 200, '/direct-payments')!.next!.href).toBe('/direct-payments?page=2');
  });
});

describe('shownRange', () => {
  it('says which rows a page shows only when the list is longer than a page', () => {
    expect(shownRange(1, 50, 50, 50)).toBe('');
    expect(shownRange(1, 50, 50, 51)).toBe(', showing 1 to 50');
    expect(shownRange(2, 50, 1, 51)).toBe(', showing 51 to 51');
    expect(shownRange(300, 50, 50, 20_000)).toBe(', showing 14,951 to 15,000');
    expect(shownRange(3, 50, 0, 51)).toBe('');
  });
});
