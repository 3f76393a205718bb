// Benchmark: `selfdirect charging assess` on 1,000,000 financial assessments against the reference
// loop in bench/reference-charging.mjs, both run as their own Node processes in this one run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFinancialAssessments } from './charging-fixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run({ rows = 1_000_000, repeats = 3 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-bench-'));
  try {
    const rulesFile = path.join(root, 'src/db/seed/charging/anytown-charging-2025-26.json');
    const input = path.join(dir, 'financial-assessments.csv');
    await writeFinancialAssessments(input, rows);
    const ours = [];
    const reference = [];
    for (let i = 0; i < repeats; i++) {
      reference.push(time([path.join(root, 'bench/reference-charging.mjs'), rulesFile, input, path.join(dir, 'reference.csv')]));
      ours.push(time([path.join(root, 'bin/selfdirect.js'), 'charging', 'assess', '--rules', rulesFile, '--input', input, '--out', path.join(dir, 'ours.csv')]));
    }
    const a = readFileSync(path.join(dir, 'ours.csv'), 'utf8').split('\n');
    const b = readFileSync(path.join(dir, 'reference.csv'), 'utf8').split('\n');
    const differing = a.filter((line, i) => line !== b[i]).length;
    const ratio = median(ours) / median(reference);
    return {
      title: 'Charging batch: `selfdirect charging assess`',
      target: 'at most 1.5× the reference',
      passed: ratio <= 1.5,
      markdown: [
        `Working out ${rows.toLocaleString('en-GB')} weekly contributions, financial assessment CSV (43 columns) to CSV, with the Anytown 2025-26 rules (\`bench/charging-fixtures.mjs\`: every household, light-touch route and free service, capital either side of the limits). \`selfdirect charging assess\` checks every field, date, age and cross-field rule and works exactly in integers.`,
        `Reference: \`bench/reference-charging.mjs\`, a tight single-pass loop (readline, split) that computes the same figures in floating point with no validation at all. Both run as separate Node processes, ${repeats} times each, alternating; medians shown.`,
        '',
        '| | median seconds | runs |',
        '| --- | --- | --- |',
        `| reference loop | ${median(reference).toFixed(2)} | ${reference.map((s) => s.toFixed(2)).join(', ')} |`,
        `| selfdirect charging assess | ${median(ours).toFixed(2)} | ${ours.map((s) => s.toFixed(2)).join(', ')} |`,
        '',
        `**Ratio: ${ratio.toFixed(2)}×** the reference (target: at most 1.5×). Rows where the reference's output differs from ours: ${differing.toLocaleString('en-GB')}.`,
      ].join('\n'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
