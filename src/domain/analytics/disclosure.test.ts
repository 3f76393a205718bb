import { expect, it } from 'vitest';
import { disclosedCount, disclosedFigure } from './disclosure.js';

it('counts of 1 to 4 people, and their figures, are withheld; 0 and 5 or more are shown', () => {
  expect([0, 1, 4, 5, 1234].map(disclosedCount)).toEqual(['0', 'fewer than 5', 'fewer than 5', '5', '1,234']);
  expect(disclosedFigure(1, 65_000)).toBeNull();
  expect(disclosedFigure(5, 65_000)).toBe(65_000);
});
