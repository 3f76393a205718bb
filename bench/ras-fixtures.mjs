// Deterministic benchmark inputs: a scheme of 15 questions in 6 domains, 3 groups and two
// adjustments, and an assessments CSV of N rows drawn from a seeded generator.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export function benchScheme() {
  const answers = (step) => ['a', 'b', 'c', 'd'].map((id, i) => ({ id, text: id.toUpperCase(), points: i * step }));
  const domains = [];
  let n = 0;
  const sizes = [3, 3, 2, 3, 2, 2]; // 15 questions
  sizes.forEach((count, d) => {
    const questions = [];
    for (let i = 0; i < count; i++) questions.push({ id: `q${++n}`, text: `Question ${n}`, answers: answers(2 + ((n * 7) % 5)) });
    domains.push({ id: `d${d + 1}`, title: `Domain ${d + 1}`, ...(d % 2 === 0 ? { maxPoints: 30 } : {}), questions });
  });
  return {
    format: 'selfdirect-ras/1',
    id: 'bench',
    version: '1',
    title: 'Benchmark scheme',
    kind: 'adult',
    effectiveFrom: '2026-04-01',
    weeksPerYear: 52.1429,
    domains,
    adjustments: [
      { questionId: 'q14', title: 'Informal support', reductions: { b: 0.1, c: 0.25 } },
      { questionId: 'q15', title: 'Other funding', reductions: { c: 0.05, d: 0.15 } },
    ],
    allocation: {
      type: 'rate',
      groups: [
        { id: 'older', title: 'Older people', primarySupportReasons: ['Physical support: Personal care support'], pencePerPoint: 1450.25, fixedPence: 0, minimumPoints: 8 },
        { id: 'ld', title: 'Learning disability', primarySupportReasons: ['Learning disability support'], pencePerPoint: 1875.5, fixedPence: 5000, minimumPoints: 8 },
        { id: 'mh', title: 'Mental health', primarySupportReasons: ['Mental health support'], pencePerPoint: 1390.1234, fixedPence: -2500, minimumPoints: 8 },
      ],
      panelReview: { abovePoints: 150, aboveWeeklyPence: 200000 },
    },
  };
}

export async function writeAssessments(file, rows, scheme = benchScheme()) {
  const questions = scheme.domains.flatMap((d) => d.questions);
  const groups = scheme.allocation.groups.map((g) => g.id);
  let seed = 20261123;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  const out = createWriteStream(file);
  let chunk = `person_id,group,${questions.map((q) => q.id).join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    let line = `P${100000 + i},${groups[next() % groups.length]}`;
    for (const q of questions) line += `,${q.answers[next() % q.answers.length].id}`;
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}
