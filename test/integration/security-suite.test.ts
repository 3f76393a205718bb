import { PassThrough } from 'node:stream';
import type { CheerioAPI } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvChunks } from '../../src/batch/csv.js';
import { DEMO, type TestApp, Visitor, html, testApp } from '../helpers/app.js';

/**
 * The standing security suite (issue 12): as each role, every form the pages offer is found by
 * following links, and each of its fields is sent NUL, overlong, unusual Unicode, markup and a
 * spreadsheet formula in turn, the other fields as the page filled them. Never a 5xx; the markup
 * never comes back unescaped, on the answer or the page it leads to; no submitted value reaches
 * the log; every CSV the pages link to has no cell a spreadsheet would run. CSRF: every POST
 * route refuses a post without its token.
 */
const MARK = 'Zqxj';
const SCRIPT = `<script>alert("sd-xss")</script>`;
const IMAGE = `"'><img src=x onerror=alert(1)>`;
const PAYLOADS: Record<string, string> = {
  nul: `${MARK}\u0000nul`,
  overlong: `${MARK}${'a'.repeat(20_000)}`,
  unicode: `${MARK} \u202e👩🏽‍🦱 e\u0301 \ufdfd \ufeff`,
  markup: `${MARK}${SCRIPT}${IMAGE}`,
  formula: `=HYPERLINK("http://evil.example","${MARK}")`,
};
const UNESCAPED = [SCRIPT, '<img src=x onerror'];

/** Pages not to follow: downloads are checked apart, sign-out would end the visit. */
const SKIP = /\.(pdf|xlsx)$|^\/sign-out|^\/assets\//;
const PAGES_PER_ROLE = 120;

let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk) => logLines.push(String(chunk)));
  t = await testApp({ logStream: stream });
});
afterAll(async () => t?.close());

interface Form {
  action: string;
  fields: Record<string, string | string[]>;
  textFields: string[];
}

function formsOf($: CheerioAPI, pageUrl: string): Form[] {
  const forms: Form[] = [];
  $('form[method=post]').each((_, form) => {
    if (($(form).attr('enctype') ?? '').includes('multipart')) return;
    const action = $(form).attr('action') || pageUrl.split('?')[0]!;
    if (SKIP.test(action)) return;
    const fields: Record<string, string | string[]> = {};
    const textFields: string[] = [];
    $(form)
      .find('input, select, textarea')
      .each((_, el) => {
        const name = $(el).attr('name');
        const type = ($(el).attr('type') ?? '').toLowerCase();
        if (!name || name === '_csrf') return;
        if (type === 'radio' || type === 'checkbox') {
          if ($(el).attr('checked') === undefined) return;
          const existing = fields[name];
          fields[name] = existing === undefined ? String($(el).val()) : [...(Array.isArray(existing) ? existing : [existing]), String($(el).val())];
          return;
        }
        fields[name] = el.tagName === 'select' ? String($(el).find('option[selected]').val() ?? $(el).find('option').first().val() ?? '') : String($(el).val() ?? '');
        if (type !== 'hidden' && type !== 'file' && type !== 'submit') textFields.push(name);
      });
    forms.push({ action, fields, textFields });
  });
  return forms;
}

const pattern = (url: string) => url.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');

/** Follows the site's links from home as this visitor; returns the forms found (one per action pattern) and the CSV links. */
async function crawl(visitor: Visitor) {
  const seen = new Set<string>();
  const queue = ['/'];
  const forms = new Map<string, Form>();
  const csv = new Set<string>();
  const patterns = new Map<string, number>();
  const unescaped: string[] = [];
  while (queue.length && seen.size < PAGES_PER_ROLE) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const response = await visitor.get(url);
    if (response.statusCode !== 200 || !String(response.headers['content-type']).includes('text/html')) continue;
    for (const raw of UNESCAPED) if (response.body.includes(raw)) unescaped.push(url);
    const $ = html(response);
    for (const form of formsOf($, url)) if (!forms.has(pattern(form.action))) forms.set(pattern(form.action), form);
    $('a[href^="/"]').each((_, a) => {
      const href = $(a).attr('href')!.split('#')[0]!;
      if (href.includes('.csv')) return void csv.add(href);
      if (SKIP.test(href) || seen.has(href)) return;
      // A few of each kind of page is enough: the forms are the same.
      const p = pattern(href.split('?')[0]!);
      if ((patterns.get(p) ?? 0) >= 2) return;
      patterns.set(p, (patterns.get(p) ?? 0) + 1);
      queue.push(href);
    });
  }
  return { forms: [...forms.values()], csv, pages: seen.size, unescaped };
}

const found: { role: string; forms: number; pages: number; fields: number }[] = [];
const csvLinks = new Set<string>();

describe('the standing security suite', () => {
  // The administrator last: their forms end sessions and send invitations.
  for (const role of ['worker', 'manager', 'panel', 'finance', 'analyst', 'admin'] as const) {
    it(`as ${role}: every field of every form, sent hostile values, is never a 5xx and never unescaped`, { timeout: 180_000 }, async () => {
      const visitor = new Visitor(t.app, `10.9.0.${found.length + 1}`);
      await visitor.signIn(DEMO[role]);
      const { forms, csv, pages } = await crawl(visitor);
      for (const link of csv) csvLinks.add(link);
      found.push({ role, forms: forms.length, pages, fields: forms.reduce((n, f) => n + f.textFields.length, 0) });
      expect(forms.length, `${role} found forms`).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const form of forms) {
        for (const field of form.textFields) {
          for (const [kind, payload] of Object.entries(PAYLOADS)) {
            const response = await visitor.post(form.action, { ...form.fields, [field]: payload });
            const where = `${pattern(form.action)} ${field} (${kind})`;
            if (response.statusCode >= 500) failures.push(`${where}: ${response.statusCode}`);
            const shown = response.statusCode >= 300 && response.statusCode < 400 && response.headers.location?.startsWith('/') ? await visitor.get(response.headers.location) : response;
            for (const raw of UNESCAPED) if (shown.body.includes(raw)) failures.push(`${where}: unescaped markup in the answer`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('found forms for every role, and the values stored never come back unescaped on any page', async () => {
    expect(found.map((f) => f.role)).toEqual(['worker', 'manager', 'panel', 'finance', 'analyst', 'admin']);
    // The fuzzing reached a good part of the service: it is not passing by finding nothing.
    expect(found.reduce((n, f) => n + f.forms, 0), JSON.stringify(found)).toBeGreaterThan(40);
    expect(found.reduce((n, f) => n + f.fields, 0), JSON.stringify(found)).toBeGreaterThan(100);
    for (const email of [DEMO.manager, DEMO.worker]) {
      const visitor = new Visitor(t.app, '10.9.1.1');
      await visitor.signIn(email);
      const { pages, unescaped } = await crawl(visitor);
      expect(pages).toBeGreaterThan(10);
      expect(unescaped).toEqual([]);
    }
  });

  it('no submitted value reached the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(MARK))).toEqual([]);
  });

  it('every CSV the pages link to has no cell a spreadsheet would run as a formula', async () => {
    const visitor = new Visitor(t.app, '10.9.1.2');
    const roles = [DEMO.manager, DEMO.finance, DEMO.analyst];
    const checked: string[] = [];
    const failures: string[] = [];
    for (const email of roles) {
      await visitor.signIn(email);
      for (const link of csvLinks) {
        const response = await visitor.get(link);
        if (response.statusCode !== 200) continue;
        checked.push(link);
        async function* body() {
          yield response.body;
        }
        for await (const batch of readCsvChunks(body())) {
          for (const record of batch) {
            // A number may start with a minus sign; any other cell starting = + - @, tab or CR would run.
            for (const cell of record.fields) if (/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell)) failures.push(`${link} line ${record.line}: ${cell.slice(0, 40)}`);
          }
        }
      }
    }
    expect(checked.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('every POST route refuses a post without its CSRF token', async () => {
    const visitor = new Visitor(t.app, '10.9.1.3');
    await visitor.signIn(DEMO.worker);
    const failures: string[] = [];
    for (const route of t.app.registeredRoutes.filter((r) => r.method === 'POST')) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await visitor.post(url, { given_name: 'Someone' }, { csrf: false });
      // The open API takes no cookie and so no CSRF token: it refuses anything without a bearer token (ADR 0021).
      const refused = route.url.startsWith('/api/v1/') ? 401 : 403;
      if (response.statusCode !== refused) failures.push(`${route.url}: ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
