// Where a page's time goes: the compiled server on the large data set with a CPU profile, under
// the page benchmark's load for BENCH_SECONDS (default 20), then the functions that took most
// time, and each page kind's p50 and p99. `node bench/profile-pages.mjs` (embedded database at
// BENCH_LARGE_DIR, or DATABASE_URL's). Made for finding what to change, not for docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile } from './web-client.mjs';
import { KINDS, idsFor, load, withQuery } from './web-pages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sd-prof-')) } : { DATA_DIR: process.env.BENCH_LARGE_DIR ?? '/tmp/selfdirect-large' };
const ids = await withQuery(env, idsFor);
const profiles = mkdtempSync(path.join(tmpdir(), 'sd-cpu-'));
const port = 37_000 + Math.floor(Math.random() * 1000);
const server = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, path.join(root, 'dist/src/server.js')], { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'development', RATE_LIMIT_PER_MINUTE: '1000000' }, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
server.stdout.on('data', (d) => (out += d));
for (let i = 0; i < 600 && !out.includes('is running'); i++) await new Promise((r) => setTimeout(r, 100));
const result = await load(`http://127.0.0.1:${port}`, Number(process.env.BENCH_SECONDS ?? 20), (role) => KINDS[role], ids);
server.kill('SIGINT');
await once(server, 'exit');
for (const [kind, xs] of result.latencies) process.stdout.write(`${kind.padEnd(48)} ${String(xs.length).padStart(5)}  p50 ${quantile(xs, 0.5).toFixed(0).padStart(5)} ms  p99 ${quantile(xs, 0.99).toFixed(0).padStart(5)} ms\n`);
process.stdout.write(`${result.perSecond.toFixed(1)} requests a second, ${result.failures} failed ${JSON.stringify([...result.problems])}\n\n`);
const file = readdirSync(profiles).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(path.join(profiles, file), 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id).callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${frame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}\n`);

// The same time by where the code comes from: a package, a folder of ours, Node itself, or the
// engine's own (garbage collection, idle, the compiler).
const byPlace = new Map();
profile.samples.forEach((id, i) => {
  const { url, functionName } = byId.get(id).callFrame;
  const place = url.includes('node_modules/') ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : url.includes('/dist/') ? url.replace(/^.*\/dist\/(.*)\/[^/]+$/, '$1') : url.startsWith('node:') ? url : `(${functionName || 'engine'})`;
  byPlace.set(place, (byPlace.get(place) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
process.stdout.write('\n');
for (const [place, t] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${place}\n`);
