import { describe, expect, it } from 'vitest';
import { tinyRateScheme as testScheme } from '../ras/testing.js';
import { assessedNeeds, keepKnown, unansweredDomains } from './needs.js';

describe('assessed needs', () => {
  const scheme = testScheme();
  const first = scheme.domains[0]!;
  const question = first.questions[0]!;
  const scoring = question.answers.find((a) => a.points > 0)!;
  const none = question.answers.find((a) => a.points === 0);

  it('lists the domains whose answers scored, and no others', () => {
    expect(assessedNeeds(scheme, { [question.id]: scoring.id })).toEqual([{ id: first.id, title: first.title }]);
    if (none) expect(assessedNeeds(scheme, { [question.id]: none.id })).toEqual([]);
    expect(assessedNeeds(scheme, {})).toEqual([]);
  });

  it('names every domain with an unanswered or unknown answer', () => {
    expect(unansweredDomains(scheme, {})).toEqual(scheme.domains.map((_, i) => i));
    expect(unansweredDomains(scheme, { [question.id]: 'not-an-answer' })).toContain(0);
    const all = Object.fromEntries(scheme.domains.flatMap((d) => d.questions.map((q) => [q.id, q.answers[0]!.id])));
    expect(unansweredDomains(scheme, all)).toEqual([]);
  });

  it('keeps only known ids', () => {
    expect(keepKnown(['a', 'x', 'b'], [{ id: 'a' }, { id: 'b' }])).toEqual(['a', 'b']);
  });
});
