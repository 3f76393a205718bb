import { describe, expect, it } from 'vitest';
import { changedFields, interpretSearch } from './search.js';

describe('searching for a person', () => {
  it('reads NHS numbers, references, postcodes and names', () => {
    expect(interpretSearch('943 476 5919')).toEqual({ kind: 'nhs-number', value: '9434765919' });
    expect(interpretSearch('ac1001')).toEqual({ kind: 'reference', value: 'AC-1001' });
    expect(interpretSearch('ay1 1aa')).toMatchObject({ kind: 'postcode' });
    expect(interpretSearch('AY1')).toEqual({ kind: 'postcode', value: 'AY1' });
    expect(interpretSearch('  Margaret   Ash ')).toEqual({ kind: 'name', words: ['Margaret', 'Ash'] });
  });
  it('records only the fields that changed', () => {
    expect(changedFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', c: undefined })).toEqual({ before: { b: 'x' }, after: { b: 'y' } });
  });
});
