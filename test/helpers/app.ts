import * as cheerio from 'cheerio';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loggerOptions } from '../../src/web/logging.js';
import { DEMO_PASSWORD } from '../../src/features/auth/passwords.js';
import { type TestDatabase, testDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function testApp(options: { rateLimitPerMinute?: number; env?: Record<string, string>; logStream?: NodeJS.WritableStream; messagesQueued?: () => void } = {}): Promise<TestApp> {
  const database = await testDatabase();
  // Two-factor is asked of administrators by default; tests sign in with passwords alone unless they test it (two-factor.test.ts).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TWO_FACTOR_REQUIRED_FOR: 'nobody', ...options.env });
  const app = await buildApp({
    config,
    database,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    logger: options.logStream ? loggerOptions('info', options.logStream) : process.env.TEST_LOG ? { level: 'error' } : false,
    ...(options.messagesQueued ? { messagesQueued: options.messagesQueued } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A browser without JavaScript: keeps cookies, sends forms with their CSRF token, and reads
 * pages as HTML.
 */
export class Visitor {
  private cookies = new Map<string, string>();
  private token: string | undefined;

  constructor(private readonly app: FastifyInstance, private readonly address = '127.0.0.1') {}

  /** The same browser (its cookies) seen from another network address. */
  at(address: string): Visitor {
    const moved = new Visitor(this.app, address);
    for (const [k, v] of this.cookies) moved.cookies.set(k, v);
    return moved;
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if (response.statusCode >= 300 && response.statusCode < 400) this.token = undefined;
    const type = String(response.headers['content-type'] ?? '');
    if (type.includes('text/html')) {
      const found = /name="_csrf" value="([^"]+)"/.exec(response.body);
      if (found) this.token = found[1];
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() }, remoteAddress: this.address });
    this.remember(response);
    return response;
  }

  /** Posts a form as a browser would, with the CSRF token from the last page (or a fresh one). */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}) {
    if (options.csrf !== false && !this.token) await this.get(this.cookies.size ? '/accessibility' : '/sign-in');
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    if (options.csrf !== false && this.token) body.append('_csrf', this.token);
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: this.address,
    });
    this.remember(response);
    return response;
  }

  /** Posts a form with files (multipart/form-data) as a browser would, the CSRF token first. */
  async postFiles(url: string, fields: Record<string, string>, files: Record<string, { name: string; content: string | Buffer }>) {
    if (!this.token) await this.get('/accessibility');
    const boundary = '----selfdirect-test-boundary';
    const parts: Buffer[] = [];
    const add = (headers: string, content: string | Buffer) => parts.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n'));
    for (const [key, value] of Object.entries({ _csrf: this.token ?? '', ...fields })) add(`Content-Disposition: form-data; name="${key}"`, value);
    for (const [key, file] of Object.entries(files)) add(`Content-Disposition: form-data; name="${key}"; filename="${file.name}"\r\nContent-Type: text/csv`, file.content);
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      remoteAddress: this.address,
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`Sign in as ${email} failed with ${response.statusCode}`);
    return response;
  }
}

export function html(response: LightMyRequestResponse) {
  return cheerio.load(response.body);
}

/** The error summary's messages, as a person using a screen reader hears them. */
export function errorSummary(response: LightMyRequestResponse): string[] {
  const $ = html(response);
  return $('.govuk-error-summary__list a').map((_, a) => $(a).text().trim()).get();
}

export const DEMO = {
  worker: 'worker@anytown.example',
  manager: 'manager@anytown.example',
  panel: 'panel@anytown.example',
  finance: 'finance@anytown.example',
  analyst: 'analyst@anytown.example',
  admin: 'admin@anytown.example',
  southWorker: 'worker.south@anytown.example',
} as const;

/** A form's fields as a browser would send them: text and selects as they are, the checked radio. */
export function formValues($: ReturnType<typeof html>): Record<string, string> {
  const values: Record<string, string> = {};
  $('form input, form select').each((_, el) => {
    const name = $(el).attr('name');
    if (!name || name === '_csrf') return;
    if ($(el).attr('type') === 'radio') {
      if ($(el).attr('checked') !== undefined) values[name] = String($(el).val());
    } else values[name] = String($(el).val() ?? '');
  });
  return values;
}
