// Benchmark: `selfdirect ras calibrate` on 1,000,000 history rows against PostgreSQL 15 loading
// the same file with COPY and running regr_slope, regr_intercept and regr_r2 grouped by group.
// PostgreSQL is at BENCH_DATABASE_URL (default: the local cluster CI starts).
import { spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { megabytes, peakMemory } from './peak-memory.mjs';
import { whereTheTimeGoes } from './cpu-profile.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function writeHistory(file, rows) {
  let seed = 99;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  const groups = [['older-people', 1450], ['learning-disability', 1875], ['mental-health', 1390]];
  const out = createWriteStream(file);
  let chunk = 'person_id,group,points,weekly_cost_pence\n';
  for (let i = 0; i < rows; i++) {
    const [group, rate] = groups[i % 3];
    const points = next() % 160;
    chunk += `P${i},${group},${points},${points * rate + (next() % 200_000) + 5_000}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

export async function run({ rows = 1_000_000, repeats = 3 } = {}) {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    return { title: 'RAS calibration: `selfdirect ras calibrate`', target: 'faster than PostgreSQL COPY + regr_*', passed: false, markdown: `Not run: PostgreSQL was not reachable at BENCH_DATABASE_URL (${error.message}).` };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-bench-'));
  chmodSync(dir, 0o755); // the server reads the file for COPY
  try {
    const history = path.join(dir, 'history.csv');
    await writeHistory(history, rows);
    chmodSync(history, 0o644);
    const ours = [];
    const theirs = [];
    let check = '';
    for (let i = 0; i < repeats; i++) {
      await client.query('DROP TABLE IF EXISTS bench_history');
      await client.query('CREATE UNLOGGED TABLE bench_history (person_id text, grp text, points integer, weekly_cost_pence bigint)');
      let start = process.hrtime.bigint();
      await client.query(`COPY bench_history FROM '${history}' WITH (FORMAT csv, HEADER true)`);
      const pgResult = await client.query('SELECT grp, regr_slope(weekly_cost_pence, points) AS slope, regr_intercept(weekly_cost_pence, points) AS intercept, regr_r2(weekly_cost_pence, points) AS r2 FROM bench_history GROUP BY grp ORDER BY grp');
      theirs.push(Number(process.hrtime.bigint() - start) / 1e9);
      const out = path.join(dir, 'calibration.json');
      start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [path.join(root, 'bin/selfdirect.js'), 'ras', 'calibrate', '--history', history, '--out', out], { encoding: 'utf8' });
      ours.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (result.status !== 0) throw new Error(result.stderr);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const worst = Math.max(...pgResult.rows.map((r) => Math.abs(report.groups.find((g) => g.id === r.grp).pencePerPoint - Number(r.slope)) / Math.abs(Number(r.slope))));
      check = `Largest relative difference from PostgreSQL's slope: ${worst.toExponential(2)}.`;
    }
    await client.query('DROP TABLE IF EXISTS bench_history');
    const server = (await client.query('SHOW server_version')).rows[0].server_version;
    const ratio = median(ours) / median(theirs);
    // Peak memory must not grow with the input: a tenth of the rows, then all of them.
    const small = path.join(dir, 'history-small.csv');
    await writeHistory(small, rows / 10);
    const calibrateMemory = (file) => peakMemory([path.join(root, 'bin/selfdirect.js'), 'ras', 'calibrate', '--history', file, '--out', path.join(dir, 'memory.json')]);
    const [smallPeak, largePeak] = [calibrateMemory(small), calibrateMemory(history)];
    const profile = whereTheTimeGoes([path.join(root, 'bin/selfdirect.js'), 'ras', 'calibrate', '--history', history, '--out', path.join(dir, 'profiled.json')]);
    return {
      title: 'RAS calibration: `selfdirect ras calibrate`',
      target: 'below 0.8× PostgreSQL COPY + regr_*, and peak memory independent of the input size',
      passed: ratio < 0.8 && (smallPeak === null || largePeak === null || largePeak < smallPeak * 1.25),
      markdown: [
        `Calibrating ${rows.toLocaleString('en-GB')} history rows (3 groups, weekly costs up to about £4,000), CSV to report. Exactness with far larger costs is shown by a unit test (src/domain/analytics/regression.test.ts).`,
        `Reference: PostgreSQL ${server} loading the same file with \`COPY\` into an unlogged table and running \`regr_slope\`, \`regr_intercept\` and \`regr_r2\` grouped by group. ${repeats} runs each, alternating; medians shown.`,
        '',
        '| | median seconds | runs |',
        '| --- | --- | --- |',
        `| PostgreSQL COPY + regr_* | ${median(theirs).toFixed(2)} | ${theirs.map((s) => s.toFixed(2)).join(', ')} |`,
        `| selfdirect ras calibrate | ${median(ours).toFixed(2)} | ${ours.map((s) => s.toFixed(2)).join(', ')} |`,
        '',
        `**Ratio: ${ratio.toFixed(2)}×** PostgreSQL's time (target: below 0.8). ${check}`,
        '',
        `Peak memory (resident): ${megabytes(smallPeak)} for ${(rows / 10).toLocaleString('en-GB')} rows, ${megabytes(largePeak)} for ${rows.toLocaleString('en-GB')} rows.`,
        '',
        `Where the remaining time goes (self time in one run under Node's CPU profiler): ${profile}. The scan reads bytes into one reused buffer and sums each plain row's whole numbers without making strings; the exact sums are integers (\`src/domain/analytics/regression.ts\`).`,
      ].join('\n'),
    };
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
