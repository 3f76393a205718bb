// Benchmark: an analyst uploads 1,000,000 history rows to the calibration page of a running
// Selfdirect (the compiled server, embedded database) while another client asks /health every
// 20 ms. Reports the upload-to-result time against `selfdirect ras calibrate` on the same file,
// and how long /health took meanwhile: the web must stay responsive while a large file is processed.
import { spawnSync } from 'node:child_process';
import { openAsBlob, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHistory } from './ras-calibrate.mjs';
import { Browser, median, quantile, startServer, token } from './web-client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TITLE = 'Analysts’ web page: calibrating an uploaded file';

export async function run({ rows = 1_000_000, repeats = 3 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-bench-web-'));
  const server = await startServer(path.join(dir, 'data'));
  try {
    const base = server.base;
    const history = path.join(dir, 'history.csv');
    await writeHistory(history, rows);

    const analyst = new Browser(base);
    await analyst.signIn('analyst@anytown.example');

    const idle = [];
    for (let i = 0; i < 50; i++) {
      const start = performance.now();
      await (await fetch(`${base}/health`)).text();
      idle.push(performance.now() - start);
    }

    const web = [];
    const cli = [];
    const during = [];
    for (let r = 0; r < repeats; r++) {
      const page = await analyst.get('/analytics/calibrate');
      const form = new FormData();
      form.append('_csrf', token(page.text));
      form.append('source', 'file');
      form.append('history', await openAsBlob(history, { type: 'text/csv' }), 'history.csv');
      let uploading = true;
      const pinger = (async () => {
        while (uploading) {
          const start = performance.now();
          await (await fetch(`${base}/health`)).text();
          during.push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      let start = performance.now();
      const response = await analyst.post('/analytics/calibrate', form);
      web.push((performance.now() - start) / 1000);
      uploading = false;
      await pinger;
      if (response.status !== 303) throw new Error(`the upload answered ${response.status}`);

      start = performance.now();
      const result = spawnSync(process.execPath, [path.join(root, 'bin/selfdirect.js'), 'ras', 'calibrate', '--history', history, '--out', path.join(dir, 'c.json')], { encoding: 'utf8' });
      cli.push((performance.now() - start) / 1000);
      if (result.status !== 0) throw new Error(result.stderr);
    }
    const ratio = median(web) / median(cli);
    const worst = Math.max(...during);
    return {
      title: TITLE,
      target: '/health answers within 500 ms throughout the upload',
      passed: worst < 500,
      markdown: [
        `An analyst uploads ${rows.toLocaleString('en-GB')} history rows (${(await openAsBlob(history)).size.toLocaleString('en-GB')} bytes) to \`/analytics/calibrate\` on the compiled server with the embedded database, while a second client asks \`/health\` every 20 ms. The file is streamed to disk and read back in 1 MB chunks, never held as rows. ${repeats} runs; medians shown.`,
        `Reference: \`selfdirect ras calibrate\` on the same file, run the same number of times.`,
        '',
        '| | median seconds | runs |',
        '| --- | --- | --- |',
        `| selfdirect ras calibrate (command) | ${median(cli).toFixed(2)} | ${cli.map((s) => s.toFixed(2)).join(', ')} |`,
        `| upload and calibrate on the web page | ${median(web).toFixed(2)} | ${web.map((s) => s.toFixed(2)).join(', ')} |`,
        '',
        `**Ratio: ${ratio.toFixed(2)}×** the command (the web adds the upload, sampling 1,500 points for the chart in the same pass, and saving the run).`,
        '',
        `/health while idle: median ${median(idle).toFixed(1)} ms. During the uploads (${during.length} requests): median ${median(during).toFixed(1)} ms, 95th percentile ${quantile(during, 0.95).toFixed(1)} ms, slowest ${worst.toFixed(1)} ms.`,
      ].join('\n'),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
