import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, html, testApp } from '../helpers/app.js';

/**
 * Links and buttons that carry visually hidden words ("Change<span> the answer about …</span>")
 * are read as one phrase by a screen reader: it must read as a sentence, in sentence case (the
 * hidden words start in lower case unless they start with someone's name), and say no name twice
 * (a summary card adds its own title to its actions). Issue 17.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

async function hiddenTextLinks(email: string) {
  const v = new Visitor(t.app);
  await v.signIn(email);
  const people = html(await v.get('/people'));
  const queue = ['/', '/my-cases', '/directory', '/worklists', ...people('main a[href^="/people/"]').map((_, a) => people(a).attr('href')!).get()];
  const seen = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < queue.length && i < 40; i++) {
    const $ = html(await v.get(queue[i]!));
    $('main a, main button').each((_, el) => {
      const hidden = $(el).find('.govuk-visually-hidden');
      if (hidden.length === 0) return;
      names.push(`${$(el).text().replace(/\s+/g, ' ').trim()}|${hidden.first().text().replace(/\s+/g, ' ').trim()}`);
    });
    if (queue[i]!.startsWith('/people/')) {
      $('main a[href^="/plans/"], main a[href^="/assessments/"], main a[href^="/financial-assessments/"], main a[href^="/safeguarding/"]').each((_, a) => {
        const href = $(a).attr('href')!;
        if (!seen.has(href)) {
          seen.add(href);
          queue.push(href);
        }
      });
    }
  }
  return names;
}

describe('hidden link text', () => {
  it('reads as one phrase in sentence case, naming no one twice', async () => {
    const people = await t.database.db.selectFrom('people').select(['given_name', 'family_name']).execute();
    const representatives = await t.database.db.selectFrom('representatives').select('name').execute();
    const proper = new Set([...people.flatMap((p) => [p.given_name, p.family_name]), ...representatives.flatMap((r) => r.name.split(' '))]);
    const links = await hiddenTextLinks(DEMO.worker);
    expect(links.length).toBeGreaterThan(5);
    for (const entry of links) {
      const [name, hidden] = entry.split('|') as [string, string];
      const first = hidden.split(' ')[0] ?? '';
      expect(/^[A-Z0-9]/.test(name), name).toBe(true);
      // Hidden words start in lower case, or with a number, a date or someone's name.
      if (/^[A-Z]/.test(first)) expect(proper.has(first.replace(/[^A-Za-z'-]/g, '')), `“${name}”: hidden text “${hidden}” starts with a capital`).toBe(true);
      const words = name.split(' ');
      for (let i = 0; i + 1 < words.length; i++) {
        const pair = `${words[i]} ${words[i + 1]}`;
        if (/^[A-Z]\w+ [A-Z]\w+$/.test(pair)) expect(name.indexOf(pair, name.indexOf(pair) + 1), `“${name}” says “${pair}” twice`).toBe(-1);
      }
    }
  });
});
