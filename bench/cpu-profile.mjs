// Where a command's time goes: runs it once more under Node's CPU profiler and sums the samples'
// self time by function, for the "where the remaining time goes" line of a benchmark's section.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The functions taking most self time in one run of `node args…`, as "name (file) n%" phrases. */
export function whereTheTimeGoes(args, top = 8) {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-cpu-'));
  try {
    const result = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed under the profiler: ${result.stderr}`);
    const profile = JSON.parse(readFileSync(path.join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))), 'utf8'));
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const { functionName, url } = byId.get(id);
      const file = url.replace(/^.*\/dist\//, '').replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/bench\//, 'bench/');
      const key = file ? `\`${functionName || '(anonymous)'}\` (${file})` : (functionName || 'engine').replace(/^\((.*)\)$/, '$1');
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, t]) => `${key} ${Math.round((100 * t) / total)}%`).join(', ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
