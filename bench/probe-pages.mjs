// Visits each page kind of bench/web-pages.mjs one at a time (no load) and prints how long each
// took: a quick look at which pages are slow before profiling under load. Same environment as
// web-pages.mjs (BENCH_PAGES_ON=postgres|pglite, BENCH_LARGE_DIR, BENCH_DATABASE_URL).
import path from 'node:path';
import { Browser, startServer } from './web-client.mjs';
import { KINDS, idsFor, withQuery } from './web-pages.mjs';

const on = process.env.BENCH_PAGES_ON ?? 'postgres';
const largeDir = process.env.BENCH_LARGE_DIR ?? '/tmp/selfdirect-large';
const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres');
url.pathname = '/selfdirect_bench_large';
const env = on === 'postgres' ? { DATABASE_URL: url.toString(), DATA_DIR: path.join(largeDir, 'pg-app-data') } : { DATA_DIR: largeDir };
const ids = await withQuery(env, idsFor);
const server = await startServer(env.DATA_DIR, env);
const emails = { worker: 'worker1@largecouncil.example', manager: 'manager1@largecouncil.example', finance: 'finance1@largecouncil.example', panel: 'panel1@largecouncil.example', analyst: 'analyst1@largecouncil.example', admin: 'admin1@largecouncil.example' };
try {
  for (const [role, kinds] of Object.entries(KINDS)) {
    const browser = new Browser(server.base);
    await browser.signIn(emails[role]);
    const people = ids.byEmail.get(emails[role]) ?? ids.byEmail.get(emails.worker);
    for (const [kind, address] of Object.entries(kinds)) {
      const times = [];
      let size = 0;
      for (let n = 1; n <= 3; n++) {
        const at = address({ n: 7 * n, person: () => people[n].id, assessment: () => people.filter((p) => p.assessment)[n].assessment, plan: () => people.filter((p) => p.plan)[n].plan, agreement: () => ids.agreements[n * 50] });
        const started = performance.now();
        const { response, text } = await browser.get(at);
        times.push(performance.now() - started);
        size = text.length;
        if (response.status !== 200) console.log(`  ${at}: ${response.status}`);
      }
      console.log(`${role.padEnd(8)} ${kind.padEnd(46)} ${times.map((t) => t.toFixed(0).padStart(5)).join(' ')} ms  ${(size / 1024).toFixed(0)} KB`);
    }
  }
} finally {
  await server.stop();
}
