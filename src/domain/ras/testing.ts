import type { RasScheme } from './scheme.js';

/** A small scheme to build test cases from: change what a test is about, keep the rest. */
export function tinyRateScheme(overrides: Partial<RasScheme> = {}): RasScheme {
  return {
    format: 'selfdirect-ras/1',
    id: 'tiny',
    version: '1',
    title: 'Tiny',
    kind: 'adult',
    effectiveFrom: '2026-04-01',
    domains: [
      {
        id: 'care',
        title: 'Care',
        maxPoints: 10,
        questions: [
          { id: 'q1', text: 'One', answers: [{ id: 'a', text: 'A', points: 0 }, { id: 'b', text: 'B', points: 4 }, { id: 'c', text: 'C', points: 8 }] },
          { id: 'q2', text: 'Two', answers: [{ id: 'a', text: 'A', points: 0 }, { id: 'b', text: 'B', points: 5 }] },
        ],
      },
      {
        id: 'home',
        title: 'Home',
        questions: [{ id: 'q3', text: 'Three', answers: [{ id: 'a', text: 'A', points: 0 }, { id: 'b', text: 'B', points: 3 }, { id: 'c', text: 'C', points: 20 }] }],
      },
    ],
    allocation: {
      type: 'rate',
      groups: [{ id: 'g', title: 'G', primarySupportReasons: ['Mental health support'], pencePerPoint: 100, fixedPence: 0, minimumPoints: 0 }],
    },
    ...overrides,
  };
}
