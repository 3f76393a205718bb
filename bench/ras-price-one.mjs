// Benchmark: pricing and explaining one assessment, as a web request does, with the Anytown
// adult scheme. Reference, measured in the same run: JSON.stringify of the same explanation,
// which the explanation's JSON API does anyway.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { compileScheme, explain, priceAssessment } = await import(path.join(root, 'dist/src/domain/ras/pricing.js'));

function perCall(fn, iterations) {
  for (let i = 0; i < 1000; i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / 1e3 / iterations; // microseconds
}

export async function run({ iterations = 200_000 } = {}) {
  const scheme = JSON.parse(readFileSync(path.join(root, 'src/db/seed/schemes/anytown-adults.ras.json'), 'utf8'));
  const compiled = compileScheme(scheme);
  const ids = ['a', 'b', 'c', 'd'];
  const answerSets = ids.map((_, k) => Object.fromEntries(compiled.questionIds.map((q, i) => [q, ids[(i + k) % 4]])));
  const price = perCall((i) => priceAssessment(compiled, answerSets[i % 4], 'learning-disability'), iterations);
  const explained = perCall((i) => explain(compiled, answerSets[i % 4], 'learning-disability'), iterations / 10);
  const explanation = explain(compiled, answerSets[0], 'learning-disability');
  const reference = perCall(() => JSON.stringify(explanation), iterations / 10);
  return {
    title: 'RAS: pricing one assessment in a web request',
    target: 'well under a millisecond (1,000 µs)',
    passed: explained < 100,
    markdown: [
      'The Anytown adult scheme (16 questions, 5 groups, one adjustment), compiled once as the app does; four answer sets in turn.',
      '',
      '| | microseconds per call |',
      '| --- | --- |',
      `| price (points, weekly, annual, outcome) | ${price.toFixed(2)} |`,
      `| explain (every step, exact figures) | ${explained.toFixed(2)} |`,
      `| reference: JSON.stringify of that explanation | ${reference.toFixed(2)} |`,
      '',
      `Explaining costs **${(explained / reference).toFixed(2)}×** serialising the explanation, and ${(explained / 10).toFixed(3)}% of a millisecond.`,
    ].join('\n'),
  };
}
