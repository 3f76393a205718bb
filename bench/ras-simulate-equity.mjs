// Benchmark: `selfdirect ras simulate` (with a baseline) and `selfdirect ras equity` on 1,000,000
// people, each against `selfdirect ras allocate` on the same file in the same run.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchScheme, writeAssessments } from './ras-fixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = (...args) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(root, 'bin/selfdirect.js'), 'ras', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(process.hrtime.bigint() - start) / 1e9;
};

export async function run({ rows = 1_000_000, repeats = 3 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-bench-'));
  try {
    const scheme = benchScheme();
    const baseline = { ...scheme, version: '0', allocation: { ...scheme.allocation, groups: scheme.allocation.groups.map((g) => ({ ...g, pencePerPoint: g.pencePerPoint - 50 })) } };
    const schemeFile = path.join(dir, 'scheme.json');
    const baselineFile = path.join(dir, 'baseline.json');
    writeFileSync(schemeFile, JSON.stringify(scheme));
    writeFileSync(baselineFile, JSON.stringify(baseline));
    const input = path.join(dir, 'assessments.csv');
    await writeAssessments(input, rows);
    const allocations = path.join(dir, 'allocations.csv');
    const spend = path.join(dir, 'spend.csv');
    const times = { allocate: [], simulate: [], equity: [] };
    for (let i = 0; i < repeats; i++) {
      times.allocate.push(cli('allocate', '--scheme', schemeFile, '--input', input, '--out', allocations));
      if (i === 0) {
        const out = createWriteStream(spend);
        let chunk = 'person_id,annual_spend_pence\n';
        for (let p = 0; p < rows; p++) {
          chunk += `P${100000 + p},${(p * 7919) % 5_000_000}\n`;
          if (chunk.length > 1 << 20) {
            if (!out.write(chunk)) await once(out, 'drain');
            chunk = '';
          }
        }
        out.end(chunk);
        await once(out, 'close');
      }
      times.simulate.push(cli('simulate', '--scheme', schemeFile, '--baseline', baselineFile, '--population', input, '--budget-pence', '999999999999', '--out', path.join(dir, 'simulation.json')));
      times.equity.push(cli('equity', '--allocations', allocations, '--spend', spend, '--out', path.join(dir, 'equity.json')));
    }
    const simulateRatio = median(times.simulate) / median(times.allocate);
    const equityRatio = median(times.equity) / median(times.allocate);
    const line = (name, xs) => `| ${name} | ${median(xs).toFixed(2)} | ${xs.map((s) => s.toFixed(2)).join(', ')} |`;
    return {
      title: 'RAS simulation and equity review on 1,000,000 people',
      target: 'each at most 1.5× `ras allocate` on the same file',
      passed: simulateRatio <= 1.5 && equityRatio <= 1.5,
      markdown: [
        `The benchmark scheme and ${rows.toLocaleString('en-GB')} assessments from \`bench/ras-fixtures.mjs\`. \`simulate\` prices everyone twice (the scheme and a baseline); \`equity\` reads the allocations and a spend file of the same size and joins them. ${repeats} runs each; medians shown.`,
        '',
        '| | median seconds | runs |',
        '| --- | --- | --- |',
        line('ras allocate (reference)', times.allocate),
        line('ras simulate, with a baseline', times.simulate),
        line('ras equity', times.equity),
        '',
        `**Ratios: simulate ${simulateRatio.toFixed(2)}×, equity ${equityRatio.toFixed(2)}×** \`allocate\` (target: each at most 1.5×).`,
      ].join('\n'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
