// Benchmark: every kind of page at the size of the largest council (issue 19). The large data set
// (`selfdirect seed-demo --size large`) is made once per database and kept (BENCH_LARGE_DIR for
// the embedded database, default /tmp/selfdirect-large; BENCH_DATABASE_URL's server, database
// selfdirect_bench_large, for PostgreSQL), then the compiled server is started on it and 16
// signed-in clients — workers, managers, finance officers, a panel member, an analyst and an
// administrator — ask for every kind of page with real ids for 30 seconds. Reported per page kind:
// p50, p95 and p99, and the server's memory at the start and the end. The reference, measured in
// the same run: a bare Fastify server (bench/reference-pages.mjs) running the person page's own
// queries and audit write in a transaction and rendering nothing, against the person page alone.
// BENCH_PAGES_ON=pglite or postgres measures one database only; BENCH_SECONDS shortens the run.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Browser, quantile, startServer } from './web-client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TITLE = 'Every page at the size of the largest council';
const CLIENTS = 16;
/** Seconds of the same load before the measured run, not counted. */
const WARM_UP_SECONDS = 20;
const ROLES = ['worker', 'worker', 'worker', 'worker', 'worker', 'worker', 'manager', 'manager', 'manager', 'finance', 'finance', 'finance', 'panel', 'analyst', 'admin', 'worker'];

/** Page kinds each role visits, as functions of the ids the data set holds for the client's team. */
export const KINDS = {
  worker: {
    'Home': () => '/',
    'People list, a later page': (ids) => `/people?page=${1 + (ids.n % 40)}`,
    'Person': (ids) => `/people/${ids.person()}`,
    'Budget explanation': (ids) => `/assessments/${ids.assessment()}`,
    'Support plan': (ids) => `/plans/${ids.plan()}`,
    'Worklists': () => '/worklists',
    'Worklist: living with support, a later page': (ids) => `/worklists/living-with-support?page=${1 + (ids.n % 20)}`,
    'Worklist: reviews': () => '/worklists/review',
    'My cases': () => '/my-cases',
  },
  manager: { 'Reports': () => '/reports/people', 'Caseloads': () => '/caseloads', 'Worklists': () => '/worklists', 'Person': (ids) => `/people/${ids.person()}`, 'Person’s history': (ids) => `/people/${ids.person()}/history` },
  finance: { 'Direct payments, a later page': (ids) => `/direct-payments?page=${1 + (ids.n % 300)}`, 'Direct payment account': (ids) => `/direct-payments/${ids.agreement()}`, 'Payment runs': () => '/payment-runs', 'Annual audits due': () => '/direct-payments/waiting/audits-due' },
  panel: { 'Panel': () => '/panel' },
  analyst: { 'Analysis': () => '/analytics', 'Statutory returns (ASCOF 3D, 8 quarters)': () => '/reports/statutory', 'CLD data quality': () => '/reports/statutory/data-quality' },
  admin: { 'Staff accounts': () => '/admin/users' },
};
const EMAIL = { worker: (i) => `worker${1 + i * 8}@largecouncil.example`, manager: (i) => `manager${1 + i}@largecouncil.example`, finance: () => 'finance1@largecouncil.example', panel: () => 'panel1@largecouncil.example', analyst: () => 'analyst1@largecouncil.example', admin: () => 'admin1@largecouncil.example' };

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * The statutory pages read figures a job keeps (ADR 0018); at this size the job, not the visit,
 * works them out. Run by hand before the server starts, as the job would have done overnight.
 */
async function workOutStatutoryFigures(env) {
  // As after a day's changes: every kept figure out of date, so the whole work-out is timed.
  await withQuery(env, (query) => query('UPDATE statutory_register SET changes = changes + 1'));
  const started = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/selfdirect.js'), 'report', 'figures'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return (performance.now() - started) / 1000;
}

/** Makes the large council on this database once; says how long that took (kept beside the data for later runs). */
function ensureLarge(env, note) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [path.join(root, 'bin/selfdirect.js'), 'seed-demo', '--size', 'large'], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.startsWith('Loaded')) writeFileSync(note, `made in ${((performance.now() - started) / 1000).toFixed(0)} s on ${new Date().toISOString().slice(0, 10)}`);
  return existsSync(note) ? readFileSync(note, 'utf8').trim() : 'made earlier, time not recorded';
}

/** Ids each team's clients use: people, their assessments and plans; direct payment accounts. */
export async function idsFor(query) {
  const teams = await query(`SELECT t.id, (SELECT array_agg(u.email) FROM staff_user_teams m JOIN staff_users u ON u.id = m.user_id WHERE m.team_id = t.id) AS emails FROM teams t`);
  const byEmail = new Map();
  for (const team of teams) {
    const people = await query(`SELECT p.id, (SELECT id FROM assessments a WHERE a.person_id = p.id AND status = 'completed' ORDER BY completed_at DESC LIMIT 1) AS assessment, (SELECT id FROM support_plans s WHERE s.person_id = p.id ORDER BY plan_number DESC LIMIT 1) AS plan FROM people p WHERE p.team_id = $1 AND p.closed_on IS NULL ORDER BY p.id LIMIT 400`, [team.id]);
    for (const email of team.emails ?? []) byEmail.set(email, people);
  }
  const agreements = (await query('SELECT id FROM dp_agreements ORDER BY id LIMIT 2000')).map((r) => r.id);
  return { byEmail, agreements };
}

export async function load(base, seconds, kindsOf, ids, { signIn = true, roles = ROLES } = {}) {
  const latencies = new Map();
  const clients = await Promise.all(roles.map(async (role, i) => {
    const browser = new Browser(base);
    const email = EMAIL[role](i);
    if (signIn) await browser.signIn(email);
    return { browser, role, people: ids.byEmail.get(email) ?? ids.byEmail.get(EMAIL.worker(0)) };
  }));
  const deadline = performance.now() + seconds * 1000;
  let requests = 0;
  let failures = 0;
  const problems = new Map();
  await Promise.all(clients.map(async (client, c) => {
    let n = c;
    const kinds = Object.entries(kindsOf(client.role));
    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    const withAssessment = client.people.filter((p) => p.assessment);
    const withPlan = client.people.filter((p) => p.plan);
    while (performance.now() < deadline) {
      const [kind, url] = kinds[n++ % kinds.length];
      const started = performance.now();
      const address = url({ n, person: () => pick(client.people).id, assessment: () => pick(withAssessment).assessment, plan: () => pick(withPlan).plan, agreement: () => pick(ids.agreements) });
      let status;
      try {
        status = (await client.browser.get(address)).response.status;
      } catch (error) {
        status = error.cause?.code ?? error.message;
      }
      const took = performance.now() - started;
      if (status !== 200) {
        failures++;
        problems.set(`${kind}: ${status}`, (problems.get(`${kind}: ${status}`) ?? 0) + 1);
      }
      requests++;
      if (!latencies.has(kind)) latencies.set(kind, []);
      latencies.get(kind).push(took);
    }
  }));
  return { latencies, requests, failures, problems, perSecond: requests / seconds };
}

/** The person page alone, by 16 workers (one from each of 16 teams), each reading their own team's people. */
const personOnly = () => ({ Person: KINDS.worker.Person });
const WORKERS = ROLES.map(() => 'worker');

/** Runs a query on the database while no server holds it: PostgreSQL by `pg`, the embedded one opened here. */
export async function withQuery(env, fn) {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return await fn(async (text, values) => (await client.query(text, values)).rows);
    } finally {
      await client.end();
    }
  }
  const { openPglite } = await import(path.join(root, 'dist/src/db/client.js'));
  const pglite = await openPglite(env.DATA_DIR);
  try {
    return await fn(async (text, values) => (await pglite.query(text, values)).rows);
  } finally {
    await pglite.close();
  }
}

/** The reference: bench/reference-pages.mjs, a bare Fastify server on the same database. */
async function startReference(env) {
  const port = 38_000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [path.join(root, 'bench/reference-pages.mjs')], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  for (let i = 0; i < 600 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!out.includes('listening')) throw new Error(`the reference server did not start: ${out}`);
  return { base: `http://127.0.0.1:${port}`, async stop() { child.kill('SIGTERM'); await once(child, 'exit').catch(() => {}); } };
}

async function measure(label, env, seconds, note) {
  const made = ensureLarge(env, note);
  const figures = await workOutStatutoryFigures(env);
  const ids = await withQuery(env, idsFor);
  // Every client comes from one address here; the council's own limit per address is not what is measured.
  const server = await startServer(env.DATA_DIR ?? path.join(root, 'data-unused'), { ...env, RATE_LIMIT_PER_MINUTE: '1000000' });
  let mixed;
  let person;
  let rssStart;
  let rssEnd;
  let rssCold;
  let rssHighest = 0;
  try {
    // Memory as the server starts, then after a warm-up of the same load (the heap grows to its
    // working size and the code is compiled), then across the measured run: flat means the end is
    // where the warm-up left it.
    rssCold = rssOf(server.pid);
    await load(server.base, WARM_UP_SECONDS, (role) => KINDS[role], ids);
    rssStart = rssOf(server.pid);
    const sampler = setInterval(() => (rssHighest = Math.max(rssHighest, rssOf(server.pid))), 1000);
    try {
      mixed = await load(server.base, seconds, (role) => KINDS[role], ids);
    } finally {
      clearInterval(sampler);
    }
    rssEnd = rssOf(server.pid);
    rssHighest = Math.max(rssHighest, rssEnd);
    person = await load(server.base, Math.min(15, seconds), personOnly, ids, { roles: WORKERS });
  } finally {
    await server.stop();
  }
  const reference = await startReference(env);
  try {
    const bare = await load(reference.base, Math.min(15, seconds), personOnly, ids, { signIn: false, roles: WORKERS });
    return { label, made, figures, mixed, person, bare, rssCold, rssStart, rssEnd, rssHighest };
  } finally {
    await reference.stop();
  }
}

/** p50 / p95 / p99 of every request in a run. */
const percentiles = (run) => {
  const xs = [...run.latencies.values()].flat();
  return [0.5, 0.95, 0.99].map((q) => ms(quantile(xs, q))).join(' / ');
};
const ms = (x) => (x === undefined ? '–' : `${x.toFixed(x < 10 ? 1 : 0)} ms`);

export async function run({ seconds = 30 } = {}) {
  const results = [];
  const largeDir = process.env.BENCH_LARGE_DIR ?? '/tmp/selfdirect-large';
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  let postgres = null;
  if (process.env.BENCH_PAGES_ON !== 'pglite') try {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'selfdirect_bench_large'");
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE selfdirect_bench_large');
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = '/selfdirect_bench_large';
    postgres = url.toString();
  } catch (error) {
    process.stderr.write(`No PostgreSQL at BENCH_DATABASE_URL (${error.message}): the embedded database only.\n`);
  }
  mkdirSync(largeDir, { recursive: true });
  if (postgres) results.push(await measure('PostgreSQL', { DATABASE_URL: postgres, DATA_DIR: path.join(largeDir, 'pg-app-data') }, seconds, path.join(largeDir, 'postgres-made.txt')));
  if (process.env.BENCH_PAGES_ON !== 'postgres') results.push(await measure('PGlite', { DATA_DIR: largeDir }, seconds, path.join(largeDir, 'made.txt')));

  const kinds = [...new Set(results.flatMap((r) => [...r.mixed.latencies.keys()]))];
  const rows = kinds.map((kind) => `| ${kind} | ${results.map((r) => { const xs = r.mixed.latencies.get(kind) ?? []; return `${xs.length} | ${ms(quantile(xs, 0.5))} | ${ms(quantile(xs, 0.95))} | ${ms(quantile(xs, 0.99))}`; }).join(' | ')} |`);
  const pgResult = results.find((r) => r.label === 'PostgreSQL');
  const worst = (r, q) => Math.max(...[...r.mixed.latencies.values()].map((xs) => quantile(xs, q)));
  const ratio = (r) => r.person.perSecond / r.bare.perSecond;
  // Flat: the run ends within a quarter of where the warm-up left the server (the heap at its working size).
  const flat = (r) => r.rssEnd <= r.rssStart * 1.25;
  const passed = Boolean(pgResult) && worst(pgResult, 0.95) < 100 && worst(pgResult, 0.99) < 250 && ratio(pgResult) >= 0.5 && results.every((r) => flat(r) && r.mixed.failures + r.person.failures + r.bare.failures === 0);
  const all = (run) => [...run.latencies.values()].flat();
  const reachable = pgResult ? quantile(all(pgResult.bare), 0.95) < 100 : null;
  const markdown = [
    `${CLIENTS} signed-in clients (${[...new Set(ROLES)].join(', ')}) for ${seconds} s on the compiled server, each asking in turn for its role's page kinds with random real ids from the large data set (60,000 people, 40,000 open, 15,000 direct payments; ${results.map((r) => `${r.label}: ${r.made}`).join('; ')}).`,
    '',
    `| Page kind | ${results.map((r) => `${r.label} requests | p50 | p95 | p99`).join(' | ')} |`,
    `|---|${results.map(() => '---:|---:|---:|---:').join('|')}|`,
    ...rows,
    '',
    `| | ${results.map((r) => r.label).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    `| All pages: requests a second | ${results.map((r) => r.mixed.perSecond.toFixed(0)).join(' | ')} |`,
    `| Failed requests (not 200): all pages; person page alone; reference | ${results.map((r) => `${r.mixed.failures}; ${r.person.failures}; ${r.bare.failures}`).join(' | ')} |`,
    `| Worst page kind's p95 / p99 | ${results.map((r) => `${ms(worst(r, 0.95))} / ${ms(worst(r, 0.99))}`).join(' | ')} |`,
    `| Person page alone: requests a second | ${results.map((r) => r.person.perSecond.toFixed(0)).join(' | ')} |`,
    `| Person page alone: p50 / p95 / p99 | ${results.map((r) => percentiles(r.person)).join(' | ')} |`,
    `| Reference, bare Fastify route, same queries and audit write: requests a second | ${results.map((r) => r.bare.perSecond.toFixed(0)).join(' | ')} |`,
    `| Reference: p50 / p95 / p99 | ${results.map((r) => percentiles(r.bare)).join(' | ')} |`,
    `| **Ratio: person page ÷ reference** | ${results.map((r) => `**${ratio(r).toFixed(2)}×**`).join(' | ')} |`,
    `| Server memory (RSS): started; after a ${WARM_UP_SECONDS} s warm-up → after the run (highest during it) | ${results.map((r) => `${mb(r.rssCold)}; ${mb(r.rssStart)} → ${mb(r.rssEnd)} (${mb(r.rssHighest)})`).join(' | ')} |`,
    `| Statutory returns' figures worked out before the run (\`selfdirect report figures\`: the year to date, 8 rolling years, data quality) | ${results.map((r) => `${r.figures.toFixed(0)} s`).join(' | ')} |`,
    `| Memory flat across the run (the end within 25% of after the warm-up) | ${results.map((r) => (flat(r) ? 'yes' : '**no**')).join(' | ')} |`,
    ...(pgResult && results.length > 1 ? [`| PGlite's all-pages throughput ÷ PostgreSQL's | ${(results[1].mixed.perSecond / pgResult.mixed.perSecond).toFixed(2)}× | |`] : []),
    ...(reachable === false
      ? [
          '',
          `On this machine the absolute target is out of reach for any page doing the person page's work: the bare reference — the same queries and audit write, rendering nothing — has a p95 of ${ms(quantile(all(pgResult.bare), 0.95))} itself with ${CLIENTS} clients, the server, PostgreSQL and the clients sharing ${cpus().length} cores. The ratio to the reference is the part of the target this machine can show.`,
        ]
      : []),
  ].join('\n');
  return { title: TITLE, markdown, passed, target: 'on PostgreSQL every page kind p95 < 100 ms and p99 < 250 ms; the person page at least 0.5× the bare reference; no failures' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run({ seconds: Number(process.env.BENCH_SECONDS ?? 30) });
  process.stdout.write(`${result.markdown}\n\n${result.passed ? 'meets' : 'does not meet'}: ${result.target}\n`);
}
