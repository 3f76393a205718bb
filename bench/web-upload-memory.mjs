// Benchmark (issue 12, finding 2): a 512 MB upload of each kind a page takes — a statement, a
// calibration history (valid rows, and one with no line breaks), a directory file and a pasted
// scheme — sent to the compiled server on the embedded database, while a social worker keeps
// opening pages. Reference, measured in the same run: the server's own memory when idle, and the
// worker's page times before any upload. Target: memory stays under 300 MB above idle, and every
// page the worker asks for answers.
import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, median, quantile, startServer, token } from './web-client.mjs';

const TITLE = 'Uploads of 512 MB: memory and other users’ pages';
const SIZE = 512 * 1024 * 1024;
const BUDGET_MB = 300;
const MB = 1024 * 1024;

/** The server's resident memory, in bytes. */
const rss = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

/**
 * Writes `prefix`, then lines from `nextLine` until the file is as near `size` bytes as whole
 * lines allow, never over (a file over 512 MB would be refused for its size, testing nothing else).
 */
async function writeLines(file, prefix, nextLine, size = SIZE - 4096) {
  const out = createWriteStream(file);
  let written = Buffer.byteLength(prefix);
  let chunk = prefix;
  for (;;) {
    const line = nextLine(size - written);
    if (line === null || written + Buffer.byteLength(line) > size) break;
    chunk += line;
    written += Buffer.byteLength(line);
    if (chunk.length > MB) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

/** The same line again and again; with no line break, one line of `size` bytes. */
const repeated = (line) => (room) => (line.includes('\n') ? line : line.repeat(Math.max(1, Math.min(room, MB))));

/** Valid history rows, three groups with their own rates and some noise. */
function historyRows() {
  let seed = 99;
  let i = 0;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  const groups = [['older-people', 1450], ['learning-disability', 1875], ['mental-health', 1390]];
  return () => {
    const [group, rate] = groups[i % 3];
    const points = next() % 160;
    return `P${i++},${group},${points},${points * rate + (next() % 200_000) + 5_000}\n`;
  };
}

/** Lets the server settle, then its memory: the reference each upload is measured against. */
async function settled(pid) {
  await new Promise((r) => setTimeout(r, 2000));
  const samples = [];
  for (let i = 0; i < 10; i++) {
    samples.push(rss(pid));
    await new Promise((r) => setTimeout(r, 100));
  }
  return median(samples);
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-bench-uploads-'));
  const server = await startServer(path.join(dir, 'data'));
  try {
    const base = server.base;
    const people = { finance: new Browser(base), analyst: new Browser(base), admin: new Browser(base), worker: new Browser(base) };
    for (const [who, browser] of Object.entries(people)) await browser.signIn(`${who}@anytown.example`);
    const worker = people.worker;
    const personUrl = /href="(\/people\/[0-9a-f-]{36})"/.exec((await worker.get('/people')).text)[1];
    const workerPages = ['/people', personUrl, '/'];

    // Reference: idle memory and the worker's page times before any upload.
    const openPage = async (i) => {
      const start = performance.now();
      const { response } = await worker.get(workerPages[i % workerPages.length]);
      return { ms: performance.now() - start, ok: response.status === 200 };
    };
    for (let i = 0; i < 30; i++) await openPage(i);
    const idle = await settled(server.pid);
    const idlePages = [];
    for (let i = 0; i < 60; i++) idlePages.push((await openPage(i)).ms);

    const kinds = [
      {
        kind: 'Statement (header, then lines of x)',
        who: people.finance,
        page: '/statements/import',
        write: (file) => writeLines(file, 'account_ref,transaction_id,posted_on,amount_pence,counterparty,description,merchant_category_code\n', repeated(`${'x'.repeat(99)}\n`)),
        send: async (file, csrf) => multipart(people.finance, '/statements/import', csrf, 'statement', file),
      },
      {
        kind: 'Calibration history (valid rows)',
        who: people.analyst,
        page: '/analytics/calibrate',
        write: (file) => writeLines(file, 'person_id,group,points,weekly_cost_pence\n', historyRows()),
        send: async (file, csrf) => multipart(people.analyst, '/analytics/calibrate', csrf, 'history', file, { source: 'file' }),
      },
      {
        kind: 'Calibration history (no line breaks)',
        who: people.analyst,
        page: '/analytics/calibrate',
        write: (file) => writeLines(file, 'person_id,group,points,weekly_cost_pence\n', repeated('x')),
        send: async (file, csrf) => multipart(people.analyst, '/analytics/calibrate', csrf, 'history', file, { source: 'file' }),
      },
      {
        kind: 'Directory file',
        who: people.admin,
        page: '/directory/import',
        write: (file) => writeLines(file, 'reference,kind,name\n', repeated(`${'x'.repeat(99)}\n`)),
        send: async (file, csrf) => multipart(people.admin, '/directory/import/file', csrf, 'csv_file', file),
      },
      {
        kind: 'Scheme, pasted',
        who: people.analyst,
        page: '/schemes/import',
        write: null,
        send: async (file, csrf) => {
          await writeLines(file, `_csrf=${encodeURIComponent(csrf)}&document=`, repeated('x'));
          return people.analyst.post('/schemes/import', await openAsBlob(file), { 'content-type': 'application/x-www-form-urlencoded' });
        },
      },
    ];

    const results = [];
    for (const k of kinds) {
      const file = path.join(dir, 'upload');
      if (k.write) await k.write(file);
      const csrf = token((await k.who.get(k.page)).text);
      const before = await settled(server.pid);
      let peak = before;
      let sending = true;
      const sampler = (async () => {
        while (sending) {
          peak = Math.max(peak, rss(server.pid));
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      const pages = [];
      const pinger = (async () => {
        for (let i = 0; sending; i++) {
          try {
            pages.push(await openPage(i));
          } catch {
            pages.push({ ms: Infinity, ok: false });
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const start = performance.now();
      let answer;
      try {
        const response = await k.send(file, csrf);
        const body = await response.text();
        // What the user is told: the first problem in the error summary, or the error page's first paragraph.
        const problem = /govuk-error-summary__list[\s\S]*?<a [^>]*>([^<]+)</.exec(body)?.[1]?.trim() ?? /<p class="govuk-body">([^<]+)</.exec(body)?.[1]?.trim();
        answer = `${response.status}${problem ? `: ${problem}` : ''}`;
      } catch (error) {
        answer = `connection closed by the server after it refused the file (${error.cause?.code ?? error.message})`;
      }
      const seconds = (performance.now() - start) / 1000;
      sending = false;
      await Promise.all([sampler, pinger]);
      const health = await fetch(`${base}/health`).then((r) => r.status).catch(() => 0);
      const bytes = statSync(file).size;
      rmSync(file, { force: true });
      results.push({ kind: k.kind, bytes, answer, seconds, before: before / MB, above: (peak - before) / MB, pages, alive: health === 200 });
    }

    const passed = results.every((r) => r.above < BUDGET_MB && r.alive && r.pages.every((p) => p.ok));
    const fmt = (n) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
    return {
      title: TITLE,
      target: `memory under ${BUDGET_MB} MB above idle during every upload, and every other page answering`,
      passed,
      markdown: [
        `Each upload is ${fmt(SIZE / MB)} MB, sent to the compiled server (embedded database, demo data) by a signed-in user of the role that uses the page, while a signed-in social worker opens the people list, a person’s page and the home page in turn, one every 50 ms. The server’s memory (resident set) is sampled every 25 ms.`,
        `Reference, measured in the same run: the server’s memory settled just before each upload (the first, after warming up: ${fmt(idle / MB)} MB, most of it the embedded database’s WebAssembly heap), and the worker’s page times before any upload: median ${fmt(median(idlePages))} ms, 95th percentile ${fmt(quantile(idlePages, 0.95))} ms.`,
        '',
        '| upload (bytes) | the server’s answer | seconds | memory before | peak above it | share of the 300 MB budget | worker’s pages meanwhile: median / slowest (ms) | pages not answered |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...results.map((r) => {
          const ms = r.pages.map((p) => p.ms).filter(Number.isFinite);
          return `| ${r.kind} (${r.bytes.toLocaleString('en-GB')}) | ${r.answer.replace(/\|/g, '/')} | ${r.seconds.toFixed(1)} | ${fmt(r.before)} MB | ${fmt(r.above)} MB | ${(r.above / BUDGET_MB).toFixed(2)}× | ${ms.length ? `${fmt(median(ms))} / ${fmt(Math.max(...ms))}` : '—'} (${r.pages.length} pages; ${fmt(median(ms) / median(idlePages))}× idle median) | ${r.pages.filter((p) => !p.ok).length}${r.alive ? '' : ' — the server stopped'} |`;
        }),
        '',
        'Each page takes the largest file of its kind that makes sense and refuses a larger one as it arrives: a statement 32 MB, a directory 16 MB, a pasted scheme 1 MB (the form limit); a calibration history may be 512 MB and is read in 1 MB chunks, holding only each group’s sums and a 1,500-point sample. A line longer than any record stops the read.',
      ].join('\n'),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function multipart(browser, url, csrf, field, file, fields = {}) {
  const form = new FormData();
  form.append('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(field, await openAsBlob(file, { type: 'text/csv' }), path.basename(file) + '.csv');
  return browser.post(url, form);
}
