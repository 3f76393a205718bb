import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../root.js';
import { compileScheme, explain, groupForSupportReason, priceAssessment, PricingError } from './pricing.js';
import { type RasGroup, type RasScheme, validateScheme } from './scheme.js';
import { tinyRateScheme } from './testing.js';

const load = (name: string) => {
  const result = validateScheme(JSON.parse(readFileSync(`${projectRoot}/src/db/seed/schemes/${name}`, 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return compileScheme(result.scheme);
};

const rate = (group: Partial<RasGroup>, extra: Partial<RasScheme> = {}, panelReview?: object) =>
  compileScheme(
    tinyRateScheme({
      allocation: { type: 'rate', groups: [{ id: 'g', title: 'G', primarySupportReasons: [], pencePerPoint: 100, ...group }], ...(panelReview ? { panelReview } : {}) },
      ...extra,
    }),
  );

const answers = (q1: string, q2: string, q3: string) => ({ q1, q2, q3 });

describe('pricing a rate scheme', () => {
  it('caps a domain at maxPoints', () => {
    const c = rate({});
    // q1 c=8 + q2 b=5 = 13, capped at 10; q3 b = 3 → 13 points
    expect(priceAssessment(c, answers('c', 'b', 'b'), 'g')).toEqual({ points: 13, weeklyPence: 1300, annualPence: 67600, outcome: 'allocated' });
  });

  it('below minimumPoints is below threshold with nothing to pay; at the minimum it is priced', () => {
    const c = rate({ minimumPoints: 4 });
    expect(priceAssessment(c, answers('a', 'a', 'b'), 'g')).toEqual({ points: 3, weeklyPence: 0, annualPence: 0, outcome: 'below-threshold' });
    expect(priceAssessment(c, answers('b', 'a', 'a'), 'g')).toEqual({ points: 4, weeklyPence: 400, annualPence: 20800, outcome: 'allocated' });
  });

  it('a negative fixed amount clamps the weekly amount to 0, never below', () => {
    const c = rate({ fixedPence: -1000, pencePerPoint: 100 });
    expect(priceAssessment(c, answers('b', 'a', 'a'), 'g')).toMatchObject({ points: 4, weeklyPence: 0, annualPence: 0, outcome: 'allocated' });
    expect(priceAssessment(c, answers('c', 'b', 'c'), 'g')).toMatchObject({ weeklyPence: 2000 }); // 30 × 100 − 1000
  });

  it('rounds ties half up, once, on exact values', () => {
    // 3 points × 0.5p = 1.5p → 2p (binary floating point would agree here; 0.0005 steps would not)
    expect(priceAssessment(rate({ pencePerPoint: 0.5 }), answers('a', 'a', 'b'), 'g')).toMatchObject({ weeklyPence: 2 });
    // 3 × 1.0005 = 3.0015 → 3; 1.0005 has 4 decimal places, the most allowed
    expect(priceAssessment(rate({ pencePerPoint: 1.0005 }), answers('a', 'a', 'b'), 'g')).toMatchObject({ weeklyPence: 3 });
    // 5 × 0.1 = 0.5 exactly → 1 (in floating point 0.1 × 5 = 0.5 too, but 0.1 × 3 = 0.30000000000000004)
    expect(priceAssessment(rate({ pencePerPoint: 0.1 }), answers('a', 'b', 'a'), 'g')).toMatchObject({ weeklyPence: 1 });
  });

  it('two adjustments multiply together, exactly', () => {
    const base = tinyRateScheme();
    const c = compileScheme({
      ...base,
      adjustments: [
        { questionId: 'q2', title: 'Family help', reductions: { b: 0.1 } },
        { questionId: 'q3', title: 'Other funding', reductions: { b: 0.25, c: 0.5 } },
      ],
    });
    // q1 c=8, q2 b=5 → care 10 (capped); q3 b=3 → 13 points; 1300 × 0.9 × 0.75 = 877.5 → 878
    expect(priceAssessment(c, answers('c', 'b', 'b'), 'g')).toEqual({ points: 13, weeklyPence: 878, annualPence: 45656, outcome: 'allocated' });
    const e = explain(c, answers('c', 'b', 'b'), 'g');
    expect(e.factor).toBe('0.675');
    expect(e.adjustments.map((a) => a.multiplier)).toEqual(['0.9', '0.75']);
    expect(e.allocation).toMatchObject({ exactWeeklyPence: '877.5', weeklyPence: 878 });
  });

  it('uses a decimal weeksPerYear for the annual figure', () => {
    const c = rate({ pencePerPoint: 100 }, { weeksPerYear: 52.1429 });
    // 1300 × 52.1429 = 67785.77 → 67786
    expect(priceAssessment(c, answers('c', 'b', 'b'), 'g')).toMatchObject({ weeklyPence: 1300, annualPence: 67786 });
  });

  it('sends a case to the panel by points and by weekly amount, and never caps it', () => {
    const byPoints = rate({ pencePerPoint: 100 }, {}, { abovePoints: 12 });
    expect(priceAssessment(byPoints, answers('c', 'b', 'a'), 'g')).toMatchObject({ points: 10, outcome: 'allocated' });
    expect(priceAssessment(byPoints, answers('c', 'b', 'b'), 'g')).toEqual({ points: 13, weeklyPence: 1300, annualPence: 67600, outcome: 'panel-review' });
    const byAmount = rate({ pencePerPoint: 100 }, {}, { aboveWeeklyPence: 1000 });
    expect(priceAssessment(byAmount, answers('c', 'b', 'a'), 'g')).toMatchObject({ weeklyPence: 1000, outcome: 'allocated' });
    expect(priceAssessment(byAmount, answers('c', 'b', 'c'), 'g')).toEqual({ points: 30, weeklyPence: 3000, annualPence: 156000, outcome: 'panel-review' });
    expect(explain(byAmount, answers('c', 'b', 'c'), 'g').panelReasons).toEqual(['the weekly amount is more than £10.00']);
  });

  it('names every missing or unknown answer and an unknown group', () => {
    const c = rate({});
    try {
      priceAssessment(c, { q1: 'z', q3: '' }, 'nope');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect((error as PricingError).answerProblems).toEqual([
        { questionId: 'q1', problem: 'unknown', given: 'z' },
        { questionId: 'q2', problem: 'missing' },
        { questionId: 'q3', problem: 'missing' },
      ]);
      expect((error as PricingError).groupProblem).toMatch(/group "nope"/);
    }
  });
});

describe('pricing a band scheme', () => {
  const bands = (panelReview?: object, weeksPerYear?: number) =>
    compileScheme(
      tinyRateScheme({
        kind: 'carer',
        ...(weeksPerYear ? { weeksPerYear } : {}),
        adjustments: [{ questionId: 'q2', title: 'Some help', reductions: { b: 0.5 } }],
        allocation: {
          type: 'bands',
          bands: [
            { minPoints: 0, maxPoints: 3, annualPence: 0 },
            { minPoints: 4, maxPoints: 12, annualPence: 10000 },
            { minPoints: 13, maxPoints: null, annualPence: 30001 },
          ],
          ...(panelReview ? { panelReview } : {}),
        },
      }),
    );

  it('finds the band at each edge, including the open top band', () => {
    const c = bands();
    expect(priceAssessment(c, answers('a', 'a', 'b'), null)).toEqual({ points: 3, weeklyPence: 0, annualPence: 0, outcome: 'below-threshold' });
    expect(priceAssessment(c, answers('b', 'a', 'a'), null)).toEqual({ points: 4, weeklyPence: 192, annualPence: 10000, outcome: 'allocated' });
    expect(priceAssessment(c, answers('c', 'a', 'c'), null)).toMatchObject({ points: 28, annualPence: 30001 });
    expect(priceAssessment(c, answers('c', 'b', 'a'), null)).toMatchObject({ points: 10, annualPence: 5000 }); // × 0.5
    // 30001 × 0.5 = 15000.5 → 15001 (half up); ÷ 52 = 288.48 → 288
    expect(priceAssessment(c, answers('c', 'b', 'c'), null)).toEqual({ points: 30, weeklyPence: 288, annualPence: 15001, outcome: 'allocated' });
  });

  it('divides by a decimal weeksPerYear for the weekly figure, and goes to panel by points', () => {
    const c = bands({ abovePoints: 20 }, 52.1429);
    // 30001 ÷ 52.1429 = 575.36… → 575
    expect(priceAssessment(c, answers('c', 'a', 'c'), null)).toEqual({ points: 28, weeklyPence: 575, annualPence: 30001, outcome: 'panel-review' });
  });

  it('the carer group column is carried through unchecked', () => {
    expect(priceAssessment(bands(), answers('b', 'a', 'a'), 'anything')).toMatchObject({ annualPence: 10000 });
  });
});

describe('the Anytown schemes', () => {
  const adults = load('anytown-adults.ras.json');
  const carers = load('anytown-carers.ras.json');
  const all = (id: string) => Object.fromEntries(adults.questionIds.map((q) => [q, id]));

  it('price the adult scheme: group rates, fixed amounts, the informal-support reduction and caps', () => {
    // All "b": 6+4+6=16, 3+4=7, 2, 2+3=5, 4+2=6, 5+5=10, 2, 2, 2, carer-sustain b (0 points, −10%) → 52 points
    expect(priceAssessment(adults, all('b'), 'physical-sensory')).toEqual({ points: 52, weeklyPence: 67860, annualPence: 3528720, outcome: 'allocated' });
    // learning disability: (5000 + 52 × 1875.25) × 0.9 = 102513 × 0.9 = 92261.7 → 92262
    expect(priceAssessment(adults, all('b'), 'learning-disability')).toMatchObject({ weeklyPence: 92262 });
    // All "d": personal care 48 capped at 40; total 40+21+6+19+20+35+6+6+8 = 161 > 150 → panel, priced in full
    const high = priceAssessment(adults, all('d'), 'memory-cognition');
    expect(high).toMatchObject({ points: 161, outcome: 'panel-review' });
    // (2500 + 161 × 1520.5) × 1 = 247300.5 → 247301 (half up); × 52 = 12859652
    expect(high).toEqual({ points: 161, weeklyPence: 247301, annualPence: 12859652, outcome: 'panel-review' });
    expect(explain(adults, all('d'), 'memory-cognition').domains[0]).toMatchObject({ points: 40, uncappedPoints: 48, capped: true });
    expect(priceAssessment(adults, all('a'), 'mental-health')).toEqual({ points: 0, weeklyPence: 0, annualPence: 0, outcome: 'below-threshold' });
    expect(groupForSupportReason(adults, 'Learning disability support')).toBe('learning-disability');
    expect(groupForSupportReason(adults, 'Social support: Support to unpaid carer')).toBeNull();
  });

  it('price the carers scheme by band', () => {
    const c = (hours: string, nights: string, health: string, life: string) => ({ 'cr-hours': hours, 'cr-nights': nights, 'wb-health': health, 'wb-life': life });
    expect(priceAssessment(carers, c('b', 'b', 'b', 'a'), null)).toMatchObject({ points: 12, annualPence: 0, outcome: 'below-threshold' });
    expect(priceAssessment(carers, c('c', 'a', 'b', 'a'), null)).toMatchObject({ points: 14, outcome: 'below-threshold' });
    expect(priceAssessment(carers, c('c', 'a', 'b', 'b'), null)).toEqual({ points: 18, weeklyPence: 192, annualPence: 10000, outcome: 'allocated' });
    expect(priceAssessment(carers, c('d', 'd', 'd', 'd'), null)).toEqual({ points: 54, weeklyPence: 577, annualPence: 30000, outcome: 'panel-review' });
  });
});

/**
 * An independent reference written straight from the formats README with BigInt rationals and
 * no shared code, to compare the fast path against.
 */
function reference(scheme: RasScheme, given: Record<string, string>, groupId: string) {
  const dec = (n: number): [bigint, bigint] => {
    const [w, f = ''] = String(n).split('.');
    return [BigInt(w! + f), 10n ** BigInt(f.length)];
  };
  const round = (n: bigint, d: bigint) => {
    const t = 2n * n + d;
    const q = t / (2n * d);
    return t < 0n && q * 2n * d !== t ? q - 1n : q;
  };
  let total = 0;
  for (const domain of scheme.domains) {
    let sum = 0;
    for (const q of domain.questions) sum += q.answers.find((a) => a.id === given[q.id])!.points;
    total += domain.maxPoints !== undefined ? Math.min(sum, domain.maxPoints) : sum;
  }
  let fn = 1n;
  let fd = 1n;
  for (const adj of scheme.adjustments ?? []) {
    const r = adj.reductions[given[adj.questionId]!];
    if (r === undefined) continue;
    const [rn, rd] = dec(r);
    fn *= rd - rn;
    fd *= rd;
  }
  const [wn, wd] = dec(scheme.weeksPerYear ?? 52);
  if (scheme.allocation.type !== 'rate') throw new Error('rate only');
  const g = scheme.allocation.groups.find((x) => x.id === groupId)!;
  if (total < (g.minimumPoints ?? 0)) return { points: total, weeklyPence: 0, annualPence: 0 };
  const [pn, pd] = dec(g.pencePerPoint);
  let weekly = round((BigInt(g.fixedPence ?? 0) * pd + BigInt(total) * pn) * fn, pd * fd);
  if (weekly < 0n) weekly = 0n;
  return { points: total, weeklyPence: Number(weekly), annualPence: Number(round(weekly * wn, wd)) };
}

const decimal = (maxPlaces: number, max: number) =>
  fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: maxPlaces })).map(([units, places]) => Number((units / 10 ** places).toFixed(places)));

const schemeArbitrary = fc
  .record({
    domains: fc.array(
      fc.record({
        cap: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
        questions: fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    pencePerPoint: decimal(4, 5_000_000),
    fixedPence: fc.integer({ min: -50_000, max: 50_000 }),
    minimumPoints: fc.integer({ min: 0, max: 20 }),
    reductions: fc.array(fc.integer({ min: 0, max: 99 }).map((r) => r / 100), { minLength: 0, maxLength: 2 }),
    weeksPerYear: fc.constantFrom(52, 52.1429, 52.143, 52.5),
  })
  .map((p): RasScheme => {
    let n = 0;
    const domains = p.domains.map((d, i) => ({
      id: `d${i}`,
      title: `D${i}`,
      ...(d.cap !== undefined ? { maxPoints: d.cap } : {}),
      questions: d.questions.map((points) => ({ id: `q${n++}`, text: 'Q', answers: points.map((pts, a) => ({ id: `a${a}`, text: 'A', points: pts })) })),
    }));
    return {
      format: 'selfdirect-ras/1',
      id: 'prop',
      version: '1',
      title: 'Property',
      kind: 'adult',
      effectiveFrom: '2026-04-01',
      weeksPerYear: p.weeksPerYear,
      domains,
      adjustments: p.reductions.map((r, i) => ({ questionId: `q${i % n}`, title: `Adj ${i}`, reductions: { a1: r } })),
      allocation: { type: 'rate', groups: [{ id: 'g', title: 'G', primarySupportReasons: [], pencePerPoint: p.pencePerPoint, fixedPence: p.fixedPence, minimumPoints: p.minimumPoints }] },
    };
  });

const withAnswers = schemeArbitrary.chain((scheme) => {
  const questions = scheme.domains.flatMap((d) => d.questions);
  return fc.tuple(fc.constant(scheme), fc.tuple(...questions.map((q) => fc.constantFrom(...q.answers.map((a) => a.id)))));
});

describe('pricing properties', () => {
  it('agrees with an independent exact reference on random schemes', () => {
    fc.assert(
      fc.property(withAnswers, ([scheme, chosen]) => {
        expect(validateScheme(scheme).ok).toBe(true);
        const given = Object.fromEntries(scheme.domains.flatMap((d) => d.questions).map((q, i) => [q.id, chosen[i]!]));
        expect(priceAssessment(compileScheme(scheme), given, 'g')).toMatchObject(reference(scheme, given, 'g'));
      }),
      { numRuns: 400 },
    );
  });

  it('is never negative, and total points are the capped domain sums', () => {
    fc.assert(
      fc.property(withAnswers, ([scheme, chosen]) => {
        const c = compileScheme(scheme);
        const given = Object.fromEntries(c.questionIds.map((q, i) => [q, chosen[i]!]));
        const priced = priceAssessment(c, given, 'g');
        expect(priced.weeklyPence).toBeGreaterThanOrEqual(0);
        expect(priced.annualPence).toBeGreaterThanOrEqual(0);
        const e = explain(c, given, 'g');
        expect(priced.points).toBe(e.domains.reduce((sum, d) => sum + Math.min(d.uncappedPoints, d.maxPoints ?? Infinity), 0));
      }),
      { numRuns: 300 },
    );
  });

  it('without adjustments, more points never price lower within a group', () => {
    fc.assert(
      fc.property(decimal(4, 5_000_000), fc.integer({ min: -50_000, max: 50_000 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (ppp, fixed, minimum, x, y) => {
        const scheme = tinyRateScheme({
          domains: [{ id: 'd', title: 'D', questions: [{ id: 'q', text: 'Q', answers: [{ id: 'x', text: 'X', points: Math.min(x, y) }, { id: 'y', text: 'Y', points: Math.max(x, y) }] }] }],
          allocation: { type: 'rate', groups: [{ id: 'g', title: 'G', primarySupportReasons: [], pencePerPoint: ppp, fixedPence: fixed, minimumPoints: minimum }] },
        });
        const c = compileScheme(scheme);
        const low = priceAssessment(c, { q: 'x' }, 'g');
        const high = priceAssessment(c, { q: 'y' }, 'g');
        expect(high.weeklyPence).toBeGreaterThanOrEqual(low.weeklyPence);
        expect(high.annualPence).toBeGreaterThanOrEqual(low.annualPence);
      }),
      { numRuns: 500 },
    );
  });

  it('ties round up: n + ½ pence becomes n + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        // points 1 at a rate of n.5 pence per point
        const scheme = tinyRateScheme({
          domains: [{ id: 'd', title: 'D', questions: [{ id: 'q', text: 'Q', answers: [{ id: 'x', text: 'X', points: 0 }, { id: 'y', text: 'Y', points: 1 }] }] }],
          allocation: { type: 'rate', groups: [{ id: 'g', title: 'G', primarySupportReasons: [], pencePerPoint: n + 0.5 }] },
        });
        expect(priceAssessment(compileScheme(scheme), { q: 'y' }, 'g').weeklyPence).toBe(n + 1);
      }),
    );
  });
});
