import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../root.js';
import { parseScheme, validateScheme } from './scheme.js';
import { tinyRateScheme } from './testing.js';

const problemsOf = (doc: unknown) => {
  const result = validateScheme(doc);
  return result.ok ? [] : result.problems;
};

/** A copy of the tiny scheme with one change made by `edit`. */
function edited(edit: (doc: any) => void) {
  const doc = JSON.parse(JSON.stringify(tinyRateScheme()));
  edit(doc);
  return problemsOf(doc);
}

const bandsDoc = (bands: unknown[]) => edited((d) => (d.allocation = { type: 'bands', bands }));

describe('scheme validation', () => {
  it('accepts both Anytown schemes and the tiny scheme', () => {
    for (const name of ['anytown-adults.ras.json', 'anytown-carers.ras.json']) {
      expect(parseScheme(readFileSync(`${projectRoot}/src/db/seed/schemes/${name}`, 'utf8')).ok, name).toBe(true);
    }
    expect(problemsOf(tinyRateScheme())).toEqual([]);
  });

  it('names bad JSON and a wrong top level', () => {
    expect(parseScheme('{').ok).toBe(false);
    expect((parseScheme('{') as { problems: { path: string }[] }).problems[0]!.path).toBe('$');
    expect(problemsOf([])).toEqual([{ path: '$', message: 'must be a JSON object' }]);
  });

  it.each([
    ['format', (d: any) => (d.format = 'ras/2'), '$.format'],
    ['id slug', (d: any) => (d.id = 'Anytown Adults'), '$.id'],
    ['version', (d: any) => (d.version = ''), '$.version'],
    ['kind', (d: any) => (d.kind = 'child'), '$.kind'],
    ['effectiveFrom', (d: any) => (d.effectiveFrom = '2026-02-30'), '$.effectiveFrom'],
    ['weeksPerYear', (d: any) => (d.weeksPerYear = 0), '$.weeksPerYear'],
    ['no domains', (d: any) => (d.domains = []), '$.domains'],
    ['duplicate domain id', (d: any) => (d.domains[1].id = 'care'), '$.domains[1].id'],
    ['maxPoints', (d: any) => (d.domains[0].maxPoints = 1.5), '$.domains[0].maxPoints'],
    ['question ids unique across the scheme', (d: any) => (d.domains[1].questions[0].id = 'q1'), '$.domains[1].questions[0].id'],
    ['question id reserved for a CSV column', (d: any) => (d.domains[1].questions[0].id = 'person_id'), '$.domains[1].questions[0].id'],
    ['answer ids unique in their question', (d: any) => (d.domains[0].questions[0].answers[1].id = 'a'), '$.domains[0].questions[0].answers[1].id'],
    ['points whole', (d: any) => (d.domains[0].questions[0].answers[1].points = 2.5), '$.domains[0].questions[0].answers[1].points'],
    ['points not negative', (d: any) => (d.domains[0].questions[0].answers[1].points = -1), '$.domains[0].questions[0].answers[1].points'],
    ['two answers at least', (d: any) => (d.domains[0].questions[1].answers = [{ id: 'a', text: 'A', points: 0 }]), '$.domains[0].questions[1].answers'],
    ['reduction in [0, 1)', (d: any) => (d.adjustments = [{ questionId: 'q1', title: 'T', reductions: { b: 1 } }]), '$.adjustments[0].reductions.b'],
    ['reduction keyed by a real answer', (d: any) => (d.adjustments = [{ questionId: 'q1', title: 'T', reductions: { z: 0.1 } }]), '$.adjustments[0].reductions.z'],
    ['adjustment of a real question', (d: any) => (d.adjustments = [{ questionId: 'q9', title: 'T', reductions: {} }]), '$.adjustments[0].questionId'],
    ['group ids unique', (d: any) => d.allocation.groups.push({ ...d.allocation.groups[0], primarySupportReasons: [] }), '$.allocation.groups[1].id'],
    ['pencePerPoint not negative', (d: any) => (d.allocation.groups[0].pencePerPoint = -1), '$.allocation.groups[0].pencePerPoint'],
    ['pencePerPoint at most 4 places', (d: any) => (d.allocation.groups[0].pencePerPoint = 1.00001), '$.allocation.groups[0].pencePerPoint'],
    ['fixedPence whole', (d: any) => (d.allocation.groups[0].fixedPence = 10.5), '$.allocation.groups[0].fixedPence'],
    ['minimumPoints whole', (d: any) => (d.allocation.groups[0].minimumPoints = 'ten'), '$.allocation.groups[0].minimumPoints'],
    [
      'a Primary Support Reason in one group only',
      (d: any) => d.allocation.groups.push({ id: 'h', title: 'H', primarySupportReasons: ['Mental health support'], pencePerPoint: 1 }),
      '$.allocation.groups[1].primarySupportReasons[0]',
    ],
    ['allocation type', (d: any) => (d.allocation = { type: 'flat' }), '$.allocation.type'],
    ['panel limits whole', (d: any) => (d.allocation.panelReview = { abovePoints: 1.5 }), '$.allocation.panelReview.abovePoints'],
  ])('refuses %s', (_rule, edit, path) => {
    const problems = edited(edit);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)!.message.length).toBeGreaterThan(10);
  });

  it('accepts a negative fixedPence (a regression intercept can be)', () => {
    expect(edited((d) => (d.allocation.groups[0].fixedPence = -2500))).toEqual([]);
  });

  it('bands start at 0, are contiguous, do not overlap, and only the last is open', () => {
    expect(bandsDoc([{ minPoints: 0, maxPoints: 9, annualPence: 0 }, { minPoints: 10, maxPoints: null, annualPence: 30000 }])).toEqual([]);
    expect(bandsDoc([{ minPoints: 1, maxPoints: 9, annualPence: 0 }]).map((p) => p.path)).toEqual(['$.allocation.bands[0].minPoints']);
    expect(bandsDoc([{ minPoints: 0, maxPoints: 9, annualPence: 0 }, { minPoints: 11, maxPoints: 20, annualPence: 1 }])[0]!.message).toMatch(/must be 10/);
    expect(bandsDoc([{ minPoints: 0, maxPoints: 9, annualPence: 0 }, { minPoints: 9, maxPoints: 20, annualPence: 1 }])[0]!.path).toBe('$.allocation.bands[1].minPoints');
    expect(bandsDoc([{ minPoints: 0, maxPoints: null, annualPence: 0 }, { minPoints: 10, maxPoints: 20, annualPence: 1 }]).map((p) => p.path)).toContain('$.allocation.bands[0].maxPoints');
    expect(bandsDoc([{ minPoints: 0, maxPoints: 9, annualPence: 1.5 }]).map((p) => p.path)).toEqual(['$.allocation.bands[0].annualPence']);
  });

  it('names every problem at once', () => {
    const problems = edited((d) => {
      d.id = 'BAD';
      d.domains[0].questions[0].answers[0].points = -1;
      d.allocation.groups[0].pencePerPoint = 1.123456;
    });
    expect(problems.map((p) => p.path)).toEqual(['$.id', '$.domains[0].questions[0].answers[0].points', '$.allocation.groups[0].pencePerPoint']);
  });
});
