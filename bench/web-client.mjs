// What the web benchmarks share: a client that keeps its cookies like a browser, the CSRF token
// of a page, and the compiled server started on a fresh embedded database with the demo data.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
export const token = (html) => /name="_csrf" value="([^"]+)"/.exec(html)[1];

export class Browser {
  cookies = new Map();
  constructor(base) {
    this.base = base;
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(response) {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  async get(url) {
    const response = await fetch(this.base + url, { headers: { cookie: this.header() }, redirect: 'manual' });
    this.keep(response);
    return { response, text: await response.text() };
  }
  async post(url, body, headers = {}) {
    const response = await fetch(this.base + url, { method: 'POST', body, headers: { cookie: this.header(), ...headers }, redirect: 'manual', duplex: 'half' });
    this.keep(response);
    return response;
  }
  async signIn(email) {
    const page = await this.get('/sign-in');
    const response = await this.post('/sign-in', new URLSearchParams({ email, password: 'demo-password-1', _csrf: token(page.text) }));
    if (response.status !== 303) throw new Error(`${email} could not sign in (${response.status})`);
  }
}

/** The compiled server on a fresh data directory: its address, its process id, and how to stop it. */
export async function startServer(dataDir, env = {}) {
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const server = spawn(process.execPath, [path.join(root, 'dist/src/server.js')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let started = '';
  server.stdout.on('data', (d) => (started += d));
  for (let i = 0; i < 300 && !started.includes('is running'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!started.includes('is running')) throw new Error(`the server did not start: ${started}`);
  return {
    base: `http://127.0.0.1:${port}`,
    pid: server.pid,
    process: server,
    async stop() {
      server.kill('SIGTERM');
      await once(server, 'exit').catch(() => {});
    },
  };
}
