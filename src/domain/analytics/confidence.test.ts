import { describe, expect, it } from 'vitest';
import { fitCaution, r2Text, tooFewToConclude } from './confidence.js';

describe('how far a group’s figures can be trusted', () => {
  it('a line with a fixed amount through 2 people is labelled as such, not as an R² of 1.000', () => {
    expect(r2Text(1, 2, false)).toBe('not meaningful (2 people)');
    expect(fitCaution(2, false)).toBe('only 2 people: a line always fits 2 people exactly, so R² says nothing');
    // Through the origin, 2 people leave one degree of freedom: R² is a figure, with a caution.
    expect(r2Text(0.98765, 2, true)).toBe('0.988');
    expect(fitCaution(2, true)).toBe('only 2 people: too few to rely on the fitted rate');
  });

  it('fewer than 20 people are too few to conclude from; 20 or more are not', () => {
    expect(tooFewToConclude(19)).toBe(true);
    expect(tooFewToConclude(20)).toBe(false);
    expect(tooFewToConclude(0)).toBe(false);
    expect(fitCaution(40, false)).toBeNull();
  });
});
